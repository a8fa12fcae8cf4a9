package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

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
}
