package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.engine.SortDirection;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.fold.ClusterField;
import java.util.Arrays;

/**
 * The codes of one {@link DictColumn} in the engine's ascending sort order of their values ({@link SortOrder}:
 * numbers, then strings, then booleans; missing, null, objects and arrays last), kept by the writer as the
 * dictionary grows, so that no query ever sorts a dictionary: sorting on the column compares ranks, and an
 * ordering condition on numbers finds its codes by binary search (the numbers are the first codes of the order).
 *
 * <p>Codes beyond {@link Sorted#upTo} (the run added since the last merge) are not in the order yet; the writer
 * merges them in once they reach an eighth of the sorted ones (so a merge, linear in the dictionary, comes once per
 * that share of new codes), and all of them when a partition finishes loading or a segment was compacted
 * ({@link #settle}). While a partition loads (before its first settle) the run is merged only once it is as large
 * as the sorted part, which keeps the load's merging linear in all. Readers treat the run code by code. One writer; a reader takes the
 * published {@link Sorted} (immutable) and then reads the dictionary, which holds every code below its
 * {@code upTo}.
 */
final class CodeOrder {
    /** The unsorted run is merged once it holds this many codes, or a 2^-shift share of the sorted ones. */
    private static final int MIN_RUN = 64;
    private static final int RUN_SHARE_SHIFT = 3;
    private static final int[] NONE = new int[0];
    private static final SortOrder ASCENDING = SortOrder.of(new SortSpec(FieldPath.of(ClusterField.CLUSTER_NAME),
            SortDirection.ASC));

    /**
     * The first {@code upTo} codes: {@code order} sorted ascending (equal values adjacent), {@code rank} by code
     * (equal values share a rank; -1 for a value that sorts as missing), {@code numbers} how many codes at the
     * start of {@code order} hold numbers, and {@code arrays} the codes that hold arrays (whose elements may be
     * numbers).
     */
    record Sorted(int[] order, int[] rank, int upTo, int numbers, int[] arrays) {
    }

    /** Writer: false while a partition loads, when the run is merged only once it is as large as the sorted part. */
    private boolean settled;
    private volatile Sorted sorted = new Sorted(NONE, NONE, 0, 0, NONE);
    private final SortKey left = new SortKey();
    private final SortKey right = new SortKey();

    /** Reader: the order as last merged. */
    Sorted sorted() {
        return sorted;
    }

    /** Writer: the dictionary now holds {@code size} codes ({@code values} by code); merges the run when due. */
    void added(DictEntries values, int size) {
        int upTo = sorted.upTo();
        if (size - upTo >= Math.max(MIN_RUN, settled ? upTo >>> RUN_SHARE_SHIFT : upTo)) {
            merge(values, size);
        }
    }

    /** Writer: merges every code so far; from now on merges come at the smaller share. */
    void settle(DictEntries values, int size) {
        settled = true;
        if (size > sorted.upTo()) {
            merge(values, size);
        }
    }

    /**
     * Writer: a new order of the codes that {@code codeTo} keeps ({@code codeTo[code]}: the code's new code, or -1),
     * for a compaction of the dictionary, which keeps the codes' order: the sorted codes stay sorted, mapped one by
     * one (no comparison), and the codes of the unsorted run stay in the run. Ranks are renumbered (dense again).
     * This order is left as it is; the new one is settled.
     */
    CodeOrder remapped(int[] codeTo) {
        Sorted current = sorted;
        int upTo = current.upTo();
        int[] order = new int[upTo];
        int[] rank = new int[upTo];
        int kept = 0;
        int numbers = 0;
        int next = -1;
        int beforeRank = -1;
        for (int i = 0; i < upTo; i++) {
            int code = current.order()[i];
            int to = codeTo[code];
            if (to < 0) {
                continue;
            }
            int oldRank = current.rank()[code];
            if (oldRank < 0) {
                rank[to] = -1;
                beforeRank = -1;
            } else {
                next += next >= 0 && oldRank == beforeRank ? 0 : 1;
                rank[to] = next;
                beforeRank = oldRank;
            }
            numbers += i < current.numbers() ? 1 : 0;
            order[kept++] = to;
        }
        int[] arrays = new int[current.arrays().length];
        int arrayCount = 0;
        for (int code : current.arrays()) {
            if (codeTo[code] >= 0) {
                arrays[arrayCount++] = codeTo[code];
            }
        }
        CodeOrder copy = new CodeOrder();
        copy.settled = true;
        copy.sorted = new Sorted(Arrays.copyOf(order, kept), Arrays.copyOf(rank, kept), kept, numbers,
                Arrays.copyOf(arrays, arrayCount));
        return copy;
    }

    /** The bytes of the order and ranks. Any thread. */
    long estimatedBytes() {
        Sorted current = sorted;
        return MemoryEstimate.ints(current.order().length) + MemoryEstimate.ints(current.rank().length);
    }

    private void merge(DictEntries values, int size) {
        Sorted current = sorted;
        int upTo = current.upTo();
        int[] oldRank = current.rank();
        int[] order = IntOrder.mergeRun(current.order(), upTo, upTo, size, (a, b) -> compare(values, a, b));
        int[] rank = new int[size];
        int next = -1;
        int before = -1;
        boolean beforeMissing = true;
        for (int i = 0; i < size; i++) {
            int code = order[i];
            boolean old = code < upTo;
            boolean codeMissing = old ? oldRank[code] < 0 : !values.packed(code) && !values.packedNumber(code)
                    && missing(values.values()[code]);
            if (codeMissing) {
                rank[code] = -1;
            } else {
                boolean tie = !beforeMissing && (old && before < upTo ? oldRank[before] == oldRank[code]
                        : compare(values, before, code) == 0);
                next += tie ? 0 : 1;
                rank[code] = next;
            }
            before = code;
            beforeMissing = codeMissing;
        }
        int numbers = current.numbers();
        int arrays = current.arrays().length;
        JsonNode[] nodes = values.values();
        for (int code = upTo; code < size; code++) {
            numbers += nodes[code] != null && nodes[code].isNumber() || values.packedNumber(code) ? 1 : 0;
            arrays += nodes[code] != null && nodes[code].isArray() ? 1 : 0;
        }
        int[] arrayCodes = arrays == current.arrays().length ? current.arrays() : arrayCodes(nodes, size, arrays);
        sorted = new Sorted(order, rank, size, numbers, arrayCodes);
    }

    private static boolean missing(JsonNode value) {
        return value == null || !(value.isNumber() || value.isTextual() || value.isBoolean());
    }

    private static int[] arrayCodes(JsonNode[] values, int size, int count) {
        int[] codes = new int[count];
        int found = 0;
        for (int code = 0; code < size; code++) {
            if (values[code] != null && values[code].isArray()) {
                codes[found++] = code;
            }
        }
        return Arrays.copyOf(codes, found);
    }

    /**
     * {@link SortOrder#compareValues} ascending; two strings (most dictionaries) compared without sort keys, two
     * packed strings or two packed integers without making them.
     */
    private int compare(DictEntries values, int a, int b) {
        if (values.packedIntegral(a) && values.packedIntegral(b)) {
            return Long.compare(values.longs()[a], values.longs()[b]);
        }
        boolean packedA = values.packed(a);
        boolean packedB = values.packed(b);
        if (packedA && packedB) {
            return values.comparePacked(a, b);
        }
        JsonNode x = values.value(a);
        JsonNode y = values.value(b);
        if (x != null && y != null && x.isTextual() && y.isTextual()) {
            return CodePoints.compare(x.textValue(), y.textValue());
        }
        ASCENDING.fillValue(left, x, "");
        ASCENDING.fillValue(right, y, "");
        return ASCENDING.compareValues(left, right);
    }
}
