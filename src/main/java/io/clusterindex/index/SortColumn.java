package io.clusterindex.index;

import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.filter.FieldPath;

/** The sort values of the rows of one snapshot: compared without the id tie-break, and copied into a {@link SortKey}. */
interface SortColumn {
    int compare(int a, int b);

    /** A cheap test: true only when row {@code a} sorts after row {@code b} whatever their ids. */
    boolean surelyAfter(int a, int b);

    void fill(SortKey key, int row);

    /** Whether {@code row} comes after the cursor position {@code after} ({@code scratch}: a spare key). */
    boolean isAfter(int row, SortKey after, SortKey scratch);

    /** The rows' values of the field {@code order} sorts on. */
    static SortColumn of(SortOrder order, ScanColumns columns) {
        FieldPath path = order.field();
        ScanColumns.Located located = columns.locate(path);
        if (located.timestamp() != null && path.isTimestamp()) {
            return new InstantSortColumn(order, located.timestamp(), columns.ids());
        }
        return new ValueSortColumn(order, located.source(), located.depth(), columns.ids());
    }
}
