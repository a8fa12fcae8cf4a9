package io.clusterindex.filter;

/**
 * String order by Unicode code point (not by UTF-16 unit, which misplaces supplementary characters); a lone
 * surrogate counts as the code point of its own value, as {@link String#codePoints()} does.
 */
public final class CodePoints {
    private CodePoints() {
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    boolean completesPair = (Character.isLowSurrogate(x) || Character.isLowSurrogate(y))
                            && i > 0 && Character.isHighSurrogate(a.charAt(i - 1));
                    int at = completesPair ? i - 1 : i;
                    return Integer.compare(a.codePointAt(at), b.codePointAt(at));
                }
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Whether {@code s} holds a surrogate (paired or not): only then can the two orders of strings differ. */
    public static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
