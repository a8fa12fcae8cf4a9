package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CourtesyTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger yields = new AtomicInteger();

    @Test
    void yieldsOnceASliceHasPassedAndCountsTheNextSliceFromTheYield() {
        Courtesy courtesy = new Courtesy(now::get, yields::incrementAndGet, 200);

        now.addAndGet(199);
        courtesy.check();
        assertThat(yields).hasValue(0);

        now.addAndGet(1);
        courtesy.check();
        assertThat(yields).hasValue(1);

        now.addAndGet(150);
        courtesy.check();
        courtesy.check();
        assertThat(yields).hasValue(1);

        now.addAndGet(50);
        courtesy.check();
        assertThat(yields).hasValue(2);
    }

    @Test
    void aLongPauseBetweenPollsYieldsOnceNotOncePerSliceMissed() {
        Courtesy courtesy = new Courtesy(now::get, yields::incrementAndGet, 200);

        now.addAndGet(10_000);
        courtesy.check();
        courtesy.check();

        assertThat(yields).hasValue(1);
    }

    @Test
    void theSliceOfTheProductIsAFewHundredMicroseconds() {
        assertThat(Courtesy.SLICE_NANOS).isBetween(50_000L, 1_000_000L);
        Courtesy.poll();
    }

    @Test
    void theVerdictOfEveryEighthCodeReadsTheClock() {
        AtomicInteger reads = new AtomicInteger();
        Courtesy.useOnThisThread(new Courtesy(() -> {
            reads.incrementAndGet();
            return now.get();
        }, yields::incrementAndGet, 200));
        try {
            reads.set(0);
            now.addAndGet(1_000);
            for (int code = 1; code < 8; code++) {
                Courtesy.afterVerdict(code);
            }
            assertThat(reads).hasValue(0);
            Courtesy.afterVerdict(8);
            assertThat(yields).hasValue(1);
            for (int code = 9; code <= 24; code++) {
                Courtesy.afterVerdict(code);
            }
            assertThat(reads).as("two more checks, no yield").hasValue(4);
            assertThat(yields).hasValue(1);
        } finally {
            Courtesy.useOnThisThread(null);
        }
    }

    /**
     * A regex, a search term and a condition on {@code cluster_id} over as many distinct values as rows need a
     * verdict each: the evaluation polls at the verdict of every code or row that is a multiple of 8, not once every 1,024 rows, and answers as
     * the engine does.
     */
    @Test
    void listQueriesThatComputeAVerdictPerRowPollEveryEighthVerdict() {
        int clusters = 4_000;
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new HashMap<>();
        List<ObjectNode> view = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            ObjectNode cluster = Json.NODES.objectNode();
            cluster.put("cluster_id", "cl_" + i).put("namespace_id", "ns_1").put("organization_id", "org_1")
                    .put("cluster_name", "name " + i).put("status", "PENDING")
                    .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z")
                    .putNull("completed_at").put("num_documents_clustered", i);
            cluster.putObject("metadata").put("owner", "owner " + i);
            view.add(cluster);
            store.put("cl_" + i, new ClusterState(1, cluster));
            partition.upsert("cl_" + i, 1, cluster);
        }
        partition.ready();
        AtomicInteger reads = new AtomicInteger();
        for (String body : List.of(
                "{\"filters\": {\"AND\": [{\"field\": \"cluster_name\", \"operator\": \"regex\", \"value\": \"name [0-9]*7$\"}]}}",
                "{\"search\": \"7\"}",
                "{\"filters\": {\"AND\": [{\"field\": \"cluster_id\", \"operator\": \"regex\", \"value\": \"cl_[0-9]*7$\"}]}}")) {
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(json(body), "1000", "0")).query();
            reads.set(0);
            Courtesy.useOnThisThread(new Courtesy(() -> {
                reads.incrementAndGet();
                return 0;
            }, yields::incrementAndGet, Long.MAX_VALUE));
            Answer<ListPage> answer;
            try {
                answer = index.list(query, "org_1", "ns_1", List.of(0), store::get);
            } finally {
                Courtesy.useOnThisThread(null);
            }
            assertThat(EngineFixtures.ids(((Answer.Found<ListPage>) answer).value())).as(body)
                    .isEqualTo(EngineFixtures.ids(ListEngine.run(query, view))).isNotEmpty();
            assertThat(reads.get()).as(body).isGreaterThanOrEqualTo(clusters / 8);
        }
        assertThat(yields).hasValue(0);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
