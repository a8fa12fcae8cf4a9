package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;
import java.util.Arrays;

/**
 * One of the four timestamp fields of an {@link IndexSegment}, as an instant per row (seconds and nanoseconds),
 * so that comparisons and sorting never parse text. The view writes every timestamp in one canonical form
 * ({@link Timestamps#format}), so the text is rebuilt exactly when a condition needs it; a value that is not in
 * that form cannot be stored ({@link #set} returns false) and the segment then leaves queries to the full scan.
 * Concurrency as in {@link DictColumn}.
 */
final class TimestampColumn {
    /** Nanosecond values that mark a row without an instant. */
    static final int ABSENT = -1;
    static final int NULL = -2;

    /** Instants as epoch nanoseconds fit in a {@code long} between these seconds (years 1678 to 2261). */
    private static final long MIN_NANO_SECOND = Long.MIN_VALUE / 1_000_000_000L + 1;
    private static final long MAX_NANO_SECOND = Long.MAX_VALUE / 1_000_000_000L - 1;

    private volatile long[] seconds;
    private volatile int[] nanos;
    /** Per row: the instant in epoch nanoseconds, for the fast path of sorting (see {@link #hasEpochNanos}). */
    private volatile long[] epochNanos;
    /** False once a row holds an instant outside the {@code long} nanosecond range. */
    private volatile boolean epochNanosExact = true;
    private final InstantOrder order = new InstantOrder();

    TimestampColumn(int capacity) {
        seconds = new long[capacity];
        nanos = new int[capacity];
        epochNanos = new long[capacity];
    }

    /** The bytes of this column's arrays. Any thread. */
    long estimatedBytes() {
        return MemoryEstimate.longs(seconds.length) + MemoryEstimate.ints(nanos.length)
                + MemoryEstimate.longs(epochNanos.length) + order.estimatedBytes();
    }

    /** Writer: false when {@code value} is neither absent, null, nor a canonical timestamp. */
    boolean set(int row, JsonNode value) {
        if (value == null || value.isNull()) {
            nanos[row] = value == null ? ABSENT : NULL;
            order.added(this, row + 1);
            return true;
        }
        Instant at = value.isTextual() ? Rfc3339.parse(value.textValue()) : null;
        if (at == null || !isCanonical(value.textValue(), at)) {
            return false;
        }
        seconds[row] = at.getEpochSecond();
        nanos[row] = at.getNano();
        setEpochNanos(row);
        order.added(this, row + 1);
        return true;
    }

    /**
     * Whether {@code text}, which {@link Rfc3339#parse} read as {@code at}, is exactly {@link Timestamps#format}
     * of {@code at} ({@code ISO_INSTANT}: a four-digit year, {@code T}, {@code Z}, the fraction in groups of three
     * digits and only as long as needed), without formatting it.
     */
    static boolean isCanonical(String text, Instant at) {
        int length = text.length();
        if (text.charAt(10) != 'T' || text.charAt(length - 1) != 'Z') {
            return false;
        }
        int nano = at.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        return length == (fractionDigits == 0 ? 20 : 21 + fractionDigits);
    }

    /** Writer: {@code row} holds the same value as {@code previousRow} (a previous version of the cluster). */
    void copy(int row, int previousRow) {
        copyTo(previousRow, this, row);
    }

    private void setEpochNanos(int row) {
        long second = seconds[row];
        if (second < MIN_NANO_SECOND || second > MAX_NANO_SECOND) {
            epochNanosExact = false;
        } else {
            epochNanos[row] = second * 1_000_000_000L + nanos[row];
        }
    }

    /** Writer: copies row {@code row} to row {@code to} of {@code target}. */
    void copyTo(int row, TimestampColumn target, int to) {
        target.seconds[to] = seconds[row];
        target.nanos[to] = nanos[row];
        if (nanos[row] >= 0) {
            target.setEpochNanos(to);
        }
        target.order.added(target, to + 1);
    }

    /** Writer: sorts every row below {@code rows} into {@link #order()}. */
    void settle(int rows) {
        order.settle(this, rows);
    }

    /** The rows in order of their instants, as the writer last merged them. */
    InstantOrder.Sorted order() {
        return order.sorted();
    }

    void grow(int capacity) {
        seconds = Arrays.copyOf(seconds, capacity);
        nanos = Arrays.copyOf(nanos, capacity);
        epochNanos = Arrays.copyOf(epochNanos, capacity);
    }

    /** Whether {@link #epochNanos()} holds every instant of the column exactly. */
    boolean hasEpochNanos() {
        return epochNanosExact;
    }

    /** Per row: the instant in epoch nanoseconds (meaningless where {@link #nanos()} is negative). */
    long[] epochNanos() {
        return epochNanos;
    }

    /** Read {@link #nanos()} first. */
    long[] seconds() {
        return seconds;
    }

    int[] nanos() {
        return nanos;
    }

    /** The stored value as the view holds it: null when absent. */
    static JsonNode value(long second, int nano) {
        return switch (nano) {
            case ABSENT -> null;
            case NULL -> JsonNodeFactory.instance.nullNode();
            default -> JsonNodeFactory.instance.textNode(Timestamps.format(Instant.ofEpochSecond(second, nano)));
        };
    }
}
