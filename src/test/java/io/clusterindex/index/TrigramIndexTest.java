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

    /**
     * Pending postings are an {@code int} each: the trigram's dense number and the id within its block. Every
     * trigram of every printable character round-trips through the number; control characters break a run.
     */
    @Test
    void everyTrigramHasADenseNumberAndControlCharactersBreakTheRun() {
        List<Character> printable = new ArrayList<>();
        for (char c = ' '; c <= '~'; c++) {
            if (Trigrams.normal(c) == c) {
                printable.add(c);
            }
        }
        assertThat(printable).hasSize(69);
        boolean[] seen = new boolean[Trigrams.DENSE_COUNT];
        for (char a : printable) {
            for (char b : printable) {
                for (char c : printable) {
                    int trigram = Trigrams.pack(a, b, c);
                    int dense = Trigrams.dense(trigram);
                    assertThat(seen[dense]).as("%s", Trigrams.text(trigram)).isFalse();
                    seen[dense] = true;
                    assertThat(Trigrams.ofDense(dense)).isEqualTo(trigram);
                }
            }
        }
        assertThat(Trigrams.normal('\t')).isEqualTo(Trigrams.BREAK);
        assertThat(Trigrams.normal('\u007f')).isEqualTo(Trigrams.BREAK);
        assertThat(Trigrams.of("ab\tcd\u0000ef")).isEmpty();
        assertThat(Trigrams.of("a\tbcd")).containsExactly(Trigrams.pack('b', 'c', 'd'));
    }

    /** Strings of some 50 trigrams each, across blocks and a remap with postings pending: narrowed exactly. */
    @Test
    void longStringsAreNarrowedAcrossBlocksAndAfterARemap() {
        TrigramIndex index = new TrigramIndex(0);
        int ids = 2 * TrigramIndex.BLOCK + 100;
        StringBuilder text = new StringBuilder();
        for (int id = 0; id < ids; id++) {
            text.setLength(0);
            for (int word = 0; word < 12; word++) {
                text.append("w").append((id * 31 + word * 7) % 1000).append("x ");
            }
            index.add((id % 5 == 0 ? "needle " : "") + text);
        }
        TrigramIndex.Candidates needle = candidates(index, "needle");
        assertThat(needle.sealed()).isEqualTo(2 * TrigramIndex.BLOCK);
        for (int id = 0; id < needle.sealed(); id++) {
            assertThat(needle.mayMatch(id)).as("id %d", id).isEqualTo(id % 5 == 0);
        }
        int[] idTo = new int[ids];
        int kept = 0;
        for (int id = 0; id < ids; id++) {
            idTo[id] = id % 2 == 0 ? kept++ : -1;
        }
        TrigramIndex remapped = index.remapped(idTo, kept);
        for (int i = 0; i < TrigramIndex.BLOCK; i++) {
            remapped.add(i % 3 == 0 ? "needle" : "hay");
        }
        TrigramIndex.Candidates after = candidates(remapped, "needle");
        assertThat(after.sealed()).as("the kept tail and a new block sealed").isGreaterThan(kept);
        for (int id = 0; id < after.sealed(); id++) {
            boolean expected = id < kept ? id * 2 % 5 == 0 : (id - kept) % 3 == 0;
            assertThat(after.mayMatch(id)).as("id %d", id).isEqualTo(expected);
        }
    }
}
