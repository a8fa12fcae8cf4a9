package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The trigram index's candidates recorded in a column's verdicts: every id from the first to the sealed mark that is
 * no candidate fails (1); candidates, ids below the first and ids from the sealed mark on keep what they had.
 */
class TextNarrowingTest {
    @Test
    void ruleOutMarksExactlyTheNonCandidatesBetweenTheFirstIdAndTheSealedMark() {
        Random random = new Random(0x7E47_2026_1207L);
        for (int round = 0; round < 500; round++) {
            int length = 1 + random.nextInt(round < 400 ? 2_000 : 200_000);
            int first = random.nextInt(3);
            int sealed = random.nextInt(length + 100);
            double density = new double[] {0, 0.001, 0.05, 0.5, 0.97, 1}[random.nextInt(6)];
            RoaringBitmap ids = new RoaringBitmap();
            for (int id = first; id < length + 50; id++) {
                if (random.nextDouble() < density) {
                    ids.add(id);
                }
            }
            if (random.nextBoolean()) {
                // runs of candidates, as a dense trigram gives them
                int from = random.nextInt(length);
                ids.add((long) from, (long) Math.min(length, from + random.nextInt(5_000)));
            }
            ids.runOptimize();
            byte[] verdicts = new byte[length];
            for (int i = 0; i < length; i++) {
                verdicts[i] = (byte) random.nextInt(3);
            }
            byte[] expected = verdicts.clone();
            for (int id = first; id < Math.min(sealed, length); id++) {
                if (!ids.contains(id)) {
                    expected[id] = 1;
                }
            }

            TextNarrowing.ruleOut(new TrigramIndex.Candidates(ids, first, sealed), verdicts);

            assertThat(verdicts).as("round %d: %d ids, first %d, sealed %d, density %s", round, length, first,
                    sealed, density).isEqualTo(expected);
        }
    }
}
