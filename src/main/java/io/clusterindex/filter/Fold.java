package io.clusterindex.filter;

import java.util.Locale;

/**
 * Case folding of the engine: {@code toLowerCase(Locale.ROOT)} of the whole string, the same on both sides of
 * every case-insensitive comparison (condition values are folded once, at parse time).
 */
public final class Fold {
    private Fold() {
    }

    public static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    public static String apply(String text, boolean caseSensitive) {
        return caseSensitive ? text : fold(text);
    }
}
