package io.clusterindex.index;

import java.util.Arrays;

/**
 * The rows of one {@link TimestampColumn} in ascending order of their instants (rows without one last), kept by
 * the writer as rows are added, so that an ordering condition on the field finds its rows by binary search.
 *
 * <p>Rows beyond {@link Sorted#upTo} (added since the last merge) are not in the order yet; the writer merges them
 * in as {@link CodeOrder} merges codes, and readers test them row by row. A row's instant never changes, so the
 * order stays true for every later snapshot. A reader takes the published {@link Sorted} and then the column's
 * arrays, which hold every row below its {@code upTo}.
 */
final class InstantOrder {
    private static final int MIN_RUN = 64;
    private static final int RUN_SHARE_SHIFT = 3;
    private static final int[] NONE = new int[0];

    /** The first {@code upTo} rows sorted by instant; the first {@code instants} of them have one. */
    record Sorted(int[] order, int upTo, int instants) {
    }

    /** Writer: false while a partition loads, when the run is merged only once it is as large as the sorted part. */
    private boolean settled;
    private volatile Sorted sorted = new Sorted(NONE, 0, 0);

    /** Reader: the order as last merged. */
    Sorted sorted() {
        return sorted;
    }

    /** Writer: the column now holds {@code rows} rows; merges the newer ones when due. */
    void added(TimestampColumn column, int rows) {
        int upTo = sorted.upTo();
        if (rows - upTo >= Math.max(MIN_RUN, settled ? upTo >>> RUN_SHARE_SHIFT : upTo)) {
            merge(column, rows);
        }
    }

    /** Writer: merges every row below {@code rows}; from now on merges come at the smaller share. */
    void settle(TimestampColumn column, int rows) {
        settled = true;
        if (rows > sorted.upTo()) {
            merge(column, rows);
        }
    }

    /**
     * Writer: a new order of the rows that {@code rowTo} keeps ({@code rowTo[row]}: the row's new row, or -1), for a
     * compaction, which keeps the rows' order: the sorted rows stay sorted, mapped one by one, and the rows of the
     * unsorted run stay in the run. This order is left as it is; the new one is settled.
     */
    InstantOrder remapped(int[] rowTo) {
        Sorted current = sorted;
        int[] order = new int[current.upTo()];
        int kept = 0;
        int instants = 0;
        for (int i = 0; i < current.upTo(); i++) {
            int to = rowTo[current.order()[i]];
            if (to >= 0) {
                order[kept++] = to;
                instants += i < current.instants() ? 1 : 0;
            }
        }
        InstantOrder copy = new InstantOrder();
        copy.settled = true;
        copy.sorted = new Sorted(Arrays.copyOf(order, kept), kept, instants);
        return copy;
    }

    /** The bytes of the order. Any thread. */
    long estimatedBytes() {
        return MemoryEstimate.ints(sorted.order().length);
    }

    private void merge(TimestampColumn column, int rows) {
        Sorted current = sorted;
        TimestampColumn.Values values = column.values();
        int[] order = IntOrder.mergeRun(current.order(), current.upTo(), current.upTo(), rows, (a, b) -> {
            boolean aMissing = !values.has(a);
            boolean bMissing = !values.has(b);
            if (aMissing || bMissing) {
                return Boolean.compare(aMissing, bMissing);
            }
            return values.compare(a, b);
        });
        int instants = IntOrder.first(0, rows, i -> !values.has(order[i]));
        sorted = new Sorted(order, rows, instants);
    }
}
