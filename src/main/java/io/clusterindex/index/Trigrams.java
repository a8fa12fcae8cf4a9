package io.clusterindex.index;

import java.util.Arrays;

/**
 * Trigrams as the {@link TrigramIndex} sees them: three consecutive characters that each {@linkplain #normal
 * normalise} to a lowercase ASCII character, packed into an {@code int} (7 bits each). Any other character breaks
 * the run, so only literals of plain ASCII narrow anything.
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

    private Trigrams() {
    }

    /** The normal form of {@code c}: ASCII lowercased, {@code ſ} as {@code s}, {@code K} as {@code k}, else {@link #BREAK}. */
    static int normal(char c) {
        if (c < 0x80) {
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

    /** A trigram as text, for messages and tests. */
    static String text(int trigram) {
        return new String(new char[] {(char) (trigram >>> 14), (char) (trigram >>> 7 & 0x7f), (char) (trigram & 0x7f)});
    }
}
