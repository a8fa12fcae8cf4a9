package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static io.clusterindex.topology.EventJson.parse;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.stats.NamespaceStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ClusterIndexTopologyLifecycleTest extends HarnessTest {
    private static final String NS = "ns_one";
    private static final String NS_2 = "ns_two";
    private static final String ORG = "org_1";
    private static final String A = "clust_a";
    private static final String B = "clust_b";
    private static final String C = "clust_c";


    @Test
    void aClusterGoesFromCreatedToDeletedThroughTheStoreTheViewAndTheStats() {
        // created: configuration kept as given, non-configuration keys ignored, defaults everywhere else
        JsonNode created = applied(A, NS, "cluster.created", 1, "2026-11-28T11:00:00.125+01:00", obj("""
                {'cluster_name': 'Alpha', 'input_collections': ['col_1', 'col_2'], 'cluster_type': 'vector',
                 'filters': {'lang': {'$eq': 'en'}, 'deleted': null}, 'algorithm': 'kmeans',
                 'algorithm_params': {'k': 8, 'init': {'seed': null}}, 'metadata': {'owner': 'team-a', 'tags': ['x']},
                 'status': 'COMPLETED', 'num_documents_clustered': 999, 'bogus': 1}"""));
        List<String> wireOrder = Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList();
        assertThat(fieldNames(created)).containsExactlyElementsOf(wireOrder);
        ObjectNode expected = obj("""
                {'cluster_id': 'clust_a', 'namespace_id': 'ns_one', 'organization_id': 'org_1',
                 'cluster_name': 'Alpha', 'cluster_type': 'vector', 'input_collections': ['col_1', 'col_2'],
                 'source_bucket_ids': null, 'filters': {'lang': {'$eq': 'en'}, 'deleted': null}, 'feature_uris': null,
                 'multi_feature_strategy': null, 'clustered_attributes': null, 'hierarchical_grouping': null,
                 'aggregation_method': null, 'output_collection_ids': [], 'output_collection_names': [],
                 'algorithm': 'kmeans', 'algorithm_params': {'k': 8, 'init': {'seed': null}}, 'enrich_source': false,
                 'source_enrichment_config': null, 'llm_labeling': null, 'parent_cluster_id': null,
                 'metadata': {'owner': 'team-a', 'tags': ['x']}, 'status': 'PENDING', 'num_clusters': null,
                 'num_documents_clustered': null, 'execution_time_seconds': null, 'learned_weights': null,
                 'learning_quality_score': null, 'effective_feature_method': null, 'hierarchy_detected': false,
                 'child_cluster_ids': null, 'hierarchy_relationships': null, 'llm_labeling_errors': null,
                 'last_execution_task_id': null, 'last_executed_at': null, 'completed_at': null,
                 'created_at': '2026-11-28T10:00:00.125Z', 'updated_at': '2026-11-28T10:00:00.125Z'}""");
        assertThat(created).isEqualTo(expected);
        assertThat(storedCluster(A)).isEqualTo(new ClusterState(1, expected));
        assertStatsOnTopicAndStore(NS, 1, 0, 0.0, Map.of("PENDING", 1L));

        // updated: a merge patch; null resets to the default; updated_at moves, created_at stays
        JsonNode updated = applied(A, NS, "cluster.updated", 2, "2026-11-28T10:05:00Z", obj("""
                {'cluster_name': 'Alpha v2', 'metadata': {'tags': null, 'stage': 'prod'}, 'algorithm': null,
                 'enrich_source': true, 'output_collection_ids': ['out_1'], 'filters': {'deleted': 'yes'}}"""));
        expected.put("cluster_name", "Alpha v2");
        expected.set("metadata", obj("{'owner': 'team-a', 'stage': 'prod'}"));
        expected.putNull("algorithm");
        expected.put("enrich_source", true);
        expected.set("output_collection_ids", EventJson.node("[\"out_1\"]"));
        expected.set("filters", obj("{'lang': {'$eq': 'en'}, 'deleted': 'yes'}"));
        expected.put("updated_at", "2026-11-28T10:05:00Z");
        assertThat(updated).isEqualTo(expected);
        assertThat(storedCluster(A)).isEqualTo(new ClusterState(2, expected));
        // a patch that keeps the status and the document count leaves the stats alone: no record on cluster-stats
        assertThat(harness.stats.isEmpty()).as("stats records of a patch").isTrue();
        assertThat(harness.namespaceStats(NS)).isEqualTo(new NamespaceStats(NS, 1, 0, Map.of("PENDING", 1L)));

        // execution started
        JsonNode started = applied(A, NS, "cluster.execution.started", 3, "2026-11-28T10:10:00.5Z",
                obj("{'task_id': 'task_1'}"));
        expected.put("status", "PROCESSING");
        expected.put("last_execution_task_id", "task_1");
        expected.put("last_executed_at", "2026-11-28T10:10:00.500Z");
        expected.put("updated_at", "2026-11-28T10:10:00.500Z");
        assertThat(started).isEqualTo(expected);
        assertStatsOnTopicAndStore(NS, 1, 0, 0.0, Map.of("PROCESSING", 1L));

        // execution completed, after a gap in the sequence (4 is never sent)
        JsonNode completed = applied(A, NS, "cluster.execution.completed", 5, "2026-11-28T10:20:00Z", obj("""
                {'task_id': 'task_1', 'num_clusters': 7, 'num_documents_clustered': 120, 'execution_time_seconds': 3.5,
                 'learned_weights': {'title': 0.7, 'body': 0.3, 'none': null}, 'learning_quality_score': 0.91,
                 'effective_feature_method': 'concat', 'hierarchy_detected': true, 'child_cluster_ids': ['c1', 'c2'],
                 'hierarchy_relationships': [{'parent': 'c1', 'child': 'c2', 'extra': null}],
                 'llm_labeling_errors': []}"""));
        expected.put("status", "COMPLETED");
        expected.put("num_clusters", 7);
        expected.put("num_documents_clustered", 120);
        expected.put("execution_time_seconds", 3.5);
        expected.set("learned_weights", obj("{'title': 0.7, 'body': 0.3, 'none': null}"));
        expected.put("learning_quality_score", 0.91);
        expected.put("effective_feature_method", "concat");
        expected.put("hierarchy_detected", true);
        expected.set("child_cluster_ids", EventJson.node("[\"c1\", \"c2\"]"));
        expected.set("hierarchy_relationships", EventJson.node("[{\"parent\": \"c1\", \"child\": \"c2\", \"extra\": null}]"));
        expected.set("llm_labeling_errors", EventJson.node("[]"));
        expected.put("completed_at", "2026-11-28T10:20:00Z");
        expected.put("updated_at", "2026-11-28T10:20:00Z");
        assertThat(completed).isEqualTo(expected);
        assertThat(storedCluster(A)).isEqualTo(new ClusterState(5, expected));
        assertStatsOnTopicAndStore(NS, 1, 120, 120.0, Map.of("COMPLETED", 1L));

        // a second cluster of the namespace completes with errors; a third lives in another namespace
        applied(B, NS, "cluster.created", 1, "2026-11-28T10:21:00Z",
                obj("{'cluster_name': 'Beta', 'input_collections': ['col_9'], 'cluster_type': 'attribute'}"));
        assertStatsOnTopicAndStore(NS, 2, 120, 60.0, Map.of("COMPLETED", 1L, "PENDING", 1L));
        applied(B, NS, "cluster.execution.started", 2, "2026-11-28T10:22:00Z", obj("{'task_id': 'task_b'}"));
        assertStatsOnTopicAndStore(NS, 2, 120, 60.0, Map.of("COMPLETED", 1L, "PROCESSING", 1L));
        JsonNode bCompleted = applied(B, NS, "cluster.execution.completed", 3, "2026-11-28T10:23:00Z", obj("""
                {'task_id': 'task_b', 'num_clusters': 2, 'num_documents_clustered': 30, 'execution_time_seconds': 0,
                 'with_errors': true}"""));
        assertThat(bCompleted.get("status").textValue()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertStatsOnTopicAndStore(NS, 2, 150, 75.0, Map.of("COMPLETED", 1L, "COMPLETED_WITH_ERRORS", 1L));
        applied(C, NS_2, "cluster.created", 1, "2026-11-28T10:24:00Z",
                obj("{'cluster_name': 'Gamma', 'input_collections': ['col_3'], 'cluster_type': 'vector'}"));
        assertStatsOnTopicAndStore(NS_2, 1, 0, 0.0, Map.of("PENDING", 1L));
        assertThat(harness.namespaceStats()).containsOnlyKeys(NS, NS_2);

        // deleting A: tombstone on the view, its contribution leaves the stats, the store keeps the sequence
        assertThat(deleted(A, NS, 6)).isNull();
        assertThat(storedCluster(A)).isEqualTo(new ClusterState(6, null));
        assertThat(storedCluster(A).isLive()).isFalse();
        assertStatsOnTopicAndStore(NS, 1, 30, 30.0, Map.of("COMPLETED_WITH_ERRORS", 1L));

        // deleting B empties the namespace: a tombstone on cluster-stats, absent from the stats store
        assertThat(deleted(B, NS, 4)).isNull();
        assertThat(storedCluster(B)).isEqualTo(new ClusterState(4, null));
        TestRecord<byte[], byte[]> statsTombstone = singleStatsRecord();
        assertThat(utf8(statsTombstone.key())).isEqualTo(NS);
        assertThat(statsTombstone.value()).isNull();
        assertThat(harness.namespaceStats(NS)).isNull();
        assertThat(harness.namespaceStats()).containsOnlyKeys(NS_2);
        assertThat(TopologyHarness.contents(harness.clusters())).containsOnlyKeys(A, B, C);

        // a deleted cluster may be created again (with a later sequence): a brand-new cluster
        JsonNode recreated = applied(A, NS, "cluster.created", 7, "2026-11-28T10:30:00Z",
                obj("{'cluster_name': 'Alpha again', 'input_collections': ['col_1'], 'cluster_type': 'vector'}"));
        assertThat(recreated.get("status").textValue()).isEqualTo("PENDING");
        assertThat(recreated.get("num_documents_clustered").isNull()).isTrue();
        assertThat(recreated.get("last_execution_task_id").isNull()).isTrue();
        assertThat(recreated.get("created_at").textValue()).isEqualTo("2026-11-28T10:30:00Z");
        assertStatsOnTopicAndStore(NS, 1, 0, 0.0, Map.of("PENDING", 1L));

        assertThat(harness.deadLetters.isEmpty()).isTrue();
        assertThat(harness.counters.appliedCount()).isEqualTo(11);
        assertThat(harness.counters.duplicateCount()).isZero();
        assertThat(harness.counters.deadLetteredCount()).isZero();
    }

    @Test
    void theStatsTopicCarriesTheStatsJsonShape() {
        applied(A, NS, "cluster.created", 1, "2026-11-28T10:00:00Z",
                obj("{'cluster_name': 'Alpha', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        applied(B, NS, "cluster.created", 1, "2026-11-28T10:00:01Z",
                obj("{'cluster_name': 'Beta', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        applied(B, NS, "cluster.execution.started", 2, "2026-11-28T10:00:02Z", obj("{'task_id': 't'}"));
        harness.stats.readRecordsToList();
        applied(B, NS, "cluster.execution.completed", 3, "2026-11-28T10:00:03Z",
                obj("{'task_id': 't', 'num_clusters': 1, 'num_documents_clustered': 5, 'execution_time_seconds': 1}"));
        List<TestRecord<byte[], byte[]>> records = harness.stats.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(parse(records.get(0).value())).isEqualTo(obj("""
                {'namespace_id': 'ns_one', 'total_clusters': 2, 'total_documents': 5, 'avg_documents_per_cluster': 2.5,
                 'clusters_by_status': {'COMPLETED': 1, 'PENDING': 1}}"""));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** Pipes an event that must be applied; returns the (single) new view value and checks no dead letter. */
    private JsonNode applied(String clusterId, String namespaceId, String type, long sequence, String occurredAt,
                             ObjectNode data) {
        harness.pipe(clusterId, bytes(envelope(nextEventId(), type, clusterId, namespaceId, ORG, sequence,
                occurredAt, data)));
        assertThat(harness.deadLetters.isEmpty()).as("dead letters after %s", type).isTrue();
        List<TestRecord<byte[], byte[]>> views = harness.view.readRecordsToList();
        assertThat(views).as("view records after %s", type).hasSize(1);
        assertThat(utf8(views.get(0).key())).isEqualTo(clusterId);
        assertThat(views.get(0).value()).isNotNull();
        return parse(views.get(0).value());
    }

    /** Pipes a deletion; returns the view value, which must be a tombstone. */
    private byte[] deleted(String clusterId, String namespaceId, long sequence) {
        harness.pipe(clusterId, bytes(envelope(nextEventId(), "cluster.deleted", clusterId, namespaceId, ORG,
                sequence, "2026-11-28T10:25:00Z", obj("{}"))));
        assertThat(harness.deadLetters.isEmpty()).isTrue();
        List<TestRecord<byte[], byte[]>> views = harness.view.readRecordsToList();
        assertThat(views).hasSize(1);
        assertThat(utf8(views.get(0).key())).isEqualTo(clusterId);
        return views.get(0).value();
    }

    private ClusterState storedCluster(String clusterId) {
        return harness.cluster(clusterId);
    }

    private TestRecord<byte[], byte[]> singleStatsRecord() {
        List<TestRecord<byte[], byte[]>> records = harness.stats.readRecordsToList();
        assertThat(records).as("stats records of one applied event").hasSize(1);
        return records.get(0);
    }

    private void assertStatsOnTopicAndStore(String namespaceId, long total, long documents, double average,
                                            Map<String, Long> byStatus) {
        TestRecord<byte[], byte[]> record = singleStatsRecord();
        assertThat(utf8(record.key())).isEqualTo(namespaceId);
        JsonNode json = parse(record.value());
        assertThat(json.get("namespace_id").textValue()).isEqualTo(namespaceId);
        assertThat(json.get("total_clusters").longValue()).isEqualTo(total);
        assertThat(json.get("total_documents").longValue()).isEqualTo(documents);
        assertThat(json.get("avg_documents_per_cluster").doubleValue()).isEqualTo(average);
        NamespaceStats onTopic = TopologyHarness.decodeStats(record.value());
        assertThat(onTopic).isEqualTo(new NamespaceStats(namespaceId, total, documents, byStatus));
        assertThat(onTopic.clustersByStatus()).containsExactlyInAnyOrderEntriesOf(byStatus);
        assertThat(onTopic.avgDocumentsPerCluster()).isEqualTo(average);
        assertThat(harness.namespaceStats(namespaceId)).isEqualTo(onTopic);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
