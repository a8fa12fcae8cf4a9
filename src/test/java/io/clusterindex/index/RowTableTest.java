package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowTableTest {
    private static final IndexSegment A = new IndexSegment("org", "a", 16, 8192);
    private static final IndexSegment B = new IndexSegment("org", "b", 16, 8192);

    @Test
    void answersAsAMapThroughRandomAddsMovesAndRemovesWithCollidingKeys() {
        // "Aa" and "BB" have the same hashCode, so do all their concatenations: long probe chains
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1 << 9; i++) {
            StringBuilder id = new StringBuilder();
            for (int bit = 0; bit < 9; bit++) {
                id.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.toString());
        }
        for (int i = 0; i < 3000; i++) {
            ids.add("clu_" + i);
        }
        SplittableRandom random = new SplittableRandom(7);
        RowTable table = new RowTable();
        Map<String, long[]> expected = new HashMap<>();
        for (int step = 0; step < 60_000; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            int slot = table.find(id);
            assertThat(slot >= 0).isEqualTo(expected.containsKey(id));
            int action = random.nextInt(10);
            if (slot < 0) {
                int row = random.nextInt(1 << 20);
                IndexSegment segment = random.nextBoolean() ? A : B;
                table.add(id, segment, row);
                expected.put(id, new long[] {segment == A ? 0 : 1, row});
            } else if (action < 4) {
                table.remove(slot);
                expected.remove(id);
            } else {
                assertThat(table.segment(slot)).isSameAs(expected.get(id)[0] == 0 ? A : B);
                assertThat(table.row(slot)).isEqualTo((int) expected.get(id)[1]);
                int row = random.nextInt(1 << 20);
                table.set(slot, B, row);
                expected.put(id, new long[] {1, row});
            }
            assertThat(table.size()).isEqualTo(expected.size());
        }
        for (String id : ids) {
            int slot = table.find(id);
            if (expected.containsKey(id)) {
                assertThat(slot).isNotNegative();
                assertThat(table.segment(slot)).isSameAs(expected.get(id)[0] == 0 ? A : B);
                assertThat(table.row(slot)).isEqualTo((int) expected.get(id)[1]);
            } else {
                assertThat(slot).isEqualTo(-1);
            }
        }
    }

    @Test
    void emptiedTableHoldsNothingAndStaysWithinItsLoadFactor() {
        RowTable table = new RowTable();
        for (int i = 0; i < 10_000; i++) {
            table.add("c" + i, A, i);
        }
        assertThat(table.size()).isEqualTo(10_000);
        assertThat(table.slots().length).isLessThanOrEqualTo(16_384 * 2).isGreaterThanOrEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            table.remove(table.find("c" + i));
        }
        assertThat(table.size()).isZero();
        assertThat(table.slots()).containsOnlyNulls();
        assertThat(table.find("c1")).isEqualTo(-1);
    }
}
