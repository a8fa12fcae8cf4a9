package io.clusterindex.request;

import io.clusterindex.engine.ListQuery;

/** The {@code limit} and {@code offset} query parameters: decimal integers within their ranges. */
final class PageParams {
    static final int MAX_LIMIT = 1000;
    static final int MAX_OFFSET = 10_000;
    private static final long SATURATION = 1_000_000_000_000L;

    private PageParams() {
    }

    static int limit(String raw, Location at, Problems problems) {
        return bounded(raw, "limit", ListQuery.DEFAULT_LIMIT, 1, MAX_LIMIT, at, problems);
    }

    static int offset(String raw, Location at, Problems problems) {
        return bounded(raw, "offset", ListQuery.DEFAULT_OFFSET, 0, MAX_OFFSET, at, problems);
    }

    private static int bounded(String raw, String name, int fallback, int min, int max, Location at,
                               Problems problems) {
        if (raw == null) {
            return fallback;
        }
        if (!isInteger(raw)) {
            problems.add(at, name + " must be an integer", ErrorTypes.TYPE_ERROR);
            return fallback;
        }
        long value = saturatedValue(raw);
        if (value < min || value > max) {
            problems.add(at, name + " must be between " + min + " and " + max, ErrorTypes.VALUE_ERROR);
            return fallback;
        }
        return (int) value;
    }

    /** The value of a valid integer string, clamped to +-10^12 (far outside every range) instead of overflowing. */
    private static long saturatedValue(String raw) {
        boolean negative = raw.startsWith("-");
        long magnitude = 0;
        for (int i = negative ? 1 : 0; i < raw.length(); i++) {
            magnitude = Math.min(SATURATION, magnitude * 10 + (raw.charAt(i) - '0'));
        }
        return negative ? -magnitude : magnitude;
    }

    /** An optional minus sign and at least one ASCII digit, nothing else. */
    private static boolean isInteger(String raw) {
        int start = raw.startsWith("-") ? 1 : 0;
        if (raw.length() == start) {
            return false;
        }
        for (int i = start; i < raw.length(); i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
