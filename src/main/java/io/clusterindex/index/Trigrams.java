package io.clusterindex.index;

import java.util.Arrays;

/**
 * Trigrams as the {@link TrigramIndex} sees them: three consecutive characters that each {@linkplain #normal
 * normalise} to a printable ASCII character other than an uppercase letter, packed into an {@code int} (7 bits
 * each). Any other character (control characters included) breaks the run, so only literals of plain printable ASCII
 * narrow anything. There are {@value #DENSE_COUNT} such trigrams, numbered densely by {@link #dense}.
 *
 * <p>Why this is sound on both sides: every character a condition's literal character matches in a value (itself,
 * and under case-insensitive matching its simple case-fold orbit, which for ASCII letters adds only U+212A KELVIN
 * SIGN to {@code k} and U+017F LONG S to {@code s}) normalises, after the value is folded with
 * {@code toLowerCase(Locale.ROOT)}, to the normal form of the literal character; and the folding maps each such
 * character to exactly one character, so a run of them stays contiguous.
 */
final class Trigrams {
    /** Normal form of a character that breaks a run. */
    static final int BREAK = -1;
    private static final int[] NONE = new int[0];
    /** The characters a trigram holds: {@code ' '} to {@code '~'} without {@code 'A'} to {@code 'Z'}. */
    private static final char[] ALPHABET;
    /** By character, its place in {@link #ALPHABET}, or -1. */
    private static final int[] PLACE = new int[128];
    /** Distinct trigrams: {@link #dense} numbers them from 0 to this, excluded. */
    static final int DENSE_COUNT;

    static {
        StringBuilder alphabet = new StringBuilder();
        Arrays.fill(PLACE, -1);
        for (char c = ' '; c <= '~'; c++) {
            if (c < 'A' || c > 'Z') {
                PLACE[c] = alphabet.length();
                alphabet.append(c);
            }
        }
        ALPHABET = alphabet.toString().toCharArray();
        DENSE_COUNT = ALPHABET.length * ALPHABET.length * ALPHABET.length;
    }

    private Trigrams() {
    }

    /**
     * The normal form of {@code c}: printable ASCII lowercased, {@code ſ} as {@code s}, {@code K} as {@code k}, else
     * (control characters and everything beyond ASCII) {@link #BREAK}.
     */
    static int normal(char c) {
        if (c < 0x80) {
            if (c < ' ' || c > '~') {
                return BREAK;
            }
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }
        if (c == '\u017f') {
            return 's';
        }
        return c == '\u212a' ? 'k' : BREAK;
    }

    static int pack(int a, int b, int c) {
        return a << 14 | b << 7 | c;
    }

    /** The distinct trigrams of {@code text}, sorted. */
    static int[] of(CharSequence text) {
        int n = text.length();
        if (n < 3) {
            return NONE;
        }
        int[] found = new int[n - 2];
        int count = 0;
        int a = BREAK;
        int b = BREAK;
        for (int i = 0; i < n; i++) {
            int c = normal(text.charAt(i));
            if (a != BREAK && b != BREAK && c != BREAK) {
                found[count++] = pack(a, b, c);
            }
            a = b;
            b = c;
        }
        if (count == 0) {
            return NONE;
        }
        Arrays.sort(found, 0, count);
        int distinct = 1;
        for (int i = 1; i < count; i++) {
            if (found[i] != found[distinct - 1]) {
                found[distinct++] = found[i];
            }
        }
        return Arrays.copyOf(found, distinct);
    }

    /** The number of a {@link #pack packed} trigram, from 0 to {@link #DENSE_COUNT} excluded. */
    static int dense(int trigram) {
        int size = ALPHABET.length;
        return (PLACE[trigram >>> 14] * size + PLACE[trigram >>> 7 & 0x7f]) * size + PLACE[trigram & 0x7f];
    }

    /** The packed trigram of a {@link #dense} number. */
    static int ofDense(int dense) {
        int size = ALPHABET.length;
        return pack(ALPHABET[dense / (size * size)], ALPHABET[dense / size % size], ALPHABET[dense % size]);
    }

    /** A trigram as text, for messages and tests. */
    static String text(int trigram) {
        return new String(new char[] {(char) (trigram >>> 14), (char) (trigram >>> 7 & 0x7f), (char) (trigram & 0x7f)});
    }
}
