package io.clusterindex.index;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.fold.ClusterField;

/** Where the values of a field path are for the rows of one snapshot of an {@link IndexSegment}. */
final class ScanColumns {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IndexSegment segment;
    private final String[] ids;

    /** {@code ids}: the segment's cluster ids as read for the snapshot. */
    ScanColumns(IndexSegment segment, String[] ids) {
        this.segment = segment;
        this.ids = ids;
    }

    /** The column a path starts in, and how many keys of the path it has already walked. */
    record Located(ColumnSource source, int depth, TimestampColumn timestamp) {
    }

    /** Whether the segment holds the values of {@code path}: {@code cluster_id}, a scalar or a metadata key. */
    static boolean holds(FieldPath path) {
        ClusterField field = path.field();
        return field == ClusterField.CLUSTER_ID || IndexSegment.holds(field)
                || field == ClusterField.METADATA && path.depth() > 0;
    }

    Located locate(FieldPath path) {
        ClusterField field = path.field();
        if (field == ClusterField.CLUSTER_ID) {
            return new Located(ColumnSource.perRow(row -> NODES.textNode(ids[row])), 0, null);
        }
        if (field == ClusterField.METADATA) {
            return new Located(ColumnSource.of(segment.metadata(path.key(0))), 1, null);
        }
        TimestampColumn timestamp = segment.timestamp(field);
        if (timestamp != null) {
            TimestampColumn.Values values = timestamp.values();
            return new Located(ColumnSource.perRow(values::value), 0, timestamp);
        }
        return new Located(ColumnSource.of(segment.scalar(field)), 0, null);
    }

    IndexSegment segment() {
        return segment;
    }

    /** The cluster ids by row. */
    String[] ids() {
        return ids;
    }
}
