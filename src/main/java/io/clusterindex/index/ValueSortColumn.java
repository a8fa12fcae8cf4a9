package io.clusterindex.index;

import io.clusterindex.engine.SortDirection;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.FieldPath;
import java.util.Arrays;

/**
 * Any other field (or metadata path) sorted on, fastest first: codes with ranks (kept by the writer for the column
 * value itself, built once per dictionary for a path inside it; compared as ints), exact integers compared as
 * {@code long}s, else the engine's sort keys, made once per code.
 */
final class ValueSortColumn implements SortColumn {
    private final SortOrder order;
    private final FieldPath path;
    private final ColumnSource source;
    private final int depth;
    private final String[] ids;
    private final boolean descending;
    /** By code: whether {@link #longs} is the exact value; null when integers are not compared as longs. */
    private final boolean[] exact;
    private final long[] longs;
    private final boolean[] nulls;
    /** By code below {@link #ranked}: the rank of its value, -1 when it sorts as missing. */
    private final int[] rank;
    private final int ranked;
    /** The sort keys made so far, by code; null until the first one. */
    private SortKey[] keys;

    ValueSortColumn(SortOrder order, ColumnSource source, int depth, String[] ids) {
        this.order = order;
        this.path = order.field();
        this.source = source;
        this.depth = depth;
        this.ids = ids;
        this.descending = order.descending();
        this.exact = !source.perRow() && path.depth() == depth ? source.exactLongs() : null;
        this.longs = exact == null ? null : source.longs();
        this.nulls = exact == null ? null : source.nulls();
        DictColumn.Ranks ranks = ranks(source, path, depth, exact);
        this.rank = ranks == null ? null : ranks.rank();
        this.ranked = ranks == null ? 0 : ranks.ranked();
    }

    /**
     * The ranks of the column's codes: those the writer keeps ({@link CodeOrder}) when the column's value itself is
     * sorted on, else (a path inside it) ranks built and cached on the first query by the path, unless most values
     * are exact integers; null without a column.
     */
    private static DictColumn.Ranks ranks(ColumnSource source, FieldPath path, int depth, boolean[] exact) {
        DictColumn column = source.column();
        if (column == null) {
            return null;
        }
        if (path.depth() == depth) {
            CodeOrder.Sorted sorted = column.order();
            return new DictColumn.Ranks(sorted.rank(), sorted.upTo());
        }
        return mostlyExact(exact, source.count()) ? null
                : column.ranks(new RankKey(path, depth), source.count(), count -> rank(source, path, depth, count));
    }

    /** The cache key of a column's ranks: the sort path and where the column sits on it. */
    private record RankKey(FieldPath path, int depth) {
    }

    @Override
    public int compare(int a, int b) {
        int codeA = source.code(a);
        int codeB = source.code(b);
        if (codeA < ranked && codeB < ranked) {
            int ra = rank[codeA];
            int rb = rank[codeB];
            if (ra < 0 || rb < 0) {
                return ra < 0 == rb < 0 ? 0 : ra < 0 ? 1 : -1;
            }
            int c = Integer.compare(ra, rb);
            return descending ? -c : c;
        }
        if (exact != null) {
            // absent and null sort as missing, but so do objects and arrays: a missing value is only surely after
            // an exact integer
            boolean aMissing = codeA == DictColumn.ABSENT || nulls[codeA];
            boolean bMissing = codeB == DictColumn.ABSENT || nulls[codeB];
            if (aMissing && bMissing) {
                return 0;
            }
            if (aMissing && exact[codeB] || bMissing && exact[codeA]) {
                return aMissing ? 1 : -1;
            }
            if (exact[codeA] && exact[codeB]) {
                int c = Long.compare(longs[codeA], longs[codeB]);
                return descending ? -c : c;
            }
        }
        return order.compareValues(keyOf(a), keyOf(b));
    }

    @Override
    public boolean surelyAfter(int a, int b) {
        int codeA = source.code(a);
        int codeB = source.code(b);
        if (codeA < ranked && codeB < ranked) {
            int ra = rank[codeA];
            int rb = rank[codeB];
            return rb >= 0 && (ra < 0 || (descending ? ra < rb : ra > rb));
        }
        // only an exact integer is surely not missing: objects and arrays sort as missing too, and two missing
        // values tie, so the ids decide
        if (exact == null || !exact[codeB]) {
            return false;
        }
        if (codeA == DictColumn.ABSENT || nulls[codeA]) {
            return true;
        }
        return exact[codeA] && (descending ? longs[codeA] < longs[codeB] : longs[codeA] > longs[codeB]);
    }

    @Override
    public void fill(SortKey key, int row) {
        order.fillValue(key, path.singleFrom(source.rowValue(row), depth), ids[row]);
    }

    @Override
    public boolean isAfter(int row, SortKey after, SortKey scratch) {
        int byValue = order.compareValues(keyOf(row), after);
        return byValue != 0 ? byValue > 0 : CodePoints.compare(ids[row], after.clusterId) > 0;
    }

    /**
     * The row's sort key without its id: made once per code beyond the ranked ones (the only ones compared by key
     * but for a ranked code met beside them), else per call.
     */
    private SortKey keyOf(int row) {
        int slot = source.perRow() ? -1 : source.code(row) - ranked;
        if (slot >= 0 && keys == null) {
            keys = new SortKey[source.size() - ranked];
        }
        SortKey key = slot >= 0 ? keys[slot] : null;
        if (key == null) {
            key = new SortKey();
            order.fillValue(key, path.singleFrom(source.rowValue(row), depth), "");
            if (slot >= 0) {
                keys[slot] = key;
            }
        }
        return key;
    }

    /** Whether most of the first codes are exact integers (then {@code long} comparisons beat building ranks). */
    private static boolean mostlyExact(boolean[] exact, int count) {
        if (exact == null) {
            return false;
        }
        int sample = Math.min(count - 1, 64);
        int exactOnes = 0;
        for (int code = 1; code <= sample; code++) {
            exactOnes += exact[code] ? 1 : 0;
        }
        return sample > 0 && exactOnes * 2 >= sample;
    }

    /** The ranks of the first {@code count} codes of {@code source} in ascending order of {@code path}. */
    private static DictColumn.Ranks rank(ColumnSource source, FieldPath path, int depth, int count) {
        SortOrder ascending = SortOrder.of(new SortSpec(path, SortDirection.ASC));
        SortKey[] keys = new SortKey[count];
        Integer[] order = new Integer[count];
        for (int code = 0; code < count; code++) {
            keys[code] = new SortKey();
            ascending.fillValue(keys[code], path.singleFrom(source.value(code), depth), "");
            order[code] = code;
        }
        Arrays.sort(order, (a, b) -> ascending.compareValues(keys[a], keys[b]));
        int[] rank = new int[count];
        int next = 0;
        for (int i = 0; i < count; i++) {
            int code = order[i];
            if (keys[code].rank == SortKey.MISSING) {
                rank[code] = -1;
            } else {
                if (i > 0 && keys[order[i - 1]].rank != SortKey.MISSING
                        && ascending.compareValues(keys[order[i - 1]], keys[code]) != 0) {
                    next++;
                }
                rank[code] = next;
            }
        }
        return new DictColumn.Ranks(rank, count);
    }
}
