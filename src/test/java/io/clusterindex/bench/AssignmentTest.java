package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    @Test
    void everyPartitionOnceAndEveryInstanceWithOneIsSpread() {
        assertThat(assignment(3, "a", Set.of(0, 1, 2)).verdict()).isEqualTo(Assignment.Verdict.SPREAD);
        assertThat(assignment(3, "a", Set.of(1), "b", Set.of(0, 2)).verdict()).isEqualTo(Assignment.Verdict.SPREAD);
        assertThat(assignment(3, "a", Set.of(2), "b", Set.of(0), "c", Set.of(1)).verdict())
                .isEqualTo(Assignment.Verdict.SPREAD);
    }

    @Test
    void anInstanceWithoutPartitionsWhileAllAreServedIsUneven() {
        assertThat(assignment(3, "a", Set.of(0, 1, 2), "b", Set.of()).verdict()).isEqualTo(Assignment.Verdict.UNEVEN);
        assertThat(assignment(3, "a", Set.of(0, 1), "b", Set.of(2), "c", Set.of()).verdict())
                .isEqualTo(Assignment.Verdict.UNEVEN);
    }

    @Test
    void aMissingOrDoublyServedPartitionIsIncomplete() {
        assertThat(assignment(3, "a", Set.of(0, 1), "b", Set.of()).verdict()).isEqualTo(Assignment.Verdict.INCOMPLETE);
        assertThat(assignment(3, "a", Set.of(0, 1), "b", Set.of(1, 2)).verdict())
                .isEqualTo(Assignment.Verdict.INCOMPLETE);
        assertThat(assignment(3, "a", Set.of(), "b", Set.of()).verdict()).isEqualTo(Assignment.Verdict.INCOMPLETE);
        assertThat(assignment(3, "a", Set.of(1, 2, 3)).verdict()).isEqualTo(Assignment.Verdict.INCOMPLETE);
    }

    @Test
    void describesInstancesInNameOrderWithSortedPartitions() {
        assertThat(assignment(3, "instance-2", Set.of(2, 0), "instance-1", Set.of(1)).describe())
                .isEqualTo("instance-1 [1], instance-2 [0, 2]");
    }

    private static Assignment assignment(int partitions, Object... nameAndPartitions) {
        Map<String, Set<Integer>> byInstance = new LinkedHashMap<>();
        for (int i = 0; i < nameAndPartitions.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<Integer> owned = (Set<Integer>) nameAndPartitions[i + 1];
            byInstance.put((String) nameAndPartitions[i], owned);
        }
        return new Assignment(byInstance, partitions);
    }
}
