package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class FailOverTest {
    private static final HostInfo SELF = new HostInfo("self", 1);
    private static final HostInfo STANDBY = new HostInfo("standby", 1);
    private static final HostInfo ACTIVE = new HostInfo("active", 1);

    private final FailOver failOver = new FailOver(SELF, Map.of(ACTIVE, partitions(1, 2)),
            Map.of(STANDBY, partitions(1)));

    @Test
    void copiesAreOfferedThisInstanceFirstThenTheStandbyThenTheActiveTaskEachOnce() {
        assertThat(failOver.nextRound(partitions(1, 2), Set.of())).isEqualTo(Map.of(SELF, partitions(1, 2)));
        assertThat(failOver.nextRound(partitions(1, 2), Set.of()))
                .isEqualTo(Map.of(STANDBY, partitions(1), ACTIVE, partitions(2)));
        assertThat(failOver.nextRound(partitions(1, 2), Set.of())).isEqualTo(Map.of(ACTIVE, partitions(1)));
        assertThat(failOver.nextRound(partitions(1, 2), Set.of())).as("every copy asked").isEmpty();
    }

    @Test
    void unreachableInstancesAreSkipped() {
        failOver.nextRound(partitions(1), Set.of());

        assertThat(failOver.nextRound(partitions(1), Set.of(STANDBY))).isEqualTo(Map.of(ACTIVE, partitions(1)));
    }

    @Test
    void aPartitionNobodyKeepsIsOfferedToThisInstanceOnly() {
        assertThat(failOver.nextRound(partitions(0), Set.of())).isEqualTo(Map.of(SELF, partitions(0)));
        assertThat(failOver.nextRound(partitions(0), Set.of())).isEmpty();
    }

    private static SortedSet<Integer> partitions(Integer... partitions) {
        return new TreeSet<>(List.of(partitions));
    }
}
