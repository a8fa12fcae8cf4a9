package io.clusterindex.index;

import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.filter.CodePoints;
import java.time.Instant;

/** A timestamp field sorted on: instants compared as seconds and nanoseconds; missing ones last. */
final class InstantSortColumn implements SortColumn {
    private final SortOrder order;
    private final String[] ids;
    private final int[] nanos;
    private final long[] seconds;
    private final long[] epochNanos;
    private final boolean fast;
    private final boolean descending;

    InstantSortColumn(SortOrder order, TimestampColumn column, String[] ids) {
        this.order = order;
        this.ids = ids;
        this.nanos = column.nanos();
        this.seconds = column.seconds();
        this.epochNanos = column.epochNanos();
        this.fast = column.hasEpochNanos();
        this.descending = order.descending();
    }

    @Override
    public int compare(int a, int b) {
        boolean aMissing = nanos[a] < 0;
        boolean bMissing = nanos[b] < 0;
        if (aMissing || bMissing) {
            return aMissing == bMissing ? 0 : aMissing ? 1 : -1;
        }
        int c = seconds[a] != seconds[b] ? Long.compare(seconds[a], seconds[b])
                : Integer.compare(nanos[a], nanos[b]);
        return descending ? -c : c;
    }

    @Override
    public boolean surelyAfter(int a, int b) {
        if (!fast || nanos[b] < 0) {
            return false;
        }
        return nanos[a] < 0 || (descending ? epochNanos[a] < epochNanos[b] : epochNanos[a] > epochNanos[b]);
    }

    @Override
    public void fill(SortKey key, int row) {
        order.fillInstant(key, nanos[row] < 0 ? null : Instant.ofEpochSecond(seconds[row], nanos[row]), ids[row]);
    }

    @Override
    public boolean isAfter(int row, SortKey after, SortKey scratch) {
        boolean rowMissing = nanos[row] < 0;
        boolean afterMissing = after.instant == null;
        int byValue;
        if (rowMissing || afterMissing) {
            byValue = rowMissing == afterMissing ? 0 : rowMissing ? 1 : -1;
        } else {
            long second = after.instant.getEpochSecond();
            int c = seconds[row] != second ? Long.compare(seconds[row], second)
                    : Integer.compare(nanos[row], after.instant.getNano());
            byValue = descending ? -c : c;
        }
        return byValue != 0 ? byValue > 0 : CodePoints.compare(ids[row], after.clusterId) > 0;
    }
}
