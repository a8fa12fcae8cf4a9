package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Numbers;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;
import java.util.Comparator;

/**
 * The total order of list results, on {@link SortKey}s extracted once per cluster.
 *
 * <ul>
 *   <li>numbers numerically, strings by code point (case-sensitive), {@code false} before {@code true}; the four
 *       timestamp fields as instants (a value there that is not a date-time sorts as missing);</li>
 *   <li>values of different types: numbers, then strings, then booleans; {@code desc} reverses all of the above;</li>
 *   <li>missing, null, object and array values (and a path that meets an array or scalar before its end) come
 *       last in both directions;</li>
 *   <li>ties, missing values included, are broken by {@code cluster_id} ascending (by code point).</li>
 * </ul>
 */
public final class SortOrder implements Comparator<SortKey> {
    private static final String CLUSTER_ID = ClusterField.CLUSTER_ID.wireName();

    private final FieldPath field;
    private final boolean descending;

    private SortOrder(FieldPath field, boolean descending) {
        this.field = field;
        this.descending = descending;
    }

    public static SortOrder of(SortSpec spec) {
        return new SortOrder(spec.field(), spec.direction() == SortDirection.DESC);
    }

    /** A fresh key for {@code cluster}. */
    public SortKey keyOf(ObjectNode cluster) {
        SortKey key = new SortKey();
        fill(key, cluster);
        return key;
    }

    /** Overwrites every part of {@code key} with the values of {@code cluster}. */
    void fill(SortKey key, ObjectNode cluster) {
        JsonNode id = cluster.get(CLUSTER_ID);
        key.cluster = cluster;
        fillValue(key, field.single(cluster), id != null && id.isTextual() ? id.textValue() : "");
    }

    /** The path being sorted on. */
    public FieldPath field() {
        return field;
    }

    public boolean descending() {
        return descending;
    }

    /** Overwrites the sort value and id of {@code key} (not its cluster) from the single value at the path. */
    public void fillValue(SortKey key, JsonNode value, String clusterId) {
        key.clusterId = clusterId;
        key.number = null;
        key.string = null;
        key.instant = null;
        key.bool = false;
        if (value == null) {
            key.rank = SortKey.MISSING;
        } else if (field.isTimestamp()) {
            fillInstant(key, value.isTextual() ? Rfc3339.parse(value.textValue()) : null, clusterId);
        } else if (value.isNumber()) {
            key.rank = SortKey.NUMBER;
            key.number = value;
        } else if (value.isTextual()) {
            key.rank = SortKey.STRING;
            key.string = value.textValue();
        } else if (value.isBoolean()) {
            key.rank = SortKey.BOOLEAN;
            key.bool = value.booleanValue();
        } else {
            key.rank = SortKey.MISSING;
        }
    }

    /** {@link #fillValue} for a timestamp path whose value is already parsed (null: not a date-time). */
    public void fillInstant(SortKey key, Instant at, String clusterId) {
        key.clusterId = clusterId;
        key.number = null;
        key.string = null;
        key.bool = false;
        key.rank = at == null ? SortKey.MISSING : SortKey.STRING;
        key.instant = at;
    }

    @Override
    public int compare(SortKey a, SortKey b) {
        int byValue = compareValues(a, b);
        return byValue != 0 ? byValue : CodePoints.compare(a.clusterId, b.clusterId);
    }

    /** {@link #compare} without the {@code cluster_id} tie-break: 0 when the sort values tie. */
    public int compareValues(SortKey a, SortKey b) {
        boolean aMissing = a.rank == SortKey.MISSING;
        boolean bMissing = b.rank == SortKey.MISSING;
        if (aMissing != bMissing) {
            return aMissing ? 1 : -1;
        }
        if (!aMissing) {
            int byValue = a.rank != b.rank ? Integer.compare(a.rank, b.rank) : compareSameRank(a, b);
            return descending ? -byValue : byValue;
        }
        return 0;
    }

    private static int compareSameRank(SortKey a, SortKey b) {
        return switch (a.rank) {
            case SortKey.NUMBER -> Numbers.compare(a.number, b.number);
            case SortKey.STRING -> a.instant != null
                    ? a.instant.compareTo(b.instant)
                    : CodePoints.compare(a.string, b.string);
            default -> Boolean.compare(a.bool, b.bool);
        };
    }
}
