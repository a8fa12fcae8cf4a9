package io.clusterindex.index;

import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.filter.CodePoints;

/** A timestamp field sorted on: instants compared as epoch nanoseconds (see {@link TimestampColumn}); missing last. */
final class InstantSortColumn implements SortColumn {
    private final SortOrder order;
    private final String[] ids;
    private final TimestampColumn.Values values;
    private final long[] instants;
    private final boolean descending;

    InstantSortColumn(SortOrder order, TimestampColumn column, String[] ids) {
        this.order = order;
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
