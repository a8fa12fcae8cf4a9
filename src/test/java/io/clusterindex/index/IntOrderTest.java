package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IntOrderTest {
    private static final int[] KEYS = new Random(3).ints(1000, 0, 40).toArray();
    /** By key only: equal keys tie, so stability shows in the order of the ints themselves. */
    private static final IntBinaryOperator BY_KEY = (a, b) -> Integer.compare(KEYS[a], KEYS[b]);

    @Test
    void sortingOrdersByKeyAndKeepsEqualKeysInTheirOrder() {
        for (int length : new int[] {0, 1, 2, 3, 64, 65, 999}) {
            int[] items = IntStream.range(0, length).toArray();
            IntOrder.sort(items, BY_KEY);
            assertThat(items).as("length " + length).isEqualTo(byKeyThenValue(0, length));
        }
    }

    @Test
    void aMergedRunLandsWhereAFullSortWouldPutIt() {
        int[] sorted = byKeyThenValue(0, 700);
        int[] merged = IntOrder.mergeRun(Arrays.copyOf(sorted, 900), 700, 700, 1000, BY_KEY);
        assertThat(merged).isEqualTo(byKeyThenValue(0, 1000));
    }

    @Test
    void anEmptyRunLeavesTheSortedPartAlone() {
        int[] sorted = byKeyThenValue(0, 10);
        assertThat(IntOrder.mergeRun(sorted, 10, 10, 10, BY_KEY)).isEqualTo(sorted);
        assertThat(IntOrder.mergeRun(new int[0], 0, 0, 3, BY_KEY)).isEqualTo(byKeyThenValue(0, 3));
    }

    @Test
    void theFirstPositionWhereATestStartsToHoldIsFoundAtEitherEndToo() {
        assertThat(IntOrder.first(0, 100, i -> i >= 37)).isEqualTo(37);
        assertThat(IntOrder.first(0, 100, i -> true)).isZero();
        assertThat(IntOrder.first(0, 100, i -> false)).isEqualTo(100);
        assertThat(IntOrder.first(5, 5, i -> true)).isEqualTo(5);
    }

    private static int[] byKeyThenValue(int from, int to) {
        return IntStream.range(from, to).boxed()
                .sorted((a, b) -> KEYS[a] != KEYS[b] ? Integer.compare(KEYS[a], KEYS[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
