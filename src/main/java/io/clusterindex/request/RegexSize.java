package io.clusterindex.request;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper bound on the size of the program a regex compiles to: every literal, class or escape counts one, and a
 * counted repetition ({@code x{n}}, {@code x{n,}}, {@code x{n,m}}) multiplies what it repeats by its larger count, so
 * that nested counts multiply ({@code ((a{1000}){1000}){1000}} is 10^9, which RE2/J would try to build and run out of
 * memory on). Not a parser: what it cannot read as a count it counts as literals, which can only make the bound
 * larger; the syntax itself is checked by RE2/J afterwards.
 */
final class RegexSize {
    private RegexSize() {
    }

    /** The bound for {@code regex}, saturating at {@link Long#MAX_VALUE}. */
    static long of(String regex) {
        Deque<long[]> groups = new ArrayDeque<>();
        long[] current = {0};
        long last = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i = Math.min(regex.length(), i + 2);
                last = 1;
            } else if (c == '[') {
                i = endOfClass(regex, i);
                last = 1;
            } else if (c == '(') {
                groups.push(current);
                current = new long[] {0};
                last = 0;
                i++;
                continue;
            } else if (c == ')' && !groups.isEmpty()) {
                last = current[0];
                current = groups.pop();
                i++;
            } else if (c == '{' && last > 0 && count(regex, i) >= 0) {
                current[0] = saturated(current[0] - last, times(last, count(regex, i)));
                last = 0;
                i = regex.indexOf('}', i) + 1;
                continue;
            } else {
                last = 1;
                i++;
            }
            current[0] = saturated(current[0], last);
        }
        while (!groups.isEmpty()) {
            long inner = current[0];
            current = groups.pop();
            current[0] = saturated(current[0], inner);
        }
        return current[0];
    }

    /** The larger count of the repetition {@code {n}}, {@code {n,}} (n + 1) or {@code {n,m}} at {@code open}; else -1. */
    private static long count(String regex, int open) {
        int close = regex.indexOf('}', open);
        if (close < 0) {
            return -1;
        }
        String inside = regex.substring(open + 1, close);
        if (!inside.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
            return -1;
        }
        int comma = inside.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(inside);
        }
        long low = Long.parseLong(inside.substring(0, comma));
        return comma == inside.length() - 1 ? low + 1 : Math.max(low, Long.parseLong(inside.substring(comma + 1)));
    }

    private static int endOfClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length() && regex.charAt(i) != ']') {
            i += regex.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(regex.length(), i + 1);
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
