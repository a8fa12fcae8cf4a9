package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the writer builds so that queries build nothing: the orders of codes and rows, at load and as data arrives. */
class ColumnOrdersTest {
    private static final List<Integer> ONE_PARTITION = List.of(0);
    private static final List<String> FIRST_QUERIES = List.of(
            "{\"filters\": {\"field\": \"created_at\", \"operator\": \"gte\", \"value\": \"2026-01-01T00:20:00Z\"},"
                    + " \"sort\": {\"field\": \"cluster_name\", \"direction\": \"asc\"}}",
            "{\"filters\": {\"field\": \"metadata.priority\", \"operator\": \"gte\", \"value\": 3.5},"
                    + " \"sort\": {\"field\": \"created_at\", \"direction\": \"desc\"}}",
            "{\"filters\": {\"field\": \"num_documents_clustered\", \"operator\": \"lt\", \"value\": 1000},"
                    + " \"sort\": {\"field\": \"metadata.priority\", \"direction\": \"desc\"}}",
            "{\"sort\": {\"field\": \"status\"}}");

    private final Map<String, ClusterState> store = new HashMap<>();
    private final List<ObjectNode> view = new ArrayList<>();

    @Test
    void aLoadedPartitionHasEveryOrderBuiltAndItsFirstQueriesBuildNothing() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = load(index, 3000);
        IndexSegment segment = partition.segment("org_1", "ns_1");
        List<Object> ordersAfterLoad = orders(segment);
        assertEverythingSorted(segment);

        for (String body : FIRST_QUERIES) {
            ListQuery query = EngineFixtures.query(body);
            Answer<ListPage> answer = index.list(query, "org_1", "ns_1", ONE_PARTITION, store::get);
            assertThat(EngineFixtures.ids(((Answer.Found<ListPage>) answer).value())).as(body)
                    .isEqualTo(EngineFixtures.ids(ListEngine.run(query, view)));
        }

        assertThat(orders(segment)).as("no query merged or rebuilt an order").isEqualTo(ordersAfterLoad);
        assertThat(ranksBuiltByQueries(segment)).isZero();
    }

    @Test
    void aSortOnAPathInsideAMetadataValueStillBuildsItsRanksOnTheFirstQuery() {
        ViewIndex index = new ViewIndex();
        IndexSegment segment = load(index, 200).segment("org_1", "ns_1");

        index.list(EngineFixtures.query("{\"sort\": {\"field\": \"metadata.nested.level\"}}"), "org_1", "ns_1",
                ONE_PARTITION, store::get);

        assertThat(segment.metadata("nested").ranksBuilt()).isEqualTo(1);
    }

    @Test
    void theWriterMergesNewValuesIntoTheOrdersWithoutAnyQuery() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = load(index, 3000);
        IndexSegment segment = partition.segment("org_1", "ns_1");
        DictColumn names = segment.scalar(ClusterField.CLUSTER_NAME);
        TimestampColumn created = segment.timestamp(ClusterField.CREATED_AT);
        int namesSorted = names.order().upTo();
        int rowsSorted = created.order().upTo();

        for (int i = 3000; i < 3500; i++) {
            put(partition, i, 2);
        }

        assertThat(names.order().upTo()).isGreaterThan(namesSorted).isLessThanOrEqualTo(names.size());
        assertThat(created.order().upTo()).isGreaterThan(rowsSorted);
        assertThat(ranksBuiltByQueries(segment)).isZero();
    }

    @Test
    void aNamespaceFirstMetAfterTheLoadKeepsItsOrdersCurrentAsItGrows() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = load(index, 10);
        for (int i = 0; i < 3000; i++) {
            ObjectNode cluster = Json.NODES.objectNode().put("cluster_id", "late_" + i).put("namespace_id", "ns_2")
                    .put("organization_id", "org_1").put("cluster_name", "late " + (i * 7919 % 3001));
            partition.upsert("late_" + i, 1, cluster);
        }
        DictColumn names = partition.segment("org_1", "ns_2").scalar(ClusterField.CLUSTER_NAME);

        assertThat(names.size() - names.order().upTo()).as("codes not merged yet")
                .isLessThanOrEqualTo(Math.max(64, names.order().upTo() / 8));
    }

    @Test
    void aCompactedSegmentStartsWithEveryOrderBuilt() {
        ViewIndex index = new ViewIndex();
        IndexPartition partition = load(index, 500);
        for (int i = 0; i < 100; i++) {
            put(partition, i, 2);
        }
        IndexSegment segment = partition.segment("org_1", "ns_1");

        IndexSegment compacted = segment.compacted((clusterId, to, row) -> {
        });

        assertThat(compacted.liveRows()).isEqualTo(500);
        assertEverythingSorted(compacted);
    }

    private IndexPartition load(ViewIndex index, int clusters) {
        IndexPartition partition = index.open(0);
        for (int i = 0; i < clusters; i++) {
            put(partition, i, 1);
        }
        partition.ready();
        return partition;
    }

    private void put(IndexPartition partition, int i, long sequence) {
        String id = "cl_" + i;
        ObjectNode cluster = Json.NODES.objectNode();
        cluster.put("cluster_id", id).put("namespace_id", "ns_1").put("organization_id", "org_1")
                .put("cluster_name", "name " + (i * 7919 % 3001) + "/" + sequence)
                .put("status", i % 3 == 0 ? "COMPLETED" : "PENDING")
                .put("created_at", String.format("2026-01-01T00:%02d:%02dZ", i / 60 % 60, i % 60))
                .put("num_documents_clustered", i * 17L % 2000);
        ObjectNode metadata = cluster.putObject("metadata").put("priority", i % 10 / 2.0);
        metadata.putObject("nested").put("level", i % 4);
        store.put(id, new ClusterState(sequence, cluster));
        view.removeIf(known -> known.get("cluster_id").textValue().equals(id));
        view.add(cluster);
        partition.upsert(id, sequence, cluster);
    }

    private static void assertEverythingSorted(IndexSegment segment) {
        for (DictColumn column : columns(segment)) {
            assertThat(column.order().upTo()).isEqualTo(column.size());
        }
        for (ClusterField field : ClusterField.values()) {
            TimestampColumn column = segment.timestamp(field);
            if (column != null) {
                assertThat(column.order().upTo()).as(field.wireName()).isEqualTo(segment.liveRows() + segment.deadRows());
            }
        }
    }

    /** The order of every column of {@code segment}, by identity. */
    private static List<Object> orders(IndexSegment segment) {
        List<Object> orders = new ArrayList<>();
        columns(segment).forEach(column -> orders.add(column.order()));
        for (ClusterField field : ClusterField.values()) {
            if (segment.timestamp(field) != null) {
                orders.add(segment.timestamp(field).order());
            }
        }
        return orders;
    }

    private static int ranksBuiltByQueries(IndexSegment segment) {
        return columns(segment).stream().mapToInt(DictColumn::ranksBuilt).sum();
    }

    private static List<DictColumn> columns(IndexSegment segment) {
        List<DictColumn> columns = new ArrayList<>();
        for (ClusterField field : ClusterField.values()) {
            if (segment.scalar(field) != null) {
                columns.add(segment.scalar(field));
            }
        }
        segment.metadataColumns().forEach(columns::add);
        return columns;
    }
}
