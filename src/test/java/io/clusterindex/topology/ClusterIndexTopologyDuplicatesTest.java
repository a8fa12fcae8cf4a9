package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.stats.NamespaceStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterIndexTopologyDuplicatesTest extends HarnessTest {
    private static final String NS = "ns_dup";
    private static final String ORG = "org_dup";
    private static final String ID = "clust_dup";
    private static final String AT = "2026-11-28T10:15:30.250Z";


    @Test
    void duplicatesAndStaleReplaysAreSkippedAndCountedWithoutAnyOutput() {
        byte[] created = event("cluster.created", 1, NS,
                obj("{'cluster_name': 'Dup', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        byte[] updated = event("cluster.updated", 2, NS, obj("{'cluster_name': 'Dup 2'}"));
        byte[] started = event("cluster.execution.started", 3, NS, obj("{'task_id': 'task_1'}"));
        for (byte[] value : new byte[][] {created, updated, started}) {
            harness.pipe(ID, value);
        }
        assertThat(harness.view.readRecordsToList()).hasSize(3);
        assertThat(harness.stats.readRecordsToList()).isNotEmpty();
        ClusterState before = harness.cluster(ID);
        Map<String, NamespaceStats> statsBefore = harness.namespaceStats();
        assertThat(before.sequence()).isEqualTo(3);

        // exact redeliveries, including the last applied sequence itself
        harness.pipe(ID, created);
        harness.pipe(ID, updated);
        harness.pipe(ID, started);
        // stale replays: new events with old sequences, skipped whatever else would be wrong with them
        harness.pipe(ID, event("cluster.deleted", 2, NS, obj("{}")));
        harness.pipe(ID, event("cluster.updated", 1, NS, obj("{'status': 'FAILED', 'colour': 'red'}")));
        harness.pipe(ID, event("cluster.updated", 3, "ns_elsewhere", obj("{'cluster_name': 'Moved'}")));
        harness.pipe(ID, event("cluster.execution.completed", 2, NS, obj("{'task_id': 'task_0'}")));
        harness.pipe(ID, event("cluster.created", 1, NS, obj("{'cluster_type': 'graph'}")));

        assertNothingCameOut();
        assertThat(harness.cluster(ID)).isEqualTo(before);
        assertThat(harness.namespaceStats()).isEqualTo(statsBefore);
        assertThat(harness.counters.duplicateCount()).isEqualTo(8);
        assertThat(harness.counters.appliedCount()).isEqualTo(3);
        assertThat(harness.counters.deadLetteredCount()).isZero();
    }

    @Test
    void aDeletedClusterKeepsItsSequenceSoOldEventsStayDuplicates() {
        byte[] created = event("cluster.created", 1, NS,
                obj("{'cluster_name': 'Dup', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        byte[] updated = event("cluster.updated", 3, NS, obj("{'cluster_name': 'Dup 2'}"));
        harness.pipe(ID, created);
        harness.pipe(ID, updated);
        harness.pipe(ID, event("cluster.deleted", 4, NS, obj("{}")));
        harness.view.readRecordsToList();
        harness.stats.readRecordsToList();
        assertThat(harness.cluster(ID)).isEqualTo(new ClusterState(4, null));

        // not re-created, not UNKNOWN_CLUSTER: skipped
        harness.pipe(ID, created);
        harness.pipe(ID, updated);
        harness.pipe(ID, event("cluster.created", 4, NS,
                obj("{'cluster_name': 'Again', 'input_collections': ['c'], 'cluster_type': 'vector'}")));

        assertNothingCameOut();
        assertThat(harness.cluster(ID)).isEqualTo(new ClusterState(4, null));
        assertThat(harness.namespaceStats()).doesNotContainKey(NS);
        assertThat(harness.counters.duplicateCount()).isEqualTo(3);

        // a later sequence re-creates it
        harness.pipe(ID, event("cluster.created", 5, NS,
                obj("{'cluster_name': 'Again', 'input_collections': ['c'], 'cluster_type': 'vector'}")));
        assertThat(harness.view.readRecordsToList()).hasSize(1);
        assertThat(harness.cluster(ID).sequence()).isEqualTo(5);
        assertThat(harness.cluster(ID).isLive()).isTrue();
        assertThat(harness.namespaceStats(NS)).isEqualTo(new NamespaceStats(NS, 1, 0, Map.of("PENDING", 1L)));
    }

    private void assertNothingCameOut() {
        assertThat(harness.deadLetters.isEmpty()).as("dead letters").isTrue();
        assertThat(harness.view.isEmpty()).as("view records").isTrue();
        assertThat(harness.stats.isEmpty()).as("stats records").isTrue();
    }

    private byte[] event(String type, long sequence, String namespaceId, ObjectNode data) {
        return bytes(envelope(nextEventId(), type, ID, namespaceId, ORG, sequence, AT, data));
    }
}
