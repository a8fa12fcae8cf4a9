package io.clusterindex.index;

import java.util.function.IntPredicate;

/** Whether a row of a snapshot passes one condition. */
interface RowTest {
    boolean test(int row);

    /**
     * A test by the row's dictionary code, each code's verdict computed once and kept in {@code memo} (0 unknown,
     * 1 false, 2 true); {@link RowBits#select} inlines it.
     */
    record ByCode(int[] codes, byte[] memo, IntPredicate verdict) implements RowTest {
        @Override
        public boolean test(int row) {
            return passes(memo, codes[row], verdict);
        }

        /** {@code verdict} of {@code code} (or of a row, for a memo by row), taken from {@code memo} or computed once and kept there. */
        static boolean passes(byte[] memo, int code, IntPredicate verdict) {
            return passes(memo, code, verdict, code);
        }

        /**
         * The verdict kept at {@code memo[key]}, or else {@code verdict} of {@code argument} (what the key stands
         * for, such as a row of the id number {@code key}), computed once and kept there.
         */
        static boolean passes(byte[] memo, int key, IntPredicate verdict, int argument) {
            byte known = memo[key];
            if (known == 0) {
                known = verdict.test(argument) ? (byte) 2 : (byte) 1;
                memo[key] = known;
                Courtesy.afterVerdict(key);
            }
            return known == 2;
        }
    }
}
