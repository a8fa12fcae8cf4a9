package io.clusterindex.index;

import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.filter.CodePoints;

/** A timestamp field sorted on: instants compared as epoch nanoseconds (see {@link TimestampColumn}); missing last. */
final class InstantSortColumn implements SortColumn {
    private final SortOrder order;
    private final TimestampColumn column;
    private final String[] ids;
    private final TimestampColumn.Values values;
    private final long[] instants;
    private final boolean descending;

    InstantSortColumn(SortOrder order, TimestampColumn column, String[] ids) {
        this.order = order;
        this.column = column;
        this.ids = ids;
        this.values = column.values();
        this.instants = values.instants();
        this.descending = order.descending();
    }

    @Override
    public int compare(int a, int b) {
        boolean aMissing = !values.has(a);
        boolean bMissing = !values.has(b);
        if (aMissing || bMissing) {
            return aMissing == bMissing ? 0 : aMissing ? 1 : -1;
        }
        int c = values.compare(a, b);
        return descending ? -c : c;
    }

    @Override
    public boolean surelyAfter(int a, int b) {
        if (!values.has(b)) {
            return false;
        }
        return !values.has(a) || (descending ? instants[a] < instants[b] : instants[a] > instants[b]);
    }

    /**
     * Offers {@code heap} the rows of {@code matches} (all below {@code rows}) best first, walking the order the
     * writer keeps ({@link InstantOrder}: rows with an instant ascending, then those without), and stops at the first
     * row that sorts surely after the worst one kept, as every later row of the walk does too; the rows added since
     * the writer's last merge are offered one by one first. Costs about {@code capacity * rows / matches} steps
     * instead of one per match: on a timestamp, the rows come in mostly in time order, and newest first offers
     * nearly every row to a heap.
     */
    void offerInOrder(long[] matches, int rows, RowHeap heap) {
        InstantOrder.Sorted sorted = column.order();
        int[] rowOrder = sorted.order();
        int upTo = Math.min(sorted.upTo(), rows);
        for (int row = upTo; row < rows; row++) {
            if ((matches[row >>> 6] & 1L << row) != 0 && (!heap.full() || !surelyAfter(row, heap.worst()))) {
                heap.offer(row);
            }
        }
        int instants = sorted.instants();
        int sortedRows = sorted.upTo();
        for (int step = 0; step < sortedRows; step++) {
            // newest first walks the rows with an instant backwards; the rows without one come last either way
            int i = step >= instants ? step : descending ? instants - 1 - step : step;
            int row = rowOrder[i];
            if (row >= rows || (matches[row >>> 6] & 1L << row) == 0) {
                continue;
            }
            if (heap.full() && surelyAfter(row, heap.worst())) {
                return;
            }
            heap.offer(row);
        }
    }

    @Override
    public void fill(SortKey key, int row) {
        order.fillInstant(key, values.instant(row), ids[row]);
    }

    @Override
    public boolean isAfter(int row, SortKey after, SortKey scratch) {
        boolean rowMissing = !values.has(row);
        boolean afterMissing = after.instant == null;
        int byValue;
        if (rowMissing || afterMissing) {
            byValue = rowMissing == afterMissing ? 0 : rowMissing ? 1 : -1;
        } else {
            int c = values.compareTo(row, TimestampColumn.comparable(after.instant), after.instant);
            byValue = descending ? -c : c;
        }
        return byValue != 0 ? byValue > 0 : CodePoints.compare(ids[row], after.clusterId) > 0;
    }
}
