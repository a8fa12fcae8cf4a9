package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The trigram index's blocks: what is narrowed, what is left to the exact matcher, what readers keep. */
class TrigramIndexTest {

    private static TrigramIndex.Candidates candidates(TrigramIndex index, String literal) {
        return index.candidates(TrigramQuery.literal(literal));
    }

    @Test
    void idsBelowTheSealedMarkAreNarrowedAndTheUnsealedTailIsLeftToTheExactMatcher() {
        TrigramIndex index = new TrigramIndex(1);
        int ids = 3 * TrigramIndex.BLOCK + 10;
        for (int id = 1; id <= ids; id++) {
            index.add(id % 7 == 0 ? "Support #" + id : "chat " + id);
        }
        TrigramIndex.Candidates support = candidates(index, "support");
        assertThat(support.sealed()).isEqualTo(3 * TrigramIndex.BLOCK + 1);
        for (int id = 1; id <= ids; id++) {
            boolean expected = id % 7 == 0 || id >= support.sealed();
            assertThat(support.mayMatch(id)).as("id %d", id).isEqualTo(expected);
        }
        assertThat(support.ids().getCardinality()).isEqualTo((support.sealed() - 1) / 7);
    }

    @Test
    void containersAreCandidatesForEveryQueryAndOtherValuesForNone() {
        TrigramIndex index = new TrigramIndex(0);
        for (int id = 0; id < TrigramIndex.BLOCK; id++) {
            if (id == 5) {
                index.addOpaque();
            } else {
                index.add(id == 9 ? "kelvin" : null);
            }
        }
        assertThat(candidates(index, "kelvin").ids().toArray()).containsExactly(5, 9);
        assertThat(candidates(index, "absent").ids().toArray()).containsExactly(5);
    }

    @Test
    void aQueryWithoutTrigramsDoesNotNarrow() {
        TrigramIndex index = new TrigramIndex(0);
        index.add("abc");
        assertThat(candidates(index, "ab")).isNull();
        assertThat(candidates(index, "aİb")).isNull();
    }

    @Test
    void candidatesAReaderHoldsDoNotChangeWhileTheWriterGoesOn() {
        TrigramIndex index = new TrigramIndex(0);
        for (int id = 0; id < TrigramIndex.BLOCK; id++) {
            index.add("topic " + id);
        }
        TrigramIndex.Candidates held = candidates(index, "topic");
        RoaringBitmap copy = held.ids().clone();
        for (int id = 0; id < 5 * TrigramIndex.BLOCK; id++) {
            index.add("topic " + id);
        }
        assertThat(held.ids()).isEqualTo(copy);
        assertThat(held.sealed()).isEqualTo(TrigramIndex.BLOCK);
        assertThat(candidates(index, "topic").ids().getCardinality()).isEqualTo(6 * TrigramIndex.BLOCK);
    }

    @Test
    void anyOfAndAllOfCombineThePostingLists() {
        TrigramIndex index = new TrigramIndex(0);
        String[] values = {"alpha beta", "alpha", "beta", "gamma"};
        for (int id = 0; id < TrigramIndex.BLOCK; id++) {
            index.add(values[id % values.length]);
        }
        TrigramQuery alphaAndBeta = TrigramQuery.and(java.util.List.of(TrigramQuery.literal("alpha"),
                TrigramQuery.literal("beta")));
        TrigramQuery alphaOrGamma = TrigramQuery.or(java.util.List.of(TrigramQuery.literal("alpha"),
                TrigramQuery.literal("gamma")));
        assertThat(index.candidates(alphaAndBeta).ids().getCardinality()).isEqualTo(TrigramIndex.BLOCK / 4);
        assertThat(index.candidates(alphaOrGamma).ids().getCardinality()).isEqualTo(3 * TrigramIndex.BLOCK / 4);
    }

    @Test
    void aRemappedIndexNarrowsTheKeptIdsAsIfItHadBeenBuiltFromThemAndLeavesTheOldOneAsItWas() {
        java.util.Random random = new java.util.Random(7);
        int ids = 3 * TrigramIndex.BLOCK + 1000;
        TrigramIndex index = new TrigramIndex(1);
        String[] texts = new String[ids + 1];
        for (int id = 1; id <= ids; id++) {
            texts[id] = id % 11 == 0 ? null : (id % 7 == 0 ? "support " : "chat ") + id;
            if (id % 13 == 0) {
                index.addOpaque();
            } else {
                index.add(texts[id]);
            }
        }
        TrigramIndex.Candidates before = candidates(index, "support");
        int[] idTo = new int[ids + 1];
        List<Integer> kept = new ArrayList<>();
        int next = 1;
        for (int id = 1; id <= ids; id++) {
            idTo[id] = random.nextInt(3) == 0 ? -1 : next++;
            if (idTo[id] >= 0) {
                kept.add(id);
            }
        }

        TrigramIndex remapped = index.remapped(idTo, next);
        // more ids after the remap, so that the ids left unsealed by it get sealed with them
        for (int id = 0; id < TrigramIndex.BLOCK; id++) {
            remapped.add("chat more");
        }

        TrigramIndex.Candidates support = candidates(remapped, "support");
        assertThat(support.sealed()).isGreaterThan(kept.size());
        for (int to = 1; to < next; to++) {
            int id = kept.get(to - 1);
            boolean expected = id % 13 == 0 || id % 13 != 0 && texts[id] != null && texts[id].startsWith("support");
            assertThat(support.mayMatch(to)).as("id %d, now %d", id, to).isEqualTo(expected);
        }
        assertThat(candidates(index, "support").ids()).as("the old index is unchanged").isEqualTo(before.ids());
    }
}
