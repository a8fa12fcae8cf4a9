package io.clusterindex.topology;

import static io.clusterindex.fold.TestEvents.applyAll;
import static io.clusterindex.fold.TestEvents.created;
import static io.clusterindex.fold.TestEvents.deleted;
import static io.clusterindex.fold.TestEvents.event;
import static io.clusterindex.fold.TestEvents.json;
import static io.clusterindex.fold.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.EventType;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.TestEvents;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsDelta;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SerdesTest {
    private static final String TOPIC = "any-topic";

    @Test
    void roundTripsALiveClusterState() {
        ClusterState state = applyAll(null, event(EventType.CREATED, 1).data("""
                {"cluster_name": "products", "input_collections": ["c1"], "cluster_type": "vector",
                 "filters": {"lang": "en", "none": null}, "algorithm_params": {"eps": 0.25, "big": 99999999999999999999},
                 "metadata": {"nested": {"n": null, "list": [1, 2.5, "x", true, null, {}]}, "unicode": "héllo ✓"}}""")
                .build(), started(2, "task_1"), event(EventType.EXECUTION_COMPLETED, 3).data("""
                {"task_id": "task_1", "num_clusters": 12, "num_documents_clustered": 9000000000,
                 "execution_time_seconds": 87.125, "learning_quality_score": 0.1,
                 "learned_weights": {"a": 0.3333333333333333}, "hierarchy_relationships": [{"p": "c"}]}""").build());

        ClusterState back = roundTrip(StateSerdes.clusterState(), state);

        assertThat(back).isEqualTo(state);
        assertThat(back.sequence()).isEqualTo(3L);
        assertThat(fieldNames(back.cluster())).as("field order kept")
                .containsExactlyElementsOf(Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList());
    }

    @Test
    void roundTripsADeletedClusterState() {
        ClusterState gone = applyAll(null, created(1), deleted(5));
        assertThat(gone.cluster()).isNull();

        ClusterState back = roundTrip(StateSerdes.clusterState(), gone);

        assertThat(back).isEqualTo(new ClusterState(5, null));
        assertThat(back.isLive()).isFalse();
    }

    @Test
    void roundTripsAClusterStateWithALargeSequence() {
        ClusterState state = new ClusterState(Long.MAX_VALUE, null);

        assertThat(roundTrip(StateSerdes.clusterState(), state)).isEqualTo(state);
    }

    @Test
    void roundTripsNamespaceStats() {
        NamespaceStats stats = new NamespaceStats("ns_1", 4, 9_000_000_123L,
                Map.of("COMPLETED", 2L, "PENDING", 1L, "COMPLETED_WITH_ERRORS", 1L));

        NamespaceStats back = roundTrip(JsonSerdes.namespaceStats(), stats);

        assertThat(back).isEqualTo(stats);
        assertThat(back.avgDocumentsPerCluster()).isEqualTo(stats.avgDocumentsPerCluster());
    }

    @Test
    void roundTripsNamespaceStatsWithAnEmptyStatusMap() {
        NamespaceStats empty = NamespaceStats.empty("ns_empty");

        NamespaceStats back = roundTrip(JsonSerdes.namespaceStats(), empty);

        assertThat(back).isEqualTo(empty);
        assertThat(back.clustersByStatus()).isEmpty();
    }

    @Test
    void writesNamespaceStatsByteForByteInTheOrderConsumersSee() {
        NamespaceStats stats = new NamespaceStats("ns_1", 3, 7, Map.of("PENDING", 1L, "COMPLETED", 2L));

        byte[] bytes = JsonSerdes.namespaceStats().serializer().serialize(TOPIC, stats);
        byte[] emptyBytes = JsonSerdes.namespaceStats().serializer().serialize(TOPIC, NamespaceStats.empty("ns_2"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"namespace_id\":\"ns_1\","
                + "\"total_clusters\":3,\"total_documents\":7,\"avg_documents_per_cluster\":2.3333333333333335,"
                + "\"clusters_by_status\":{\"COMPLETED\":2,\"PENDING\":1}}");
        assertThat(new String(emptyBytes, StandardCharsets.UTF_8)).isEqualTo("{\"namespace_id\":\"ns_2\","
                + "\"total_clusters\":0,\"total_documents\":0,\"avg_documents_per_cluster\":0.0,"
                + "\"clusters_by_status\":{}}");
    }

    @Test
    void writesNamespaceStatsInTheShapeOfClusterListStats() {
        NamespaceStats stats = new NamespaceStats("ns_1", 2, 5, Map.of("PENDING", 1L, "COMPLETED", 1L));
        NamespaceStats empty = NamespaceStats.empty("ns_2");

        byte[] bytes = JsonSerdes.namespaceStats().serializer().serialize(TOPIC, stats);
        byte[] emptyBytes = JsonSerdes.namespaceStats().serializer().serialize(TOPIC, empty);

        assertThat(json(new String(bytes, StandardCharsets.UTF_8))).isEqualTo(json("""
                {"namespace_id": "ns_1", "total_clusters": 2, "total_documents": 5,
                 "avg_documents_per_cluster": 2.5, "clusters_by_status": {"COMPLETED": 1, "PENDING": 1}}"""));
        assertThat(json(new String(emptyBytes, StandardCharsets.UTF_8))).isEqualTo(json("""
                {"namespace_id": "ns_2", "total_clusters": 0, "total_documents": 0,
                 "avg_documents_per_cluster": 0.0, "clusters_by_status": {}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void roundTripsSummedStatsChanges(String description, StatsChange change) {
        assertThat(roundTrip(StateSerdes.statsChange(), change)).isEqualTo(change);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("one create", StatsChange.of(new StatsDelta("ns_1", null, new Contribution("PENDING", 0)))),
                Arguments.of("negative sums", new StatsChange("ns_1", -3, -9_000_000_000L,
                        Map.of("COMPLETED", -2L, "FAILED", -1L))),
                Arguments.of("statuses moved, no cluster added", new StatsChange("ns_1", 0, 120,
                        Map.of("PROCESSING", -1L, "COMPLETED", 1L))),
                Arguments.of("zero", new StatsChange("ns_1", 0, 0, Map.of())));
    }

    /**
     * An upgraded instance reads what an older one left in the repartition topic: version 1, one event's delta
     * (old contribution out, new in), bytes written as the older version did.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deltas")
    void readsAVersionOneDeltaAsTheChangeOfThatEvent(String description, StatsDelta delta) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(delta.namespaceId());
            for (Contribution contribution : new Contribution[] {delta.removed(), delta.added()}) {
                out.writeBoolean(contribution != null);
                if (contribution != null) {
                    out.writeUTF(contribution.status());
                    out.writeLong(contribution.documents());
                }
            }
        }
        StatsChange read = StateSerdes.statsChange().deserializer().deserialize(TOPIC, bytes.toByteArray());

        assertThat(read).isEqualTo(StatsChange.of(delta));
    }

    static Stream<Arguments> deltas() {
        return Stream.of(
                Arguments.of("create: nothing removed", new StatsDelta("ns_1", null, new Contribution("PENDING", 0))),
                Arguments.of("delete: nothing added", new StatsDelta("ns_1", new Contribution("COMPLETED", 42), null)),
                Arguments.of("change", new StatsDelta("ns_1", new Contribution("PROCESSING", 0),
                        new Contribution("COMPLETED_WITH_ERRORS", 9_000_000_000L))),
                Arguments.of("both null", new StatsDelta("ns_1", null, null)));
    }

    @Test
    void serializersMapNullToNullAndDeserializersNullToNull() {
        List<Serde<?>> serdes = new ArrayList<>(List.of(StateSerdes.clusterState(), JsonSerdes.namespaceStats(),
                StateSerdes.statsChange(), StateSerdes.namespaceStats()));
        for (Serde<?> serde : serdes) {
            assertThat(serializeNull(serde)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void refusesBytesOfAnotherFormatWithASerializationException() {
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StateSerdes.clusterState().deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> JsonSerdes.namespaceStats().deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StateSerdes.namespaceStats().deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StateSerdes.statsChange().deserializer().deserialize(TOPIC, new byte[] {1, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StateSerdes.statsChange().deserializer().deserialize(TOPIC, new byte[] {2, 0, 1, 'n'}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StateSerdes.statsChange().deserializer().deserialize(TOPIC, new byte[] {3}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 3");
    }

    @Test
    void storedClusterStateEndsWithTheViewJsonUnchanged() {
        ClusterState state = applyAll(null, created(1));

        byte[] stored = StateSerdes.clusterState().serializer().serialize(TOPIC, state);

        assertThat(stored[0]).as("format").isEqualTo((byte) 2);
        byte[] json = state.clusterJson();
        assertThat(Arrays.copyOfRange(stored, stored.length - json.length, stored.length)).isEqualTo(json);
        assertThat(json(new String(json, StandardCharsets.UTF_8))).isEqualTo(state.cluster());
        assertThat(StateSerdes.clusterState().serializer().serialize(TOPIC, new ClusterState(2, null))).hasSize(10);
    }

    @Test
    void readsTheHeaderWithoutParsingTheJson() {
        ClusterState state = applyAll(null, created(1), started(2, "task_é"), event(EventType.EXECUTION_COMPLETED, 3)
                .data("{\"task_id\": \"task_é\", \"num_clusters\": 2, \"num_documents_clustered\": 9000000000,"
                        + " \"execution_time_seconds\": 1.5, \"with_errors\": true}").build());

        ClusterState back = roundTrip(StateSerdes.clusterState(), state);

        assertThat(back.clusterIfParsed()).as("no tree made by reading").isNull();
        assertThat(back.header()).isEqualTo(new ClusterState.Header(TestEvents.NAMESPACE, TestEvents.ORGANIZATION, "COMPLETED_WITH_ERRORS",
                "task_é", 9_000_000_000L));
        assertThat(back.header()).as("as read from the tree").isEqualTo(new ClusterState(3, state.cluster()).header());
        assertThat(FoldProcessor.contribution(back)).isEqualTo(new Contribution("COMPLETED_WITH_ERRORS",
                9_000_000_000L));
        assertThat(back.cluster()).isEqualTo(state.cluster());
    }

    @Test
    void readsTheFormerFormatWithoutAHeaderAndWritesTheNewOne() {
        ClusterState state = applyAll(null, created(1), started(2, "task_1"));
        byte[] json = state.clusterJson();
        byte[] formerLive = ByteBuffer.allocate(9 + json.length).put((byte) 1).putLong(2).put(json).array();
        byte[] formerDeleted = ByteBuffer.allocate(9).put((byte) 1).putLong(7).array();

        ClusterState live = StateSerdes.clusterState().deserializer().deserialize(TOPIC, formerLive);
        ClusterState deleted = StateSerdes.clusterState().deserializer().deserialize(TOPIC, formerDeleted);

        assertThat(live).isEqualTo(state);
        assertThat(live.header()).isEqualTo(new ClusterState.Header(TestEvents.NAMESPACE, TestEvents.ORGANIZATION, "PROCESSING", "task_1", 0));
        assertThat(live.clusterJson()).isEqualTo(json);
        assertThat(deleted).isEqualTo(new ClusterState(7, null));
        byte[] rewritten = StateSerdes.clusterState().serializer().serialize(TOPIC, live);
        assertThat(rewritten[0]).isEqualTo((byte) 2);
        assertThat(roundTrip(StateSerdes.clusterState(), live).header()).isEqualTo(live.header());
    }

    @Test
    void refusesATruncatedOrCorruptHeader() {
        byte[] stored = StateSerdes.clusterState().serializer().serialize(TOPIC, applyAll(null, created(1)));
        Deserializer<ClusterState> reader = StateSerdes.clusterState().deserializer();

        for (int length : new int[] {1, 9, 12, 20, 40}) {
            byte[] truncated = Arrays.copyOf(stored, length);
            assertThatThrownBy(() -> reader.deserialize(TOPIC, truncated)).as("%d bytes", length)
                    .isInstanceOf(SerializationException.class);
        }
        byte[] badLength = stored.clone();
        ByteBuffer.wrap(badLength).putInt(10, 1_000_000);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, badLength)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("1000000 bytes");
        byte[] noNamespace = stored.clone();
        ByteBuffer.wrap(noNamespace).putInt(10, -1);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, noNamespace)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 1, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 3");
    }

    @Test
    void roundTripsNamespaceStatsInTheStoreFormat() {
        NamespaceStats stats = new NamespaceStats("ns_1", 3, 9_000_000_000L, Map.of("COMPLETED", 2L, "FAILED", 1L));

        assertThat(roundTrip(StateSerdes.namespaceStats(), stats)).isEqualTo(stats);
        assertThat(roundTrip(StateSerdes.namespaceStats(), NamespaceStats.empty("ns_2")))
                .isEqualTo(NamespaceStats.empty("ns_2"));
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize(TOPIC, value);
        assertThat(bytes).isNotNull();
        return serde.deserializer().deserialize(TOPIC, bytes);
    }

    private static <T> byte[] serializeNull(Serde<T> serde) {
        return serde.serializer().serialize(TOPIC, null);
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
