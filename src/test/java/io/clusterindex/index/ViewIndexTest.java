package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The {@link ViewIndex} beside the differential test: representation limits, and readers racing the writer. */
class ViewIndexTest {
    private static final List<Integer> ONE_PARTITION = List.of(0);

    @Test
    void theMemoryEstimateCountsOnlyLoadedPartitionsAndGrowsWithTheirClusters() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        for (int i = 0; i < 100; i++) {
            partition.upsert("cl_" + i, 1, cluster("cl_" + i, "2026-01-01T00:00:00Z"));
        }
        assertThat(index.estimatedBytes()).as("still loading").isZero();
        assertThat(index.rebuildCount()).isZero();
        partition.ready();
        long hundred = index.estimatedBytes();
        assertThat(hundred).isGreaterThan(100L * (Long.BYTES * 2 + Integer.BYTES));
        for (int i = 100; i < 1000; i++) {
            partition.upsert("cl_" + i, 1, cluster("cl_" + i, "2026-01-01T00:00:00Z"));
        }
        assertThat(index.estimatedBytes()).isGreaterThan(hundred * 5);
        assertThat(index.rebuildCount()).isEqualTo(1);
        assertThat(index.rebuildNanos()).isPositive();

        partition.close();
        assertThat(index.estimatedBytes()).isZero();
        index.open(0).ready();
        assertThat(index.rebuildCount()).isEqualTo(2);
    }

    @Test
    void aLoadedPartitionGivesBackTheRoomItGrewBeyondItsClustersAndStillAnswersTheSame() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new HashMap<>();
        for (int i = 0; i < 3500; i++) {
            ObjectNode cluster = cluster("cl_" + i, "2026-01-0" + (1 + i % 9) + "T00:00:00Z");
            ((ObjectNode) cluster.get("metadata")).put("n", i);
            partition.upsert("cl_" + i, 1, cluster);
            store.put("cl_" + i, new ClusterState(1, cluster));
        }
        IndexSegment segment = partition.segment("org_1", "ns_1");
        int grown = segment.ids().length;
        int dictionary = segment.metadata("n").entries().values().length;
        partition.ready();
        IndexSegment trimmed = partition.segment("org_1", "ns_1");
        assertThat(grown).isGreaterThan(3500 + 3500 / 16);
        assertThat(trimmed.ids().length).isEqualTo(3500 + 3500 / 16);
        assertThat(trimmed.metadata("n").entries().values().length).isLessThan(dictionary)
                .isEqualTo(3501 + 3501 / 16);
        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(
                json("{\"sort\": {\"field\": \"metadata.n\", \"direction\": \"desc\"}}"), "10", "0")).query();
        Answer<ListPage> page = index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get);
        assertThat(page).isInstanceOfSatisfying(Answer.Found.class, found -> assertThat(
                ((ListPage) found.value()).trees().get(0).get("cluster_id").textValue()).isEqualTo("cl_3499"));
        partition.upsert("cl_3500", 1, cluster("cl_3500", "2026-01-01T00:00:00Z"));
        assertThat(partition.segment("org_1", "ns_1").ids().length).isGreaterThan(3501);
    }

    @Test
    void aTimestampNotInTheViewsCanonicalFormSendsTheNamespaceToTheFullScan() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        ObjectNode cluster = cluster("cl_1", "2026-01-01T00:00:00.000Z");
        partition.upsert("cl_1", 1, cluster);
        partition.ready();
        assertThat(index.list(ListQuery.defaults(), "org_1", "ns_1", ONE_PARTITION, id -> null))
                .isInstanceOfSatisfying(Answer.NotServed.class,
                        notServed -> assertThat(notServed.reason()).isEqualTo(FailureReason.NOT_INDEXED));
    }

    @Test
    void instantsBeyondTheNanosecondRangeStillSortAndCompareExactly() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        List<ObjectNode> view = new ArrayList<>();
        String[] instants = {"2300-01-01T00:00:00Z", "1600-05-05T10:00:00.500Z", "2026-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "2026-01-01T00:00:00.000000001Z", "1970-01-01T00:00:00Z"};
        for (int i = 0; i < instants.length; i++) {
            ObjectNode cluster = cluster("cl_" + i, instants[i]);
            view.add(cluster);
            partition.upsert("cl_" + i, 1, cluster);
            store.put("cl_" + i, new ClusterState(1, cluster));
        }
        partition.ready();
        for (String body : List.of("{}", "{\"sort\": {\"field\": \"created_at\", \"direction\": \"asc\"}}",
                "{\"filters\": {\"field\": \"created_at\", \"operator\": \"gt\", \"value\": \"2026-01-01T00:00:00Z\"}}",
                "{\"filters\": {\"field\": \"created_at\", \"operator\": \"lte\", \"value\": \"2300-01-01T00:00:00Z\"}}",
                "{\"filters\": {\"field\": \"created_at\", \"operator\": \"regex\", \"value\": \"^9999\"}}")) {
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(json(body), "100", "0")).query();
            ListPage page = ((Answer.Found<ListPage>) index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get))
                    .value();
            assertThat(EngineFixtures.ids(page)).as(body).isEqualTo(EngineFixtures.ids(ListEngine.run(query, view)));
        }
    }

    @Test
    void fieldsSharedWithTheGivenPreviousVersionAreCopiedAndChangedOnesAreNot() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        ObjectNode first = cluster("cl_1", "2026-01-01T00:00:00Z");
        partition.upsert("cl_1", 1, first);
        ObjectNode second = Json.NODES.objectNode();
        second.setAll(first);
        second.put("status", "COMPLETED").put("updated_at", "2026-01-02T00:00:00Z");
        second.putObject("metadata").put("team", "t9").put("owner", "ann");
        second.remove("completed_at");
        partition.upsert("cl_1", 2, second, 1, first);
        partition.ready();
        assertThat(matches(index, "cl_1", 2, second, "{\"filters\": {\"AND\": [{\"field\": \"status\", "
                + "\"operator\": \"eq\", \"value\": \"COMPLETED\"}, {\"field\": \"created_at\", \"operator\": "
                + "\"eq\", \"value\": \"2026-01-01T00:00:00Z\"}, {\"field\": \"updated_at\", \"operator\": "
                + "\"eq\", \"value\": \"2026-01-02T00:00:00Z\"}, {\"field\": \"metadata.team\", \"operator\": "
                + "\"eq\", \"value\": \"t9\"}, {\"field\": \"metadata.owner\", \"operator\": \"eq\", "
                + "\"value\": \"ann\"}, {\"field\": \"completed_at\", \"operator\": \"exists\", \"value\": "
                + "false}, {\"field\": \"cluster_name\", \"operator\": \"eq\", \"value\": \"name cl_1\"}]}}"))
                .isTrue();
    }

    @Test
    void aPreviousVersionTheIndexDoesNotHoldIsIgnored() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        ObjectNode first = cluster("cl_1", "2026-01-01T00:00:00Z");
        partition.upsert("cl_1", 1, first);
        ObjectNode claimed = cluster("cl_1", "2030-01-01T00:00:00Z");
        claimed.put("status", "FAILED");
        ObjectNode second = Json.NODES.objectNode();
        second.setAll(claimed);
        second.put("updated_at", "2030-01-02T00:00:00Z");
        // the caller claims a version (7) the index never saw: the shared fields must not be copied from row 1
        partition.upsert("cl_1", 8, second, 7, claimed);
        partition.ready();
        assertThat(matches(index, "cl_1", 8, second, "{\"filters\": {\"AND\": [{\"field\": \"status\", "
                + "\"operator\": \"eq\", \"value\": \"FAILED\"}, {\"field\": \"created_at\", \"operator\": "
                + "\"eq\", \"value\": \"2030-01-01T00:00:00Z\"}]}}")).isTrue();
        assertThat(matches(index, "cl_1", 8, second, "{\"filters\": {\"field\": \"status\", \"operator\": "
                + "\"eq\", \"value\": \"PENDING\"}}")).isFalse();
    }

    /**
     * Sorting on a metadata key that mostly holds integers: null, absent, objects and arrays all sort as missing
     * and tie (the ids decide), also when the page keeps only the first rows of many.
     */
    @Test
    void missingValuesOfEveryKindTieWhenSortingOnAMostlyIntegerKey() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        List<ObjectNode> view = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = String.format("cl_%03d", (i * 37) % 200);
            ObjectNode cluster = cluster(id, "2026-01-01T00:00:00Z");
            ObjectNode metadata = (ObjectNode) cluster.get("metadata");
            switch (i % 5) {
                case 0 -> metadata.putNull("n");
                case 1 -> metadata.putObject("n").put("k", 1);
                case 2 -> metadata.putArray("n").add(1);
                case 3 -> { }
                default -> metadata.put("n", i);
            }
            view.add(cluster);
            partition.upsert(id, 1, cluster);
            store.put(id, new ClusterState(1, cluster));
        }
        partition.ready();
        for (String direction : List.of("asc", "desc")) {
            for (String limit : List.of("5", "50", "100")) {
                for (String offset : List.of("0", "30", "45")) {
                    String body = "{\"sort\": {\"field\": \"metadata.n\", \"direction\": \"" + direction + "\"}}";
                    ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(json(body), limit, offset)).query();
                    ListPage page = ((Answer.Found<ListPage>) index.list(query, "org_1", "ns_1", ONE_PARTITION,
                            store::get)).value();
                    assertThat(EngineFixtures.ids(page)).as(body + " limit " + limit + " offset " + offset)
                            .isEqualTo(EngineFixtures.ids(ListEngine.run(query, view)));
                }
            }
        }
    }

    @Test
    void tiesAreBrokenByCodePointOrderOfTheIdsWithAndWithoutSurrogatesAndAfterACompaction() {
        // by code point: z < U+E000 < U+FF21 < U+1F600 (a surrogate pair, which UTF-16 order would put first)
        List<String> plain = List.of("cl_z", "cl_a", "cl_\uFF21", "cl_\uE000", "cl_B");
        List<String> withPair = new ArrayList<>(plain);
        withPair.add("cl_\uD83D\uDE00");
        for (List<String> ids : List.of(plain, withPair)) {
            // compacted as soon as a segment holds as many dead rows as live ones: every other version
            ViewIndex index = new ViewIndex(1, DictColumn.DEDUP_PROBE_ROWS);
            IndexPartition partition = index.open(0);
            Map<String, ClusterState> store = new ConcurrentHashMap<>();
            for (int sequence = 1; sequence <= 12; sequence++) {
                List<ObjectNode> view = new ArrayList<>();
                for (String id : ids) {
                    ObjectNode cluster = cluster(id, "2026-01-01T00:00:00Z");
                    cluster.put("num_documents_clustered", sequence);
                    view.add(cluster);
                    partition.upsert(id, sequence, cluster);
                    store.put(id, new ClusterState(sequence, cluster));
                }
                partition.ready();
                for (String sort : List.of("created_at", "num_documents_clustered")) {
                    String body = "{\"sort\": {\"field\": \"" + sort + "\", \"direction\": \"desc\"}}";
                    ListQuery query = query(body, "3", "1");
                    List<String> expected = EngineFixtures.ids(ListEngine.run(query, view));
                    assertThat(EngineFixtures.ids(page(index, query, store))).as(ids + " " + body + " version "
                            + sequence).isEqualTo(expected);
                    assertThat(expected).as("the page needs the tie-break").hasSize(3);
                }
            }
        }
    }

    @Test
    void aSearchFindsAValueHeldByAColumnsFirstCodeOnlyAndLeavesOutColumnsThatCannotHoldIt() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        List<ObjectNode> view = new ArrayList<>();
        // more owners than a trigram block holds, so that the first block is sealed and narrows
        for (int i = 0; i < TrigramIndex.BLOCK + 100; i++) {
            String id = "cl_" + i;
            ObjectNode cluster = cluster(id, "2026-01-01T00:00:00Z");
            // the first cluster's owner is the column's first code; later ones hold other words
            // and the last sealed and first unsealed codes hold words of their own
            String owner = i == 0 ? "zebra crossing" : i == TrigramIndex.BLOCK - 1 ? "okapi"
                    : i == TrigramIndex.BLOCK ? "quokka" : "lion " + i;
            ((ObjectNode) cluster.get("metadata")).put("owner", owner);
            view.add(cluster);
            partition.upsert(id, 1, cluster);
            store.put(id, new ClusterState(1, cluster));
        }
        partition.ready();
        for (String search : List.of("zebra", "ZEBRA", "okapi", "quokka", "lion 41", "crossing lion", "giraffe", "t1",
                "lion 4150")) {
            ListQuery query = query("{\"search\": \"" + search + "\"}", "1000", "0");
            List<String> expected = EngineFixtures.ids(ListEngine.run(query, view));
            assertThat(EngineFixtures.ids(page(index, query, store))).as(search).isEqualTo(expected);
            assertThat(expected).as(search).hasSize(switch (search) {
                case "zebra", "ZEBRA", "okapi", "quokka", "lion 4150" -> 1;
                case "giraffe", "crossing lion" -> 0;
                default -> expected.size();
            });
        }
        assertThat(EngineFixtures.ids(page(index, query("{\"search\": \"zebra\"}", "100", "0"), store)))
                .containsExactly("cl_0");
    }

    /** Whether the index finds the single cluster {@code id} (stored as {@code cluster}) for {@code body}. */
    private static boolean matches(ViewIndex index, String id, long sequence, ObjectNode cluster, String body) {
        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(json(body), "10", "0")).query();
        Answer<ListPage> answer = index.list(query, "org_1", "ns_1", ONE_PARTITION,
                key -> key.equals(id) ? new ClusterState(sequence, cluster) : null);
        assertThat(answer).as(body).isInstanceOf(Answer.Found.class);
        List<String> ids = EngineFixtures.ids(((Answer.Found<ListPage>) answer).value());
        return ids.equals(List.of(id));
    }

    /**
     * A writer keeps replacing clusters (the count never changes) while readers query: every answer has exactly
     * the live count, no duplicates, and each page document is a version the store held.
     */
    @Test
    void readersRacingTheWriterAlwaysSeeOneConsistentSnapshot() throws Exception {
        ViewIndex index = new ViewIndex(64, 64);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        int clusters = 300;
        IndexPartition partition = loaded(index, store, clusters,
                i -> "2026-01-01T00:00:" + String.format("%02d", i % 60) + "Z");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(1);
            long sequence = 2;
            while (!stop.get()) {
                String id = "cl_" + random.nextInt(clusters);
                ObjectNode cluster = cluster(id, "2026-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z");
                cluster.put("status", random.nextBoolean() ? "COMPLETED" : "FAILED");
                store.put(id, new ClusterState(sequence, cluster));
                partition.upsert(id, sequence++, cluster);
            }
        });
        writer.start();
        int answered = 0;
        try {
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(null, "1000", "0")).query();
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                Answer<ListPage> answer = index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get);
                if (answer instanceof Answer.Found<ListPage> answered1) {
                    ListPage page = answered1.value();
                    assertThat(page.total()).isEqualTo(clusters);
                    assertThat(page.stats().totalClusters()).isEqualTo(clusters);
                    assertThat(page.stats().clustersByStatus().values().stream().mapToLong(Long::longValue).sum())
                            .isEqualTo(clusters);
                    List<String> ids = EngineFixtures.ids(page);
                    assertThat(new HashSet<>(ids)).hasSize(clusters);
                    answered++;
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            stop.set(true);
            writer.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertThat(answered).as("most queries find a stable page").isGreaterThan(10);
    }

    /**
     * A page cluster that changes between the ranking and the reading of its document (the store holds the newer
     * version, the index may not have applied it yet) is answered at the snapshot's version, in one attempt, not
     * sent to a retry or the full scan; the next query sees the newer version. Deleted clusters alike.
     */
    @Test
    void aPageClusterChangedAfterTheSnapshotIsAnsweredAtTheSnapshotsVersion() {
        ViewIndex index = new ViewIndex(64, 64, false);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        IndexPartition partition = loaded(index, store, 5, i -> "2026-01-0" + (1 + i) + "T00:00:00Z");
        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(
                json("{\"sort\": {\"field\": \"created_at\", \"direction\": \"desc\"}}"), "3", "0")).query();
        ObjectNode snapshotTop = store.get("cl_4").cluster();
        ObjectNode snapshotThird = store.get("cl_2").cluster();
        int[] reads = new int[1];
        Answer<ListPage> answer = index.list(query, "org_1", "ns_1", ONE_PARTITION, id -> {
            if (reads[0]++ == 0) {
                ObjectNode newer = snapshotTop.deepCopy().put("status", "COMPLETED");
                store.put("cl_4", new ClusterState(2, newer));
                enqueue(partition, "cl_4", 2, newer, 1, snapshotTop);
                store.put("cl_2", new ClusterState(3, null));
                enqueue(partition, "cl_2", 3, null, 1, snapshotThird);
            }
            return store.get(id);
        });

        assertThat(answer).isInstanceOf(Answer.Found.class);
        ListPage page = ((Answer.Found<ListPage>) answer).value();
        assertThat(EngineFixtures.ids(page)).containsExactly("cl_4", "cl_3", "cl_2");
        assertThat(page.results().get(0).tree()).isSameAs(snapshotTop);
        assertThat(page.results().get(2).tree()).isSameAs(snapshotThird);
        assertThat(reads[0]).as("one attempt").isEqualTo(3);

        ListPage next = ((Answer.Found<ListPage>) index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get))
                .value();
        assertThat(EngineFixtures.ids(next)).containsExactly("cl_4", "cl_3", "cl_1");
        assertThat(next.trees().get(0).get("status").textValue()).isEqualTo("COMPLETED");
        assertThat(index.version("cl_4", 1, store.get("cl_4")).tree()).isSameAs(snapshotTop);
        assertThat(index.version("cl_4", 2, store.get("cl_4")).tree().get("status").textValue()).isEqualTo("COMPLETED");
        assertThat(index.version("cl_4", 7, store.get("cl_4"))).as("never held").isNull();
    }

    /** Beyond what the index keeps of replaced versions, a changed page cluster still makes the query retry. */
    @Test
    void aVersionReplacedLongAgoSendsTheQueryToANewerSnapshot() {
        ViewIndex index = new ViewIndex(64, 64, false);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        IndexPartition partition = loaded(index, store, 2, i -> "2026-01-0" + (1 + i) + "T00:00:00Z");
        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(null, "1", "0")).query();
        int[] reads = new int[1];
        Answer<ListPage> answer = index.list(query, "org_1", "ns_1", ONE_PARTITION, id -> {
            if (reads[0]++ == 0) {
                ObjectNode top = store.get("cl_1").cluster();
                ObjectNode failed = top.deepCopy().put("status", "FAILED");
                enqueue(partition, "cl_1", 2, failed, 1, top);
                store.put("cl_1", new ClusterState(2, failed));
                ObjectNode previous = store.get("cl_0").cluster();
                for (int sequence = 2; sequence < SupersededDocuments.CAPACITY + 3; sequence++) {
                    ObjectNode other = previous.deepCopy().put("num_documents_clustered", sequence);
                    enqueue(partition, "cl_0", sequence, other, sequence - 1, previous);
                    store.put("cl_0", new ClusterState(sequence, other));
                    previous = other;
                }
                partition.catchUp();
            }
            return store.get(id);
        });
        assertThat(answer).isInstanceOf(Answer.Found.class);
        assertThat(reads[0]).as("the second attempt answered").isEqualTo(2);
    }

    @Test
    void updatesHandedOverWaitForTheNextQueryWhenNoWriterRuns() {
        ViewIndex index = new ViewIndex(64, 64, false);
        IndexPartition partition = emptyReadyPartition(index);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        for (int i = 0; i < 10; i++) {
            ObjectNode cluster = cluster("cl_" + i, "2026-01-01T00:00:00Z");
            store.put("cl_" + i, new ClusterState(1, cluster));
            enqueue(partition, "cl_" + i, 1, cluster, 0, null);
        }
        assertThat(partition.behind()).isTrue();

        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(null, "100", "0")).query();
        ListPage page = ((Answer.Found<ListPage>) index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get)).value();

        assertThat(page.total()).isEqualTo(10);
        assertThat(partition.behind()).isFalse();
    }

    @Test
    void theHandingThreadAppliesTheBacklogItselfBeyondTheLimit() {
        ViewIndex index = new ViewIndex(64, 64, false);
        IndexPartition partition = emptyReadyPartition(index);
        ObjectNode cluster = cluster("cl_1", "2026-01-01T00:00:00Z");
        for (int i = 1; i <= IndexPartition.MAX_BACKLOG; i++) {
            enqueue(partition, "cl_1", i, cluster, i - 1, cluster);
        }
        assertThat(partition.behind()).isTrue();
        enqueue(partition, "cl_1", IndexPartition.MAX_BACKLOG + 1, cluster, IndexPartition.MAX_BACKLOG, cluster);
        assertThat(partition.behind()).isFalse();
    }

    @Test
    void theBackgroundWriterAppliesUpdatesHandedOverWithoutAnyQuery() {
        IndexPartition partition = emptyReadyPartition(new ViewIndex());
        for (int i = 0; i < 1_000; i++) {
            enqueue(partition, "cl_" + i, 1, cluster("cl_" + i, "2026-01-01T00:00:00Z"), 0, null);
        }
        await("updates applied without any query").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5)).until(() -> !partition.behind());
    }

    /**
     * The fold's way of writing: a thread hands updates over (as the stream thread does, faster than the writer
     * applies them, so a backlog builds up) and then says how far it got (as the view positions do); every query
     * sees at least every update handed over before it started, however far behind the writer is: read-your-writes
     * holds although the fold no longer writes the index itself.
     */
    @Test
    void queriesSeeEveryUpdateHandedOverBeforeThemWhileTheWriterRuns() throws Exception {
        ViewIndex index = new ViewIndex(64, 64);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        int clusters = 200;
        IndexPartition partition = loaded(index, store, clusters, i -> "2026-01-01T00:00:00Z");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> handed = new AtomicReference<>("cl_0 1");
        Thread fold = new Thread(() -> {
            Random random = new Random(3);
            Map<String, ObjectNode> current = new HashMap<>();
            Map<String, Long> sequences = new HashMap<>();
            long sequence = 2;
            while (!stop.get()) {
                String id = "cl_" + random.nextInt(clusters);
                ObjectNode cluster = cluster(id, "2026-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z");
                store.put(id, new ClusterState(sequence, cluster));
                enqueue(partition, id, sequence, cluster, sequences.getOrDefault(id, 1L), current.get(id));
                current.put(id, cluster);
                sequences.put(id, sequence);
                handed.set(id + " " + sequence++);
            }
        });
        fold.start();
        int queries = 0;
        try {
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(null, "10", "0")).query();
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until || queries < 20) {
                String[] last = handed.get().split(" ");
                index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get);
                assertThat(partition.sequenceOf(last[0])).as("index version of %s after a query that started once"
                        + " sequence %s was handed over", last[0], last[1]).isGreaterThanOrEqualTo(Long.parseLong(last[1]));
                queries++;
            }
        } finally {
            stop.set(true);
            fold.join();
        }
        partition.catchUp();
        ListQuery all = ((ParsedRequest.Valid) ListRequestParser.parse(null, "1000", "0")).query();
        ListPage page = ((Answer.Found<ListPage>) index.list(all, "org_1", "ns_1", ONE_PARTITION, store::get)).value();
        assertThat(page.total()).isEqualTo(clusters);
    }

    @Test
    void anUpdateTheIndexCannotTakeDisablesThePartitionAndIsCountedAsApplied() {
        ViewIndex index = new ViewIndex(64, 64, false);
        IndexPartition partition = emptyReadyPartition(index);
        ObjectNode noNamespace = cluster("cl_1", "2026-01-01T00:00:00Z");
        noNamespace.remove("namespace_id");
        enqueue(partition, "cl_1", 1, noNamespace, 0, null);
        enqueue(partition, "cl_2", 1, cluster("cl_2", "2026-01-01T00:00:00Z"), 0, null);

        assertThat(partition.catchUp()).isEqualTo(2);
        assertThat(partition.behind()).isFalse();
        assertThat(index.list(ListQuery.defaults(), "org_1", "ns_1", ONE_PARTITION, id -> null))
                .isInstanceOfSatisfying(Answer.NotServed.class,
                        notServed -> assertThat(notServed.reason()).isEqualTo(FailureReason.NOT_INDEXED));
    }

    /** Partition 0 of {@code index}, empty and open to queries. */
    private static IndexPartition emptyReadyPartition(ViewIndex index) {
        IndexPartition partition = index.open(0);
        partition.ready();
        return partition;
    }

    /** Partition 0 of {@code index}, loaded with clusters {@code cl_0...} at sequence 1, also put in {@code store}. */
    private static IndexPartition loaded(ViewIndex index, Map<String, ClusterState> store, int clusters,
                                         IntFunction<String> createdAt) {
        IndexPartition partition = index.open(0);
        for (int i = 0; i < clusters; i++) {
            ObjectNode cluster = cluster("cl_" + i, createdAt.apply(i));
            store.put("cl_" + i, new ClusterState(1, cluster));
            partition.upsert("cl_" + i, 1, cluster);
        }
        partition.ready();
        return partition;
    }

    @Test
    void aQuietWriterCompactsTheDeadRowsTheFoldLeftAndTheAnswersStayTheSame() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new ConcurrentHashMap<>();
        for (int i = 0; i < 2000; i++) {
            ObjectNode cluster = cluster("cl_" + i, "2026-01-0" + (1 + i % 9) + "T00:00:00Z");
            partition.upsert("cl_" + i, 1, cluster);
            store.put("cl_" + i, new ClusterState(1, cluster));
        }
        partition.ready();
        int updated = Math.max(index.minDeadToCompact(), 2000) / IndexPartition.IDLE_DEAD_SHARE;
        for (int i = 0; i < updated - 1; i++) {
            ObjectNode previous = store.get("cl_" + i).cluster();
            ObjectNode next = previous.deepCopy().put("status", "COMPLETED");
            store.put("cl_" + i, new ClusterState(2, next));
            partition.upsert("cl_" + i, store.get("cl_" + i), new ClusterState(1, previous), null);
        }
        assertThat(partition.segment("org_1", "ns_1").deadRows()).isEqualTo(updated - 1);
        assertThat(partition.compactWhileIdle()).as("one dead row fewer than the share: not worth a copy").isFalse();
        assertThat(partition.segment("org_1", "ns_1").deadRows()).isEqualTo(updated - 1);

        ObjectNode previous = store.get("cl_1999").cluster();
        ObjectNode next = previous.deepCopy().put("status", "FAILED");
        store.put("cl_1999", new ClusterState(2, next));
        enqueue(partition, "cl_1999", 2, next, 1, previous);
        await("the background writer compacts once no update has come for a while").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> partition.segment("org_1", "ns_1").deadRows() == 0);
        assertThat(partition.segment("org_1", "ns_1").liveRows()).isEqualTo(2000);
        for (String body : List.of("{\"filters\": {\"status\": \"COMPLETED\"}, \"sort\": {\"field\": \"created_at\"}}",
                "{\"search\": \"cl_19\", \"sort\": {\"field\": \"cluster_name\", \"direction\": \"desc\"}}",
                "{\"filters\": {\"AND\": [{\"field\": \"status\", \"operator\": \"in\", \"value\": [\"FAILED\", "
                        + "\"PENDING\"]}]}}")) {
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(json(body), "50", "3")).query();
            List<ObjectNode> clusters = new ArrayList<>();
            store.values().forEach(state -> clusters.add(state.cluster()));
            ListPage want = ListEngine.run(query, clusters);
            assertThat(index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get)).as(body)
                    .isInstanceOfSatisfying(Answer.Found.class, found -> {
                        ListPage page = (ListPage) found.value();
                        assertThat(page.results()).isEqualTo(want.results());
                        assertThat(page.total()).isEqualTo(want.total());
                        assertThat(page.stats()).isEqualTo(want.stats());
                    });
        }
        assertThat(partition.compactWhileIdle()).as("nothing left to compact").isFalse();
    }

    private static ObjectNode cluster(String id, String createdAt) {
        ObjectNode cluster = Json.NODES.objectNode();
        cluster.put("cluster_id", id).put("namespace_id", "ns_1").put("organization_id", "org_1")
                .put("cluster_name", "name " + id).put("status", "PENDING").put("created_at", createdAt)
                .put("updated_at", createdAt).putNull("completed_at").put("num_documents_clustered", id.length());
        cluster.putObject("metadata").put("team", "t" + (id.hashCode() & 3));
        return cluster;
    }

    private static ListQuery query(String body, String limit, String offset) {
        return ((ParsedRequest.Valid) ListRequestParser.parse(json(body), limit, offset)).query();
    }

    /** The page of {@code query} over the one partition, which must be answered. */
    private static ListPage page(ViewIndex index, ListQuery query, Map<String, ClusterState> store) {
        return ((Answer.Found<ListPage>) index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get)).value();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the change from {@code previous} (version {@code previousSequence}, or null) to {@code cluster} over. */
    private static void enqueue(IndexPartition partition, String clusterId, long sequence, ObjectNode cluster,
                                long previousSequence, ObjectNode previous) {
        partition.enqueue(clusterId, new ClusterState(sequence, cluster),
                previous == null ? null : new ClusterState(previousSequence, previous), null);
    }
}
