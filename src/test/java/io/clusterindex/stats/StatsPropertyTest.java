package io.clusterindex.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventType;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.fold.TestEvents;
import io.clusterindex.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Folds a few thousand random events over 50 clusters in 3 namespaces, building each stats delta exactly as the
 * processor does, and checks after every step that the running stats equal a full recount, and that stats fed
 * summed changes instead (two partitions' sums, sent at random steps, as the fold tasks do) equal them once every
 * pending sum is sent.
 */
class StatsPropertyTest {
    private static final int STEPS = 3_000;
    private static final int CLUSTERS = 50;
    private static final List<String> NAMESPACES = List.of("ns_alpha", "ns_beta", "ns_gamma");
    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 42L, 20_261_128L})
    void runningStatsEqualARecountAfterEveryRandomFoldApplication(long seed) {
        Random random = new Random(seed);
        Map<String, ClusterState> store = new HashMap<>();
        Map<String, NamespaceStats> running = new HashMap<>();
        // as the topology does: per "partition" (cluster index mod 2) a pending sum per namespace, sent at random
        Map<Integer, Map<String, StatsChange>> pending = Map.of(0, new HashMap<>(), 1, new HashMap<>());
        Map<String, NamespaceStats> summed = new HashMap<>();
        List<ClusterEvent> history = new ArrayList<>();
        Map<Class<?>, Integer> outcomes = new HashMap<>();
        Set<String> statusesSeen = new HashSet<>();

        for (int step = 0; step < STEPS; step++) {
            int index = random.nextInt(CLUSTERS);
            String clusterId = "clust_" + index;
            ClusterState current = store.get(clusterId);
            ClusterEvent event = randomEvent(random, step, clusterId, index, current);
            history.add(event);

            FoldOutcome outcome = ClusterFold.apply(event, current);
            outcomes.merge(outcome.getClass(), 1, Integer::sum);
            if (outcome instanceof FoldOutcome.Applied applied) {
                store.put(clusterId, applied.state());
                StatsDelta delta = new StatsDelta(event.namespaceId(), Contribution.of(applied.before()),
                        Contribution.of(applied.after()));
                applyDelta(running, delta);
                pending.get(index % 2).merge(delta.namespaceId(), StatsChange.of(delta), StatsChange::plus);
                if (applied.after() != null) {
                    statusesSeen.add(applied.after().get("status").textValue());
                }
            }

            for (String namespace : NAMESPACES) {
                assertThat(running.getOrDefault(namespace, NamespaceStats.empty(namespace)))
                        .as("stats of %s after step %d (%s)", namespace, step, event)
                        .isEqualTo(recount(store, namespace));
            }
            assertThat(running.values()).as("no stats kept for a namespace without live clusters")
                    .noneMatch(NamespaceStats::isEmpty);
            assertThat(running.keySet()).isSubsetOf(NAMESPACES);

            int partition = random.nextInt(2);
            if (random.nextInt(8) == 0) {
                send(pending.get(partition), summed);
            }
            Map<String, NamespaceStats> ifAllSentNow = new HashMap<>(summed);
            send(new HashMap<>(pending.get(0)), ifAllSentNow);
            send(new HashMap<>(pending.get(1)), ifAllSentNow);
            assertThat(ifAllSentNow).as("summed stats with every pending sum sent, after step %d", step)
                    .isEqualTo(running);
        }

        assertThat(outcomes.getOrDefault(FoldOutcome.Applied.class, 0)).as("applied").isGreaterThan(STEPS / 2);
        assertThat(outcomes.getOrDefault(FoldOutcome.Rejected.class, 0)).as("rejected").isGreaterThan(100);
        assertThat(outcomes.getOrDefault(FoldOutcome.Skipped.class, 0)).as("skipped").isGreaterThan(100);
        assertThat(statusesSeen).containsExactlyInAnyOrder("PENDING", "PROCESSING", "COMPLETED",
                "COMPLETED_WITH_ERRORS", "FAILED", "CANCELED");
        assertThat(running.values()).extracting(NamespaceStats::totalDocuments).anyMatch(documents -> documents > 0);

        replayFromScratchGivesTheSameViewAndStats(history, store, running);
    }

    private static void replayFromScratchGivesTheSameViewAndStats(List<ClusterEvent> history,
                                                                  Map<String, ClusterState> store,
                                                                  Map<String, NamespaceStats> running) {
        Map<String, ClusterState> replayedStore = new HashMap<>();
        Map<String, NamespaceStats> replayedStats = new HashMap<>();
        for (ClusterEvent event : history) {
            FoldOutcome outcome = ClusterFold.apply(event, replayedStore.get(event.clusterId()));
            if (outcome instanceof FoldOutcome.Applied applied) {
                replayedStore.put(event.clusterId(), applied.state());
                applyDelta(replayedStats, new StatsDelta(event.namespaceId(), Contribution.of(applied.before()),
                        Contribution.of(applied.after())));
            }
        }
        assertThat(replayedStore).isEqualTo(store);
        assertThat(replayedStats).isEqualTo(running);
    }

    /** Applies the pending sums, as the stats aggregation does after the repartition, and clears them. */
    private static void send(Map<String, StatsChange> sums, Map<String, NamespaceStats> stats) {
        sums.forEach((namespace, change) -> {
            NamespaceStats next = stats.getOrDefault(namespace, NamespaceStats.empty(namespace)).apply(change);
            if (next.isEmpty()) {
                stats.remove(namespace);
            } else {
                stats.put(namespace, next);
            }
        });
        sums.clear();
    }

    /** As the stats aggregation does: apply the delta, and drop the namespace once it has no live cluster. */
    private static void applyDelta(Map<String, NamespaceStats> running, StatsDelta delta) {
        NamespaceStats next = running.getOrDefault(delta.namespaceId(), NamespaceStats.empty(delta.namespaceId()))
                .apply(StatsChange.of(delta));
        if (next.isEmpty()) {
            running.remove(delta.namespaceId());
        } else {
            running.put(delta.namespaceId(), next);
        }
    }

    private static NamespaceStats recount(Map<String, ClusterState> store, String namespace) {
        List<ObjectNode> live = new ArrayList<>();
        for (ClusterState state : store.values()) {
            if (state.isLive() && state.cluster().get("namespace_id").textValue().equals(namespace)) {
                live.add(state.cluster());
            }
        }
        return Recount.of(namespace, live);
    }

    private static ClusterEvent randomEvent(Random random, int step, String clusterId, int index,
                                            ClusterState current) {
        long last = current == null ? 0 : current.sequence();
        long sequence;
        if (last > 0 && random.nextInt(100) < 8) {
            sequence = Math.max(1, last - random.nextInt(3));
        } else {
            sequence = last + 1 + (random.nextInt(4) == 0 ? random.nextInt(5) : 0);
        }
        boolean live = current != null && current.isLive();
        EventType type = live || random.nextInt(10) < 2 ? randomType(random) : EventType.CREATED;

        int owner = index % NAMESPACES.size();
        boolean foreignNamespace = random.nextInt(100) < 3;
        boolean foreignOrganization = random.nextInt(100) < 2;
        String namespace = NAMESPACES.get(foreignNamespace ? (owner + 1) % NAMESPACES.size() : owner);
        String organization = "org_" + (foreignOrganization ? owner + 10 : owner);

        String currentTask = live && current.cluster().get("last_execution_task_id").isTextual()
                ? current.cluster().get("last_execution_task_id").textValue() : "task_never";
        String task = random.nextInt(100) < 85 ? currentTask : "task_stale_" + step;

        ObjectNode data = Json.NODES.objectNode();
        switch (type) {
            case CREATED -> {
                data.put("cluster_name", "cluster " + step);
                data.putArray("input_collections").add("col_" + random.nextInt(5));
                data.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
                if (random.nextInt(20) == 0) {
                    data.remove("cluster_type");
                }
                if (random.nextBoolean()) {
                    data.putObject("metadata").put("step", step).putNull("nothing");
                }
            }
            case UPDATED -> {
                int kind = random.nextInt(10);
                if (kind == 0) {
                    data.put("status", "COMPLETED");
                } else if (kind == 1) {
                    data.putNull("cluster_type");
                } else {
                    data.put("cluster_name", "renamed " + step);
                    data.putObject("metadata").put("step", step);
                }
            }
            case EXECUTION_STARTED -> data.put("task_id", "task_" + step);
            case EXECUTION_COMPLETED -> {
                data.put("task_id", task);
                data.put("num_clusters", random.nextInt(20));
                data.put("num_documents_clustered", random.nextInt(25) == 0 ? -1 : random.nextInt(1_000));
                data.put("execution_time_seconds", random.nextDouble() * 100);
                data.put("with_errors", random.nextInt(4) == 0);
            }
            case EXECUTION_FAILED -> {
                data.put("task_id", task);
                if (random.nextBoolean()) {
                    data.putArray("llm_labeling_errors").add("error " + step);
                }
            }
            case EXECUTION_CANCELED -> data.put("task_id", task);
            case DELETED -> {
                // no data
            }
        }
        return TestEvents.event(type, sequence).eventId("evt_" + step).cluster(clusterId).namespace(namespace)
                .organization(organization).occurredAt(T0.plusSeconds(step)).data(data).build();
    }

    private static EventType randomType(Random random) {
        int roll = random.nextInt(100);
        if (roll < 4) {
            return EventType.CREATED;
        } else if (roll < 20) {
            return EventType.UPDATED;
        } else if (roll < 45) {
            return EventType.EXECUTION_STARTED;
        } else if (roll < 70) {
            return EventType.EXECUTION_COMPLETED;
        } else if (roll < 82) {
            return EventType.EXECUTION_FAILED;
        } else if (roll < 92) {
            return EventType.EXECUTION_CANCELED;
        }
        return EventType.DELETED;
    }
}
