package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewPositionsTopologyTest {
    private static final byte[] CREATED = bytes(envelope("evt_1", "cluster.created", "clust_1", "ns_1", "org_1", 1,
            "2026-11-28T10:00:00Z", obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}")));
    private static final byte[] RENAMED_ELSEWHERE = bytes(envelope("evt_2", "cluster.updated", "clust_1", "ns_other",
            "org_1", 2, "2026-11-28T10:00:01Z", obj("{'cluster_name': 'm'}")));

    @TempDir
    Path stateDir;
    private final ViewPositions positions = new ViewPositions(1);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(ClusterIndexTopology.build(Topics.defaults(), new FoldCounters(), new ViewIndex(), positions,
                TableListener.NONE, TopologyHarness.properties(stateDir)), TopologyHarness.properties(stateDir));
        ByteArraySerializer bytes = new ByteArraySerializer();
        events = driver.createInputTopic(Topics.defaults().events(), bytes, bytes);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private KeyValueStore<Integer, Long> store() {
        return TopologyHarness.positionsStore(driver);
    }

    private void pipe(String key, byte[] value) {
        events.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void aStartedTaskThatHasHandledNothingIsHostedWithoutAnOffset() {
        assertThat(positions.snapshot()).containsExactly(Map.entry(0, ViewPositions.NONE));
        assertThat(store().get(0)).isNull();
    }

    @Test
    void everyHandledRecordAdvancesThePositionWhetherAppliedDuplicateOrDeadLettered() {
        pipe("clust_1", CREATED);
        assertThat(positions.snapshot()).containsExactly(Map.entry(0, 0L));
        assertThat(driver.getKeyValueStore(StoreNames.CLUSTERS).get("clust_1")).isNotNull();

        pipe("clust_1", CREATED);
        assertThat(positions.snapshot()).as("a duplicate").containsExactly(Map.entry(0, 1L));

        pipe("clust_1", RENAMED_ELSEWHERE);
        assertThat(positions.snapshot()).as("an ownership mismatch, dead-lettered").containsExactly(Map.entry(0, 2L));

        pipe(null, "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(positions.snapshot()).as("malformed JSON, dead-lettered").containsExactly(Map.entry(0, 3L));

        assertThat(store().get(0)).as("the changelogged copy that a restore brings back").isEqualTo(3L);
        assertThat(store().approximateNumEntries()).as("one entry per task").isEqualTo(1);
    }

    @Test
    void aWaitForARecordEndsWhenTheFoldHandlesIt() {
        var reached = positions.reached(Map.of(0, 1L));
        pipe("clust_1", CREATED);
        assertThat(reached).isNotDone();

        pipe("clust_1", CREATED);

        assertThat(reached).isCompleted();
    }

    @Test
    void aClosedTaskNoLongerClaimsItsPartition() {
        pipe("clust_1", CREATED);

        driver.close();
        driver = null;

        assertThat(positions.snapshot()).isEmpty();
        assertThat(positions.hostsAny()).isFalse();
    }
}
