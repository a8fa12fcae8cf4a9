package io.clusterindex.topology;

import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.StatsDelta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clusters store written before events were routed to their owner may hold clusters another task owns: the task
 * hands them over in rounds, and the owner adopts each unless it holds a later sequence.
 */
class FoldHandOverTest {
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;
    private final FoldCounters counters = new FoldCounters();
    private final ViewIndex index = new ViewIndex();

    /** A fold processor of task {@code task} over a store holding {@code states}, initialised. */
    private Task task(int task, List<ClusterState> states) {
        MockProcessorContext<byte[], FoldOutput> context = new MockProcessorContext<>(new Properties(),
                new TaskId(0, task), stateDir.resolve("task-" + task).toFile());
        KeyValueStore<String, ClusterState> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.CLUSTERS), Serdes.String(), StateSerdes.clusterState())
                .withLoggingDisabled().build();
        context.setCurrentStreamTimeMs(0);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        states.forEach(state -> store.put(state.cluster() == null ? "clust_deleted" : id(state), state));
        FoldProcessor fold = new FoldProcessor(counters, index, PARTITIONS);
        fold.init(context);
        return new Task(fold, context, store);
    }

    private record Task(FoldProcessor fold, MockProcessorContext<byte[], FoldOutput> context,
                        KeyValueStore<String, ClusterState> store) {
        /** Runs hand-over rounds until the task has no more to do; answers how many rounds ran. */
        int handOverAll() {
            int rounds = 0;
            while (!context.scheduledPunctuators().isEmpty() && !context.scheduledPunctuators().get(0).cancelled()) {
                context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
                rounds++;
            }
            return rounds;
        }

        List<FoldOutput> outputs() {
            List<FoldOutput> outputs = new ArrayList<>();
            context.forwarded().forEach(forward -> outputs.add(forward.record().value()));
            return outputs;
        }
    }

    private static String id(ClusterState state) {
        return state.cluster().get("cluster_id").textValue();
    }

    private static String ownedBy(int partition, int nth) {
        return IntStream.range(0, 100_000).mapToObj(i -> "clust_" + i)
                .filter(id -> EventRouting.owner(id, PARTITIONS) == partition).skip(nth).findFirst().orElseThrow();
    }

    private static ClusterState state(String id, long sequence, String namespace, String status, int documents) {
        ObjectNode cluster = Json.NODES.objectNode();
        cluster.put("cluster_id", id);
        cluster.put("namespace_id", namespace);
        cluster.put("organization_id", "org_1");
        cluster.put("cluster_name", "name of " + id);
        cluster.put("status", status);
        cluster.put("num_documents_clustered", documents);
        return new ClusterState(sequence, cluster);
    }

    @Test
    void aTaskHandsOverTheClustersItDoesNotOwnAndKeepsItsOwn() {
        ClusterState own = state(ownedBy(0, 0), 3, "ns_1", "COMPLETED", 10);
        ClusterState toOne = state(ownedBy(1, 0), 4, "ns_1", "PENDING", 0);
        ClusterState toTwo = state(ownedBy(2, 0), 5, "ns_2", "COMPLETED", 7);
        Task zero = task(0, List.of(own, toOne, toTwo));

        assertThat(zero.handOverAll()).isEqualTo(1);

        assertThat(zero.store().get(id(own))).isEqualTo(own);
        assertThat(zero.store().get(id(toOne))).isNull();
        assertThat(zero.store().get(id(toTwo))).isNull();
        List<Record<byte[], FoldOutput>> sent = new ArrayList<>();
        zero.context().forwarded().forEach(forward -> {
            if (forward.record().value() instanceof FoldOutput.Routed) {
                sent.add(new Record<>(forward.record().key(), forward.record().value(), forward.record().timestamp(),
                        forward.record().headers()));
            }
        });
        assertThat(sent).extracting(record -> utf8(record.key())).containsExactlyInAnyOrder(id(toOne), id(toTwo));
        sent.forEach(record -> {
            FoldOutput.Routed routed = (FoldOutput.Routed) record.value();
            String id = utf8(record.key());
            assertThat(routed.partition()).isEqualTo(EventRouting.owner(id, PARTITIONS));
            assertThat(StateSerdes.clusterState().deserializer().deserialize(null, routed.value()))
                    .isEqualTo(id.equals(id(toOne)) ? toOne : toTwo);
            assertThat(headerValues(record.headers(), EventRouting.HANDOFF)).containsExactly("0:0");
        });
        assertThat(zero.outputs()).as("their contributions leave this task's stats")
                .filteredOn(FoldOutput.StatsChange.class::isInstance)
                .containsExactlyInAnyOrder(
                        new FoldOutput.StatsChange("org_1", new StatsDelta("ns_1", new Contribution("PENDING", 0), null)),
                        new FoldOutput.StatsChange("org_1", new StatsDelta("ns_2", new Contribution("COMPLETED", 7), null)));
        assertThat(counters.handedOverCount()).isEqualTo(2);
    }

    @Test
    void aClusterStillHeldHereIsHandedOverBeforeItsNextEventIsRerouted() {
        ClusterState own = state(ownedBy(0, 0), 3, "ns_1", "COMPLETED", 10);
        ClusterState toOne = state(ownedBy(1, 0), 4, "ns_1", "PENDING", 0);
        Task zero = task(0, List.of(own, toOne));

        zero.fold().handOverIfHeld(id(own).getBytes(StandardCharsets.UTF_8), 0L);
        assertThat(zero.outputs()).as("its own cluster stays").isEmpty();

        zero.fold().handOverIfHeld(id(toOne).getBytes(StandardCharsets.UTF_8), 0L);
        assertThat(zero.store().get(id(toOne))).isNull();
        assertThat(zero.outputs()).filteredOn(FoldOutput.Routed.class::isInstance).hasSize(1);

        zero.context().resetForwards();
        zero.fold().handOverIfHeld(id(toOne).getBytes(StandardCharsets.UTF_8), 0L);
        assertThat(zero.handOverAll()).isEqualTo(1);
        assertThat(zero.outputs()).as("handed over once").isEmpty();
        assertThat(counters.handedOverCount()).isEqualTo(1);
    }

    @Test
    void aTaskThatOwnsEverythingItHoldsSchedulesNoHandOver() {
        Task zero = task(0, List.of(state(ownedBy(0, 0), 1, "ns_1", "PENDING", 0),
                state(ownedBy(0, 1), 1, "ns_1", "PENDING", 0)));

        assertThat(zero.context().scheduledPunctuators()).isEmpty();
    }

    @Test
    void aLargeStoreIsHandedOverInBoundedRoundsUntilNothingIsLeft() {
        List<ClusterState> states = new ArrayList<>();
        int misplaced = 0;
        for (int i = 0; i < FoldProcessor.HANDOFF_SCAN * 2 + 500; i++) {
            String id = "clust_" + i;
            states.add(state(id, 1, "ns_1", "PENDING", 0));
            misplaced += EventRouting.owner(id, PARTITIONS) == 0 ? 0 : 1;
        }
        Task zero = task(0, states);

        assertThat(zero.handOverAll()).isEqualTo(3);

        assertThat(counters.handedOverCount()).isEqualTo(misplaced);
        assertThat(zero.store().approximateNumEntries()).isEqualTo(states.size() - misplaced);
    }

    @Test
    void theOwnerAdoptsAHandedOverStateUnlessItHoldsALaterSequence() {
        String id = ownedBy(1, 0);
        ClusterState older = state(id, 4, "ns_1", "PENDING", 0);
        ClusterState newer = state(id, 9, "ns_1", "COMPLETED", 12);
        Task one = task(1, List.of());

        one.fold().adopt(handOver(id, newer));

        assertThat(one.store().get(id)).isEqualTo(newer);
        List<FoldOutput> outputs = one.outputs();
        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(0)).isInstanceOfSatisfying(FoldOutput.ViewChange.class,
                change -> assertThat(utf8(change.json())).isEqualTo(utf8(newer.clusterJson())));
        assertThat(outputs.get(1)).isEqualTo(
                new FoldOutput.StatsChange("org_1", new StatsDelta("ns_1", null, new Contribution("COMPLETED", 12))));
        assertThat(counters.adoptedCount()).isEqualTo(1);

        one.context().resetForwards();
        one.fold().adopt(handOver(id, older));

        assertThat(one.store().get(id)).as("the later sequence wins").isEqualTo(newer);
        assertThat(one.outputs()).isEmpty();
    }

    @Test
    void anAdoptedStateReplacesAnEarlierOneAndMovesItsStats() {
        String id = ownedBy(1, 0);
        ClusterState earlier = state(id, 2, "ns_1", "PENDING", 0);
        ClusterState later = state(id, 6, "ns_2", "FAILED", 0);
        Task one = task(1, List.of(earlier));

        one.fold().adopt(handOver(id, later));

        assertThat(one.store().get(id)).isEqualTo(later);
        assertThat(one.outputs()).filteredOn(FoldOutput.StatsChange.class::isInstance).containsExactly(
                new FoldOutput.StatsChange("org_1", new StatsDelta("ns_1", new Contribution("PENDING", 0), null)),
                new FoldOutput.StatsChange("org_1", new StatsDelta("ns_2", null, new Contribution("FAILED", 0))));
    }

    @Test
    void anUnreadableHandOverIsIgnored() {
        Task one = task(1, List.of());

        one.fold().adopt(new Record<>("clust_x".getBytes(StandardCharsets.UTF_8),
                "garbage".getBytes(StandardCharsets.UTF_8), 0L, new RecordHeaders()));
        one.fold().adopt(new Record<>(null, new byte[0], 0L, new RecordHeaders()));

        assertThat(one.outputs()).isEmpty();
        assertThat(one.store().approximateNumEntries()).isZero();
    }

    private static Record<byte[], byte[]> handOver(String id, ClusterState state) {
        return new Record<>(id.getBytes(StandardCharsets.UTF_8),
                StateSerdes.clusterState().serializer().serialize(null, state), 0L, new RecordHeaders());
    }
}
