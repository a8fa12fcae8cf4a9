package io.clusterindex.stats;

import static io.clusterindex.fold.TestEvents.NAMESPACE;
import static io.clusterindex.fold.TestEvents.applied;
import static io.clusterindex.fold.TestEvents.completed;
import static io.clusterindex.fold.TestEvents.created;
import static io.clusterindex.fold.TestEvents.deleted;
import static io.clusterindex.fold.TestEvents.event;
import static io.clusterindex.fold.TestEvents.object;
import static io.clusterindex.fold.TestEvents.started;
import static io.clusterindex.fold.TestEvents.withCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventType;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceStatsTest {

    @Test
    void emptyStatsHaveZeroCountsAndAverageZero() {
        NamespaceStats empty = NamespaceStats.empty(NAMESPACE);

        assertThat(empty.namespaceId()).isEqualTo(NAMESPACE);
        assertThat(empty.totalClusters()).isZero();
        assertThat(empty.totalDocuments()).isZero();
        assertThat(empty.avgDocumentsPerCluster()).isEqualTo(0.0);
        assertThat(empty.clustersByStatus()).isEmpty();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(Recount.of(NAMESPACE, List.of())).isEqualTo(empty);
    }

    @Test
    void averageIsDocumentsOverClusters() {
        NamespaceStats stats = NamespaceStats.empty(NAMESPACE)
                .apply(change(null, new Contribution("COMPLETED", 7)))
                .apply(change(null, new Contribution("COMPLETED", 3)))
                .apply(change(null, new Contribution("PENDING", 0)));

        assertThat(stats.totalClusters()).isEqualTo(3);
        assertThat(stats.totalDocuments()).isEqualTo(10);
        assertThat(stats.avgDocumentsPerCluster()).isCloseTo(10.0 / 3, within(1e-12));
        assertThat(stats.clustersByStatus()).containsExactly(Map.entry("COMPLETED", 2L), Map.entry("PENDING", 1L));
    }

    @Test
    void contributionOfAClusterIsItsStatusAndDocumentsWithNullCountedAsZero() {
        assertThat(Contribution.of(null)).isNull();
        assertThat(Contribution.of(object("{\"status\": \"PENDING\", \"num_documents_clustered\": null}")))
                .isEqualTo(new Contribution("PENDING", 0));
        assertThat(Contribution.of(object("{\"status\": \"PENDING\"}"))).isEqualTo(new Contribution("PENDING", 0));
        assertThat(Contribution.of(object("{\"status\": \"COMPLETED\", \"num_documents_clustered\": 3400}")))
                .isEqualTo(new Contribution("COMPLETED", 3400));
        assertThat(Contribution.of(object("{\"status\": \"COMPLETED\", \"num_documents_clustered\": 9000000000}")))
                .isEqualTo(new Contribution("COMPLETED", 9_000_000_000L));
    }

    @Test
    void deltasOfCreateStatusChangeDocumentsChangeAndDeleteEqualTheRecount() {
        Map<String, ClusterState> clusters = new HashMap<>();
        NamespaceStats running = NamespaceStats.empty(NAMESPACE);

        running = fold(clusters, running, withCluster(created(1), "c1"));
        assertThat(running).isEqualTo(new NamespaceStats(NAMESPACE, 1, 0, Map.of("PENDING", 1L)));
        running = fold(clusters, running, withCluster(created(1), "c2"));
        assertThat(running).isEqualTo(new NamespaceStats(NAMESPACE, 2, 0, Map.of("PENDING", 2L)));
        assertThat(running).isEqualTo(recount(clusters));

        running = fold(clusters, running, withCluster(started(2, "t1"), "c1"));
        assertThat(running).isEqualTo(new NamespaceStats(NAMESPACE, 2, 0, Map.of("PENDING", 1L, "PROCESSING", 1L)));
        assertThat(running).isEqualTo(recount(clusters));

        running = fold(clusters, running, withCluster(completed(3, "t1", 120), "c1"));
        assertThat(running).isEqualTo(new NamespaceStats(NAMESPACE, 2, 120, Map.of("PENDING", 1L, "COMPLETED", 1L)));
        assertThat(running.avgDocumentsPerCluster()).isEqualTo(60.0);
        assertThat(running).isEqualTo(recount(clusters));

        running = fold(clusters, running, withCluster(started(4, "t2"), "c1"));
        running = fold(clusters, running, withCluster(completed(5, "t2", 45), "c1"));
        assertThat(running).as("documents change from 120 to 45")
                .isEqualTo(new NamespaceStats(NAMESPACE, 2, 45, Map.of("PENDING", 1L, "COMPLETED", 1L)));
        assertThat(running).isEqualTo(recount(clusters));

        running = fold(clusters, running, event(EventType.UPDATED, 6).cluster("c1")
                .data("{\"cluster_name\": \"renamed\"}").build());
        assertThat(running).as("an update that changes no contribution")
                .isEqualTo(new NamespaceStats(NAMESPACE, 2, 45, Map.of("PENDING", 1L, "COMPLETED", 1L)));

        running = fold(clusters, running, withCluster(deleted(7), "c1"));
        assertThat(running).isEqualTo(new NamespaceStats(NAMESPACE, 1, 0, Map.of("PENDING", 1L)));
        assertThat(running).isEqualTo(recount(clusters));

        running = fold(clusters, running, withCluster(deleted(2), "c2"));
        assertThat(running).isEqualTo(NamespaceStats.empty(NAMESPACE));
        assertThat(running.isEmpty()).isTrue();
        assertThat(running.avgDocumentsPerCluster()).isEqualTo(0.0);
        assertThat(running).isEqualTo(recount(clusters));
    }

    @Test
    void statusesWithACountOfZeroAreLeftOut() {
        NamespaceStats stats = NamespaceStats.empty(NAMESPACE).apply(change(null, new Contribution("PENDING", 0)));

        NamespaceStats moved = stats.apply(change(new Contribution("PENDING", 0), new Contribution("PROCESSING", 0)));

        assertThat(moved.clustersByStatus()).containsOnlyKeys("PROCESSING");
        assertThat(moved.apply(change(new Contribution("PROCESSING", 0), null)).clustersByStatus()).isEmpty();
    }

    @Test
    void deltaWithTheSameContributionOnBothSidesChangesNothing() {
        NamespaceStats stats = NamespaceStats.empty(NAMESPACE).apply(change(null, new Contribution("COMPLETED", 5)));

        assertThat(stats.apply(change(new Contribution("COMPLETED", 5), new Contribution("COMPLETED", 5))))
                .isEqualTo(stats);
        assertThat(stats.apply(change(null, null))).isEqualTo(stats);
    }

    @Test
    void removingWhatWasNeverAddedFailsLoudly() {
        NamespaceStats stats = NamespaceStats.empty(NAMESPACE).apply(change(null, new Contribution("PENDING", 0)));

        assertThatThrownBy(() -> stats.apply(change(new Contribution("FAILED", 0), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FAILED");
    }

    @Test
    void statsAreImmutable() {
        NamespaceStats stats = NamespaceStats.empty(NAMESPACE).apply(change(null, new Contribution("PENDING", 0)));
        Map<String, Long> source = new HashMap<>(Map.of("A", 1L));
        NamespaceStats built = new NamespaceStats(NAMESPACE, 1, 0, source);
        source.put("B", 2L);

        stats.apply(change(null, new Contribution("PENDING", 0)));

        assertThat(stats.totalClusters()).isEqualTo(1);
        assertThat(built.clustersByStatus()).containsOnlyKeys("A");
        assertThatThrownBy(() -> stats.clustersByStatus().put("X", 1L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recountCountsEveryLiveClusterOnce() {
        List<ObjectNode> live = List.of(
                object("{\"status\": \"COMPLETED\", \"num_documents_clustered\": 10}"),
                object("{\"status\": \"COMPLETED_WITH_ERRORS\", \"num_documents_clustered\": 5}"),
                object("{\"status\": \"FAILED\", \"num_documents_clustered\": null}"),
                object("{\"status\": \"COMPLETED\", \"num_documents_clustered\": 0}"));

        assertThat(Recount.of("ns_x", live)).isEqualTo(new NamespaceStats("ns_x", 4, 15,
                Map.of("COMPLETED", 2L, "COMPLETED_WITH_ERRORS", 1L, "FAILED", 1L)));
    }

    // ---------------------------------------------------------------- helpers

    /** Folds the event the way the processor does and applies the resulting delta to the running stats. */
    private static NamespaceStats fold(Map<String, ClusterState> clusters, NamespaceStats running,
                                       ClusterEvent event) {
        FoldOutcome.Applied outcome = applied(ClusterFold.apply(event, clusters.get(event.clusterId())));
        clusters.put(event.clusterId(), outcome.state());
        return running.apply(StatsChange.of(new StatsDelta(event.namespaceId(), Contribution.of(outcome.before()),
                Contribution.of(outcome.after()))));
    }

    /** The change of one event of the test namespace: its cluster's old contribution out, its new one in. */
    private static StatsChange change(Contribution removed, Contribution added) {
        return StatsChange.of(new StatsDelta(NAMESPACE, removed, added));
    }

    private static NamespaceStats recount(Map<String, ClusterState> clusters) {
        List<ObjectNode> live = new ArrayList<>();
        for (ClusterState state : clusters.values()) {
            if (state.isLive()) {
                live.add(state.cluster());
            }
        }
        return Recount.of(NAMESPACE, live);
    }
}
