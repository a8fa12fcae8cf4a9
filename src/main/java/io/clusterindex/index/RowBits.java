package io.clusterindex.index;

/** Sets of rows as bit sets ({@code long} words, row {@code r} at bit {@code r % 64} of word {@code r / 64}). */
final class RowBits {
    private RowBits() {
    }

    /** The words a set of {@code rows} rows takes. */
    static int words(int rows) {
        return (rows + 63) >>> 6;
    }

    /** The rows of {@code candidates} that pass {@code test}. */
    static long[] select(long[] candidates, RowTest test) {
        if (test instanceof RowTest.ByCode byCode) {
            return select(candidates, byCode);
        }
        long[] selected = new long[candidates.length];
        for (int w = 0; w < candidates.length; w++) {
            Courtesy.atWord(w);
            long kept = 0;
            for (long word = candidates[w]; word != 0; word &= word - 1) {
                int bit = Long.numberOfTrailingZeros(word);
                if (test.test((w << 6) + bit)) {
                    kept |= 1L << bit;
                }
            }
            selected[w] = kept;
        }
        return selected;
    }

    private static long[] select(long[] candidates, RowTest.ByCode test) {
        int[] codes = test.codes();
        byte[] memo = test.memo();
        long[] selected = new long[candidates.length];
        for (int w = 0; w < candidates.length; w++) {
            Courtesy.atWord(w);
            long kept = 0;
            for (long word = candidates[w]; word != 0; word &= word - 1) {
                int bit = Long.numberOfTrailingZeros(word);
                int row = (w << 6) + bit;
                byte known = memo[codes[row]];
                if (known == 2 || known == 0 && test.test(row)) {
                    kept |= 1L << bit;
                }
            }
            selected[w] = kept;
        }
        return selected;
    }

    /** The rows of {@code candidates} whose code (in {@code codes}, by row) is in the set {@code matching}. */
    static long[] selectCodes(long[] candidates, int[] codes, long[] matching) {
        long[] selected = new long[candidates.length];
        for (int w = 0; w < candidates.length; w++) {
            Courtesy.atWord(w);
            long kept = 0;
            for (long word = candidates[w]; word != 0; word &= word - 1) {
                int bit = Long.numberOfTrailingZeros(word);
                int code = codes[(w << 6) + bit];
                kept |= (matching[code >>> 6] >>> code & 1L) << bit;
            }
            selected[w] = kept;
        }
        return selected;
    }

    /** The rows of {@code a} that are not in {@code b}. */
    static long[] andNot(long[] a, long[] b) {
        long[] result = new long[a.length];
        for (int w = 0; w < a.length; w++) {
            result[w] = a[w] & ~b[w];
        }
        return result;
    }
}
