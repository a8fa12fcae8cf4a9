package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology built for three {@code cluster-events} partitions, driven as task 0 (the test driver runs one task of
 * each sub-topology, fed from partition 0 of every source topic; what the task writes to the rerouted-events topic
 * comes back to it, as it would to the owner's task). A cluster that task 0 owns is folded at once; any other goes
 * to the rerouted-events topic unchanged, with the position it was published at, and is folded from there.
 */
class EventRoutingTopologyTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;
    private final ViewPositions positions = new ViewPositions(PARTITIONS);
    private final FoldCounters counters = new FoldCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> rerouted;
    private TestOutputTopic<byte[], byte[]> view;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(ClusterIndexTopology.build(TOPICS, counters, new ViewIndex(), positions,
                TableListener.NONE, TopologyHarness.properties(stateDir)), TopologyHarness.properties(stateDir));
        ByteArraySerializer bytesOut = new ByteArraySerializer();
        ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
        events = driver.createInputTopic(TOPICS.events(), bytesOut, bytesOut);
        rerouted = driver.createOutputTopic(TOPICS.rerouted(), bytesIn, bytesIn);
        view = driver.createOutputTopic(TOPICS.view(), bytesIn, bytesIn);
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), bytesIn, bytesIn);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** The first cluster id of the form {@code clust_<n>} that partition {@code partition} owns. */
    private static String ownedBy(int partition) {
        return IntStream.range(0, 1_000).mapToObj(i -> "clust_" + i)
                .filter(id -> EventRouting.owner(id, PARTITIONS) == partition).findFirst().orElseThrow();
    }

    private static byte[] created(String id) {
        return bytes(envelope("evt_" + id, "cluster.created", id, "ns_1", "org_1", 1, "2026-11-28T10:00:00Z",
                obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}")));
    }

    private void pipe(String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), value, headers));
    }

    @Test
    void aClusterThatThisTaskOwnsIsFoldedWhereItWasPublished() {
        String id = ownedBy(0);
        pipe(id, created(id));

        assertThat(rerouted.isEmpty()).isTrue();
        assertThat(utf8(view.readRecord().key())).isEqualTo(id);
        assertThat(counters.appliedCount()).isEqualTo(1);
        assertThat(counters.reroutedCount()).isZero();
        assertThat(positions.snapshot()).containsEntry(0, 0L);
    }

    @Test
    void aClusterOwnedElsewhereGoesToItsOwnerUnchangedWithWhereItWasPublished() {
        String id = ownedBy(2);
        byte[] value = created(id);
        pipe(ownedBy(0), created(ownedBy(0)));
        pipe(id, value);

        List<TestRecord<byte[], byte[]>> sent = rerouted.readRecordsToList();
        assertThat(sent).hasSize(1);
        assertThat(utf8(sent.get(0).key())).isEqualTo(id);
        assertThat(sent.get(0).value()).isEqualTo(value);
        assertThat(headerValues(sent.get(0).headers(), EventRouting.SOURCE)).containsExactly("0:1");
        assertThat(headerValues(sent.get(0).headers(), "trace")).containsExactly("abc");
        assertThat(counters.reroutedCount()).isEqualTo(1);
        assertThat(view.readKeyValuesToList()).as("folded by the owner (here the same driver task)")
                .extracting(kv -> utf8(kv.key)).containsExactly(ownedBy(0), id);
        assertThat(TopologyHarness.positionsStore(driver).get(-(2 + 1)))
                .as("the last offset rerouted to task 2, stored with the view").isEqualTo(1L);
    }

    @Test
    void aBadEventRoutedToItsOwnerIsDeadLetteredThereNamingWhereItWasPublished() {
        String id = ownedBy(1);
        pipe(id, "{\"not\": \"an event\"".getBytes(StandardCharsets.UTF_8));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(utf8(dead.value())).isEqualTo("{\"not\": \"an event\"");
        assertThat(headerValues(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).containsExactly("cluster-events");
        assertThat(headerValues(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).containsExactly("0");
        assertThat(headerValues(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).containsExactly("0");
        assertThat(headerValues(dead.headers(), "trace")).containsExactly("abc");
        assertThat(dead.headers().toArray()).as("no header of the indexer's own")
                .noneMatch(header -> header.key().startsWith(EventRouting.INTERNAL_HEADER_PREFIX));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void everyOtherTaskGetsAProgressMarkerOncePerCommitIntervalWhenThisTaskHasRoutedMore() {
        pipe(ownedBy(0), created(ownedBy(0)));
        pipe(ownedBy(0) + "x", "not json".getBytes(StandardCharsets.UTF_8));
        rerouted.readRecordsToList();

        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<byte[], byte[]>> markers = rerouted.readRecordsToList();
        assertThat(markers).hasSize(PARTITIONS - 1).allSatisfy(marker -> {
            assertThat(marker.key()).isNull();
            assertThat(headerValues(marker.headers(), EventRouting.MARKER)).containsExactly("0:1");
        });

        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(rerouted.isEmpty()).as("nothing routed since").isTrue();
    }

    @Test
    void aForeignRecordOnTheReroutedTopicIsFoldedAsAnEventOfThatTopic() {
        TestInputTopic<byte[], byte[]> foreign = driver.createInputTopic(TOPICS.rerouted(), new ByteArraySerializer(),
                new ByteArraySerializer());
        foreign.pipeInput("k".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(headerValues(dead.headers(), DeadLetterHeaders.ERROR_CODE)).containsExactly("MALFORMED_JSON");
        assertThat(headerValues(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).containsExactly(TOPICS.rerouted());
    }
}
