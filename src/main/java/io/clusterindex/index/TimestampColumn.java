package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the four timestamp fields of an {@link IndexSegment}, as an instant per row in epoch nanoseconds (one
 * {@code long}), so that comparisons and sorting never parse text. The view writes every timestamp in one canonical
 * form ({@link Timestamps#format}), so the text is rebuilt exactly when a condition needs it; a value that is not in
 * that form cannot be stored ({@link #set} returns false) and the segment then leaves queries to the full scan. The
 * rare instant outside the years 1678..2261 that epoch nanoseconds hold is stored as {@link #EARLY} or {@link #LATE}
 * (which sort before or after every other instant) with the instant itself on the side, consulted only when two
 * such values meet. Concurrency as in {@link DictColumn}.
 */
final class TimestampColumn {
    /** The value of a row without the field. */
    static final long ABSENT = Long.MIN_VALUE;
    /** The value of a row whose field is JSON {@code null}. */
    static final long NULL = Long.MIN_VALUE + 1;
    /** The value of a row whose instant is before 1677-09-21 (the instant is in the outliers). */
    static final long EARLY = Long.MIN_VALUE + 2;
    /** The value of a row whose instant is after 2262-04-11 (the instant is in the outliers). */
    static final long LATE = Long.MAX_VALUE;

    /** Instants as epoch nanoseconds fit in a {@code long} between these seconds (years 1678 to 2261). */
    private static final long MIN_NANO_SECOND = Long.MIN_VALUE / 1_000_000_000L + 1;
    private static final long MAX_NANO_SECOND = Long.MAX_VALUE / 1_000_000_000L - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private volatile long[] instants;
    /** The instants of the rows holding {@link #EARLY} or {@link #LATE}, put before the row is written. */
    private final Map<Integer, Instant> outliers = new ConcurrentHashMap<>();
    private InstantOrder order = new InstantOrder();

    TimestampColumn(int capacity) {
        instants = new long[capacity];
    }

    /** The bytes of this column's arrays. Any thread. */
    long estimatedBytes() {
        return MemoryEstimate.longs(instants.length) + order.estimatedBytes();
    }

    /** Writer: false when {@code value} is neither absent, null, nor a canonical timestamp. */
    boolean set(int row, JsonNode value) {
        if (value == null || value.isNull()) {
            instants[row] = value == null ? ABSENT : NULL;
            order.added(this, row + 1);
            return true;
        }
        Instant at = value.isTextual() ? Rfc3339.parse(value.textValue()) : null;
        if (at == null || !isCanonical(value.textValue(), at)) {
            return false;
        }
        set(row, at);
        return true;
    }

    private void set(int row, Instant at) {
        long comparable = comparable(at);
        if (isOutlier(comparable)) {
            outliers.put(row, at);
        }
        instants[row] = comparable;
        order.added(this, row + 1);
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

    /** Writer: copies row {@code row} to row {@code to} of {@code target}. */
    void copyTo(int row, TimestampColumn target, int to) {
        long value = instants[row];
        if (isOutlier(value)) {
            target.set(to, outliers.get(row));
        } else {
            target.instants[to] = value;
            target.order.added(target, to + 1);
        }
    }

    /**
     * Writer: a new column of {@code capacity} rows holding the rows below {@code rows} that {@code rowTo} keeps, at
     * their new rows (a compaction, which keeps the rows' order, so the order is mapped, not sorted again). This
     * column is left as it is.
     */
    TimestampColumn compacted(int[] rowTo, int rows, int capacity) {
        TimestampColumn copy = new TimestampColumn(capacity);
        long[] from = instants;
        for (int row = 0; row < rows; row++) {
            if (rowTo[row] >= 0) {
                copy.instants[rowTo[row]] = from[row];
            }
        }
        outliers.forEach((row, at) -> {
            if (row < rows && rowTo[row] >= 0) {
                copy.outliers.put(rowTo[row], at);
            }
        });
        copy.order = order.remapped(rowTo);
        return copy;
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
        instants = Arrays.copyOf(instants, capacity);
    }

    /** The rows' values as they are now; read it after the snapshot whose rows it is used for. */
    Values values() {
        return new Values(instants, outliers);
    }

    /**
     * The rows' instants: per row the instant in epoch nanoseconds, or {@link #ABSENT}, {@link #NULL}, {@link #EARLY}
     * or {@link #LATE}, with the instants of the last two in {@code outliers}.
     */
    record Values(long[] instants, Map<Integer, Instant> outliers) {
        /** Whether {@code row} has an instant. */
        boolean has(int row) {
            return instants[row] > NULL;
        }

        /** The order of the instants of two rows that have one. */
        int compare(int a, int b) {
            long first = instants[a];
            long second = instants[b];
            if (first == second && isOutlier(first)) {
                return outliers.get(a).compareTo(outliers.get(b));
            }
            return Long.compare(first, second);
        }

        /** The order of the instant of {@code row} (which has one) and {@code at}, {@link #comparable} as {@code operand}. */
        int compareTo(int row, long operand, Instant at) {
            long value = instants[row];
            if (value == operand && isOutlier(value)) {
                return outliers.get(row).compareTo(at);
            }
            return Long.compare(value, operand);
        }

        /** The instant of {@code row}; null when it has none. */
        Instant instant(int row) {
            long value = instants[row];
            if (!has(row)) {
                return null;
            }
            return isOutlier(value) ? outliers.get(row) : Instant.ofEpochSecond(Math.floorDiv(value,
                    NANOS_PER_SECOND), Math.floorMod(value, NANOS_PER_SECOND));
        }

        /** The stored value of {@code row} as the view holds it: null when absent. */
        JsonNode value(int row) {
            long value = instants[row];
            if (value == ABSENT) {
                return null;
            }
            if (value == NULL) {
                return JsonNodeFactory.instance.nullNode();
            }
            return JsonNodeFactory.instance.textNode(Timestamps.format(instant(row)));
        }
    }

    /**
     * {@code at} in epoch nanoseconds, or {@link #EARLY} / {@link #LATE} beyond the range: so compared, every
     * instant orders as its value does, except two outliers on the same side.
     */
    static long comparable(Instant at) {
        long second = at.getEpochSecond();
        if (second < MIN_NANO_SECOND) {
            return EARLY;
        }
        if (second > MAX_NANO_SECOND) {
            return LATE;
        }
        return second * NANOS_PER_SECOND + at.getNano();
    }

    private static boolean isOutlier(long value) {
        return value == EARLY || value == LATE;
    }
}
