package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.stats.NamespaceStats;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Every {@code cluster-stats} record names its organization in {@link Topics#STATS_ORGANIZATION_HEADER}, so that two
 * organizations' stats under one namespace id (a producer error the fold does not check) stay apart for readers of
 * the topic; key and value are unchanged.
 */
class StatsOrganizationHeaderTest extends HarnessTest {
    private static final String NS = "ns_shared";
    private static final String ORG_A = "org_a";
    private static final String ORG_B = "org_b";

    @Test
    void anUpdateAndATombstoneOfClusterStatsNameTheirOrganizationInTheOnlyHeader() {
        create("clust_1", ORG_A);
        TestRecord<byte[], byte[]> update = singleStatsRecord();
        assertThat(utf8(update.key())).isEqualTo(NS);
        assertThat(TopologyHarness.decodeStats(update.value())).isEqualTo(new NamespaceStats(NS, 1, 0,
                Map.of("PENDING", 1L)));
        assertThat(headerValues(update.headers(), Topics.STATS_ORGANIZATION_HEADER)).containsExactly(ORG_A);
        assertThat(update.headers().toArray()).hasSize(1);

        delete("clust_1", ORG_A, 2);
        TestRecord<byte[], byte[]> tombstone = singleStatsRecord();
        assertThat(utf8(tombstone.key())).isEqualTo(NS);
        assertThat(tombstone.value()).isNull();
        assertThat(headerValues(tombstone.headers(), Topics.STATS_ORGANIZATION_HEADER)).containsExactly(ORG_A);
        assertThat(tombstone.headers().toArray()).hasSize(1);
    }

    @Test
    void twoOrganizationsUnderOneNamespaceIdGetRecordsOfTheSameKeyEachWithItsOwnOrganization() {
        create("clust_b1", ORG_B);
        create("clust_a1", ORG_A);
        create("clust_a2", ORG_A);
        List<TestRecord<byte[], byte[]>> records = harness.stats.readRecordsToList();
        assertThat(records).extracting(record -> utf8(record.key())).containsOnly(NS);
        assertThat(records).extracting(record -> organization(record)).containsExactly(ORG_B, ORG_A, ORG_A);
        assertThat(TopologyHarness.decodeStats(records.get(0).value()).totalClusters()).isEqualTo(1);
        assertThat(TopologyHarness.decodeStats(records.get(2).value()).totalClusters()).isEqualTo(2);

        delete("clust_b1", ORG_B, 2);
        TestRecord<byte[], byte[]> tombstone = singleStatsRecord();
        assertThat(tombstone.value()).as("organization B's tombstone").isNull();
        assertThat(organization(tombstone)).isEqualTo(ORG_B);
    }

    @Test
    void anOrganizationHeaderOnTheEventChangesNothing() {
        harness.pipe(utf8("clust_1"), bytes(event("clust_1", ORG_A, "cluster.created", 1,
                        obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}"))),
                new RecordHeaders().add(Topics.STATS_ORGANIZATION_HEADER, utf8(ORG_B)));
        assertThat(harness.deadLetters.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> update = singleStatsRecord();
        assertThat(organization(update)).isEqualTo(ORG_A);
        assertThat(update.headers().toArray()).hasSize(1);
    }

    private static String organization(TestRecord<byte[], byte[]> record) {
        List<String> values = headerValues(record.headers(), Topics.STATS_ORGANIZATION_HEADER);
        assertThat(values).as("organization headers").hasSize(1);
        return values.get(0);
    }

    private TestRecord<byte[], byte[]> singleStatsRecord() {
        List<TestRecord<byte[], byte[]>> records = harness.stats.readRecordsToList();
        assertThat(records).as("stats records of one applied event").hasSize(1);
        return records.get(0);
    }

    private void create(String clusterId, String organizationId) {
        send(clusterId, organizationId, "cluster.created", 1,
                obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
    }

    private void delete(String clusterId, String organizationId, long sequence) {
        send(clusterId, organizationId, "cluster.deleted", sequence, obj("{}"));
    }

    private void send(String clusterId, String organizationId, String type, long sequence, ObjectNode data) {
        harness.pipe(clusterId, bytes(event(clusterId, organizationId, type, sequence, data)));
        assertThat(harness.deadLetters.isEmpty()).as("dead letters after %s of %s", type, clusterId).isTrue();
    }

    private ObjectNode event(String clusterId, String organizationId, String type, long sequence, ObjectNode data) {
        return envelope(nextEventId(), type, clusterId, NS, organizationId, sequence, "2026-11-28T10:00:00Z", data);
    }
}
