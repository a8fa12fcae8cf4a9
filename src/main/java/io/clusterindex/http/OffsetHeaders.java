package io.clusterindex.http;

import java.time.Duration;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-your-writes headers: {@code X-View-Offsets} and {@code X-Min-Offsets} hold {@code partition:offset}
 * pairs of {@code cluster-events} separated by commas ({@code 0:1045,1:998,2:1210}, partitions ascending when
 * written); {@code X-Wait-Ms} bounds the wait. A bad value is a 400 that names the header. An answer served partly
 * from standby or restoring copies says so with {@code X-View-Stale: true} and {@code X-View-Lag} (same format,
 * the lag in changelog records instead of an offset).
 */
final class OffsetHeaders {
    static final String VIEW_OFFSETS = "X-View-Offsets";
    static final String MIN_OFFSETS = "X-Min-Offsets";
    static final String WAIT_MS = "X-Wait-Ms";
    /** {@code true} when some partitions were served from a standby replica or a restoring task. */
    static final String VIEW_STALE = "X-View-Stale";
    /** With {@link #VIEW_STALE}: {@code partition:records} pairs, the changelog records those copies had not applied. */
    static final String VIEW_LAG = "X-View-Lag";
    static final Duration DEFAULT_WAIT = Duration.ofMillis(5_000);
    static final Duration MAX_WAIT = Duration.ofMillis(30_000);

    private static final Pattern PAIR = Pattern.compile("\\s*(\\d{1,10})\\s*:\\s*(-1|\\d{1,19})\\s*");
    private static final Pattern MILLIS = Pattern.compile("\\s*(\\d{1,10})\\s*");
    private static final int MAX_ECHO = 80;

    private OffsetHeaders() {
    }

    /** {@code 0:1045,1:998}; empty when there is no position. */
    static String format(SortedMap<Integer, Long> positions) {
        StringJoiner text = new StringJoiner(",");
        positions.forEach((partition, offset) -> text.add(partition + ":" + offset));
        return text.toString();
    }

    /** The partitions and offsets of an {@code X-Min-Offsets} value; empty when the header is absent. */
    static SortedMap<Integer, Long> parseMinOffsets(String header) {
        SortedMap<Integer, Long> minimum = new TreeMap<>();
        if (header == null) {
            return minimum;
        }
        for (String pair : header.split(",", -1)) {
            Matcher m = PAIR.matcher(pair);
            if (!m.matches()) {
                throw badOffsets(header, "partition:offset pairs separated by commas, such as 0:1045,1:998");
            }
            long partition = Long.parseLong(m.group(1));
            long offset = parseOffset(m.group(2), header);
            if (partition > Integer.MAX_VALUE) {
                throw badOffsets(header, "partitions between 0 and " + Integer.MAX_VALUE);
            }
            if (minimum.put((int) partition, offset) != null) {
                throw badOffsets(header, "each partition once; partition " + partition + " is repeated");
            }
        }
        return minimum;
    }

    /** The wait an {@code X-Wait-Ms} value asks for: 0..30000 ms, {@link #DEFAULT_WAIT} when absent. */
    static Duration parseWait(String header) {
        if (header == null) {
            return DEFAULT_WAIT;
        }
        Matcher m = MILLIS.matcher(header);
        if (!m.matches() || Long.parseLong(m.group(1)) > MAX_WAIT.toMillis()) {
            throw ApiException.badRequest(WAIT_MS + " must be a whole number of milliseconds from 0 to "
                    + MAX_WAIT.toMillis() + " (got '" + echo(header) + "')");
        }
        return Duration.ofMillis(Long.parseLong(m.group(1)));
    }

    private static long parseOffset(String text, String header) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw badOffsets(header, "offsets between -1 and " + Long.MAX_VALUE);
        }
    }

    private static ApiException badOffsets(String header, String expected) {
        return ApiException.badRequest(MIN_OFFSETS + " must hold " + expected + " (got '" + echo(header) + "')");
    }

    private static String echo(String header) {
        return header.length() <= MAX_ECHO ? header : header.substring(0, MAX_ECHO) + "...";
    }

    /** {@code partition 7} or {@code partitions 3,7}. */
    static String partitions(Iterable<Integer> partitions) {
        StringJoiner text = new StringJoiner(",");
        partitions.forEach(p -> text.add(Integer.toString(p)));
        return (text.toString().contains(",") ? "partitions " : "partition ") + text;
    }
}
