package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fold task sums its stats deltas per namespace and sends the sums on once per flush interval
 * ({@link TaskStatsProcessor}): the view changes at once, {@code cluster-stats} once per interval and namespace.
 */
class TaskStatsTopologyTest extends HarnessTest {
    private static final String ORG = "org_sum";
    private static final String NS_A = "ns_a";
    private static final String NS_B = "ns_b";


    @BeforeEach
    void prepare() {
        harness.flushStatsAfterEachRecord = false;
    }

    @Test
    void theEventsOfOneIntervalReachClusterStatsAsOneRecordPerNamespace() {
        for (int i = 1; i <= 3; i++) {
            create("clust_a" + i, NS_A);
        }
        create("clust_b1", NS_B);
        create("clust_b2", NS_B);
        send("clust_a1", NS_A, "cluster.execution.started", 2, obj("{'task_id': 't1'}"));
        send("clust_a1", NS_A, "cluster.execution.completed", 3, obj("""
                {'task_id': 't1', 'num_clusters': 2, 'num_documents_clustered': 40, 'execution_time_seconds': 1.5}"""));
        send("clust_a2", NS_A, "cluster.execution.started", 2, obj("{'task_id': 't2'}"));

        assertThat(harness.view.readRecordsToList()).as("the view does not wait").hasSize(8);
        assertThat(harness.stats.isEmpty()).as("cluster-stats before the flush").isTrue();
        assertThat(harness.namespaceStats()).as("stats store before the flush").isEmpty();

        harness.flushStats();

        assertThat(harness.stats.getQueueSize()).as("records on cluster-stats").isEqualTo(2);
        Map<String, NamespaceStats> onTopic = statsRecords();
        assertThat(onTopic).containsOnlyKeys(NS_A, NS_B);
        assertThat(onTopic.get(NS_A)).isEqualTo(new NamespaceStats(NS_A, 3, 40,
                Map.of("COMPLETED", 1L, "PROCESSING", 1L, "PENDING", 1L)));
        assertThat(onTopic.get(NS_B)).isEqualTo(new NamespaceStats(NS_B, 2, 0, Map.of("PENDING", 2L)));
        assertThat(harness.namespaceStats()).isEqualTo(onTopic);

        harness.flushStats();
        assertThat(harness.stats.isEmpty()).as("a flush with nothing summed sends nothing").isTrue();
    }

    @Test
    void changesThatCancelOutWithinAnIntervalSendNothing() {
        create("clust_a1", NS_A);
        harness.flushStats();
        NamespaceStats before = statsRecords().get(NS_A);

        // a cluster created and deleted again, in a namespace that has others and in one that has none
        create("clust_a2", NS_A);
        send("clust_a2", NS_A, "cluster.deleted", 2, obj("{}"));
        create("clust_b1", NS_B);
        send("clust_b1", NS_B, "cluster.deleted", 2, obj("{}"));
        // a patch that keeps the status and the document count
        send("clust_a1", NS_A, "cluster.updated", 2, obj("{'cluster_name': 'renamed'}"));
        harness.flushStats();

        assertThat(harness.stats.isEmpty()).as("cluster-stats after changes that cancel out").isTrue();
        assertThat(harness.namespaceStats()).containsOnlyKeys(NS_A).containsEntry(NS_A, before);
    }

    @Test
    void aNamespaceEmptiedWithinAnIntervalGetsOneTombstone() {
        create("clust_a1", NS_A);
        create("clust_a2", NS_A);
        harness.flushStats();
        harness.stats.readRecordsToList();

        send("clust_a1", NS_A, "cluster.execution.started", 2, obj("{'task_id': 't1'}"));
        send("clust_a1", NS_A, "cluster.deleted", 3, obj("{}"));
        send("clust_a2", NS_A, "cluster.deleted", 2, obj("{}"));
        harness.flushStats();

        List<TestRecord<byte[], byte[]>> records = harness.stats.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(utf8(records.get(0).key())).isEqualTo(NS_A);
        assertThat(records.get(0).value()).as("tombstone").isNull();
        assertThat(harness.namespaceStats()).isEmpty();
    }

    @Test
    void theStoreHoldsTheUnsentSumsAtEveryCommitOfTheTask() {
        // the driver commits the task after every record: the sums are written to the store by then, not per record;
        // records are 10 ms apart from START, and a sum keeps the latest timestamp of its records
        long start = TopologyHarness.START.toEpochMilli();
        create("clust_a1", NS_A);
        create("clust_a2", NS_A);
        create("clust_b1", NS_B);
        send("clust_a1", NS_A, "cluster.execution.started", 2, obj("{'task_id': 't1'}"));

        assertThat(TopologyHarness.contents(harness.taskStats())).as("committed sums").containsOnly(
                Map.entry(StatsKey.of(ORG, NS_A), ValueAndTimestamp.make(new StatsChange(NS_A, 2, 0,
                        Map.of("PENDING", 1L, "PROCESSING", 1L)), start + 30)),
                Map.entry(StatsKey.of(ORG, NS_B), ValueAndTimestamp.make(new StatsChange(NS_B, 1, 0,
                        Map.of("PENDING", 1L)), start + 20)));

        send("clust_b1", NS_B, "cluster.deleted", 2, obj("{}"));
        assertThat(TopologyHarness.contents(harness.taskStats()).keySet()).as("a sum back at zero is deleted")
                .containsExactly(StatsKey.of(ORG, NS_A));

        harness.flushStats();
        assertThat(TopologyHarness.contents(harness.taskStats())).as("after the sums were sent").isEmpty();
        assertThat(statsRecords()).containsOnlyKeys(NS_A);
    }

    @Test
    void sumsAreSentAtTheCommitIntervalCappedAtOneSecond() {
        assertThat(TaskStatsProcessor.flushIntervalMs(Map.of())).isEqualTo(100);
        assertThat(TaskStatsProcessor.flushIntervalMs(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250)))
                .isEqualTo(250);
        assertThat(TaskStatsProcessor.flushIntervalMs(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "30000")))
                .isEqualTo(1_000);
        assertThat(TaskStatsProcessor.flushIntervalMs(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 0L)))
                .isEqualTo(1);
    }

    private void create(String clusterId, String namespaceId) {
        send(clusterId, namespaceId, "cluster.created", 1,
                obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
    }

    private void send(String clusterId, String namespaceId, String type, long sequence, ObjectNode data) {
        harness.pipe(clusterId, bytes(envelope(nextEventId(), type, clusterId, namespaceId, ORG, sequence,
                "2026-11-28T10:00:00Z", data)));
        assertThat(harness.deadLetters.isEmpty()).as("dead letters after %s of %s", type, clusterId).isTrue();
    }

    /** The last stats record per namespace on cluster-stats since the last read. */
    private Map<String, NamespaceStats> statsRecords() {
        Map<String, NamespaceStats> last = new TreeMap<>();
        for (TestRecord<byte[], byte[]> record : harness.stats.readRecordsToList()) {
            last.put(utf8(record.key()), record.value() == null ? null : TopologyHarness.decodeStats(record.value()));
        }
        return last;
    }
}
