package io.clusterindex.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsChangeTest {
    private static final String NS = "ns_1";

    @Test
    void oneEventsChangeTakesTheOldContributionOutAndPutsTheNewOneIn() {
        StatsChange change = StatsChange.of(new StatsDelta(NS, new Contribution("PROCESSING", 0),
                new Contribution("COMPLETED", 120)));

        assertThat(change).isEqualTo(new StatsChange(NS, 0, 120, Map.of("PROCESSING", -1L, "COMPLETED", 1L)));
        assertThat(StatsChange.of(new StatsDelta(NS, null, new Contribution("PENDING", 0))))
                .isEqualTo(new StatsChange(NS, 1, 0, Map.of("PENDING", 1L)));
        assertThat(StatsChange.of(new StatsDelta(NS, new Contribution("FAILED", 7), null)))
                .isEqualTo(new StatsChange(NS, -1, -7, Map.of("FAILED", -1L)));
    }

    @Test
    void sumsDropStatusesThatCancelOutAndCanBeZero() {
        StatsChange created = StatsChange.of(new StatsDelta(NS, null, new Contribution("PENDING", 0)));
        StatsChange started = StatsChange.of(new StatsDelta(NS, new Contribution("PENDING", 0),
                new Contribution("PROCESSING", 0)));
        StatsChange deleted = StatsChange.of(new StatsDelta(NS, new Contribution("PROCESSING", 0), null));

        assertThat(created.plus(started)).isEqualTo(new StatsChange(NS, 1, 0, Map.of("PROCESSING", 1L)));
        assertThat(created.plus(started).plus(deleted).isZero()).isTrue();
        assertThat(created.plus(started).plus(deleted).byStatus()).isEmpty();
        assertThat(new StatsChange(NS, 0, 0, Map.of("PENDING", 0L)).isZero()).isTrue();
        assertThatThrownBy(() -> created.plus(StatsChange.of(new StatsDelta("ns_2", null,
                new Contribution("PENDING", 0))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsApplyASumInOneStepEvenWhenAStatusGoesNegativeOnTheWay() {
        NamespaceStats stats = new NamespaceStats(NS, 1, 0, Map.of("PENDING", 1L));
        // cluster 2 is created and started, cluster 1 is then started: PROCESSING goes to 2 via intermediate sums
        StatsChange change = new StatsChange(NS, 1, 0, Map.of("PENDING", -1L, "PROCESSING", 2L));

        assertThat(stats.apply(change)).isEqualTo(new NamespaceStats(NS, 2, 0, Map.of("PROCESSING", 2L)));
    }

    @Test
    void aChangeThatWouldLeaveNegativeOrInconsistentCountsIsRefused() {
        NamespaceStats stats = new NamespaceStats(NS, 1, 0, Map.of("PENDING", 1L));

        assertThatThrownBy(() -> stats.apply(new StatsChange(NS, 0, 0, Map.of("PENDING", -2L, "FAILED", 2L))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("negative count for status PENDING");
        assertThatThrownBy(() -> stats.apply(new StatsChange(NS, 1, 0, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("add up to 1, not to its 2 clusters");
        assertThatThrownBy(() -> stats.apply(new StatsChange(NS, 0, -1, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-1 documents in 1 clusters");
        assertThatThrownBy(() -> stats.apply(new StatsChange(NS, -1, 5, Map.of("PENDING", -1L))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("5 documents in 0 clusters");
    }
}
