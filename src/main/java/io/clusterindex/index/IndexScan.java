package io.clusterindex.index;

import io.clusterindex.filter.AllOf;
import io.clusterindex.filter.AnyLeaf;
import io.clusterindex.filter.AnyOf;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.Contains;
import io.clusterindex.filter.Equals;
import io.clusterindex.filter.Exists;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.Fold;
import io.clusterindex.filter.IsNull;
import io.clusterindex.filter.LeafTest;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.filter.MatchAll;
import io.clusterindex.filter.NoneOf;
import io.clusterindex.filter.Operator;
import io.clusterindex.filter.Ordered;
import io.clusterindex.filter.ScalarValue;
import io.clusterindex.filter.Search;
import io.clusterindex.engine.SortDirection;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.engine.Stats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clusterindex.fold.ClusterField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One list query over one {@link IndexSegment} snapshot: the filter tree evaluated as bit sets over the rows (each
 * condition once per distinct value of its column, or on primitive instants for date-time comparisons), then the
 * search on the remaining rows, then the stats of the matches and their first {@code offset + limit} rows in the
 * requested order. The semantics are those of {@link ListEngine}: every condition is the engine's own node,
 * evaluated on the same value it would meet in the document.
 */
public final class IndexScan {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final IndexSegment segment;
    private final int rows;
    private final long version;
    private final long[] died;
    private final String[] ids;
    private final long[] sequences;

    IndexScan(IndexSegment segment) {
        this.segment = segment;
        IndexSegment.Snapshot snapshot = segment.snapshot();
        this.rows = snapshot.rows();
        this.version = snapshot.version();
        this.died = segment.died();
        this.ids = segment.ids();
        this.sequences = segment.sequences();
    }

    /** Whether the index can answer {@code query} exactly (else the full scan must). */
    public static boolean supports(ListQuery query) {
        return supports(query.filter()) && supportsPath(query.sort().field());
    }

    private static boolean supports(Filter filter) {
        List<Filter> items = itemsOf(filter);
        if (items != null) {
            return items.stream().allMatch(IndexScan::supports);
        }
        return filter == MatchAll.INSTANCE || supportsPath(pathOf(filter));
    }

    /** The items of a logical node, null for a condition. */
    private static List<Filter> itemsOf(Filter filter) {
        if (filter instanceof AllOf all) {
            return all.items();
        }
        if (filter instanceof AnyOf any) {
            return any.items();
        }
        return filter instanceof NoneOf none ? none.items() : null;
    }

    private static boolean supportsPath(FieldPath path) {
        ClusterField field = path.field();
        return field == ClusterField.CLUSTER_ID || IndexSegment.holds(field)
                || field == ClusterField.METADATA && path.depth() > 0;
    }

    String clusterId(int row) {
        return ids[row];
    }

    long sequence(int row) {
        return sequences[row];
    }

    /** The rows alive in the snapshot. */
    long[] live() {
        long[] bits = new long[words(rows)];
        for (int row = 0; row < rows; row++) {
            if (died[row] > version) {
                bits[row >>> 6] |= 1L << row;
            }
        }
        return bits;
    }

    /** The rows of {@code candidates} that {@code filter} matches. */
    long[] filter(Filter filter, long[] candidates) {
        if (filter == MatchAll.INSTANCE) {
            return candidates;
        }
        if (filter instanceof AllOf all) {
            long[] rest = candidates;
            for (Filter item : all.items()) {
                rest = filter(item, rest);
            }
            return rest;
        }
        if (filter instanceof AnyOf any) {
            return anyOf(any.items(), candidates);
        }
        if (filter instanceof NoneOf none) {
            return andNot(candidates, anyOf(none.items(), candidates));
        }
        return select(candidates, leafTest(filter));
    }

    private long[] anyOf(List<Filter> items, long[] candidates) {
        long[] matched = new long[candidates.length];
        long[] rest = candidates;
        for (Filter item : items) {
            long[] hits = filter(item, rest);
            for (int w = 0; w < matched.length; w++) {
                matched[w] |= hits[w];
            }
            rest = andNot(rest, hits);
        }
        return matched;
    }

    /**
     * The rows of {@code candidates} whose values contain every term of {@code search}: term by term, on the
     * remaining rows; per term a row matches when its folded {@code cluster_id}, or the value of
     * {@code cluster_name}, {@code algorithm} or any key of {@code metadata} (verdicts cached per distinct value)
     * contains it.
     */
    long[] search(Search search, long[] candidates) {
        List<Source> sources = new ArrayList<>();
        sources.add(source(segment.scalar(ClusterField.CLUSTER_NAME)));
        sources.add(source(segment.scalar(ClusterField.ALGORITHM)));
        for (DictColumn column : segment.metadataColumns()) {
            sources.add(source(column));
        }
        String[] foldedIds = segment.foldedIds();
        long[] rest = candidates;
        for (String term : search.terms()) {
            SearchTerm condition = new SearchTerm(term);
            byte[] idMemo = segment.idVerdicts(condition, foldedIds.length);
            RowTest[] tests = new RowTest[sources.size()];
            for (int i = 0; i < tests.length; i++) {
                Source source = sources.get(i);
                tests[i] = source.memoized(condition, code -> Search.contains(source.value(code),
                        source.folded(code), term));
            }
            rest = select(rest, row -> {
                byte known = idMemo[row];
                if (known == 0) {
                    known = foldedIds[row].contains(term) ? (byte) 2 : (byte) 1;
                    idMemo[row] = known;
                }
                if (known == 2) {
                    return true;
                }
                for (RowTest test : tests) {
                    if (test.test(row)) {
                        return true;
                    }
                }
                return false;
            });
        }
        return rest;
    }

    /** The cache key of one search term's verdicts. */
    private record SearchTerm(String term) {
    }

    /** Adds the stats of {@code matches} to {@code stats}. */
    void addStats(long[] matches, SegmentStats stats) {
        DictColumn status = segment.scalar(ClusterField.STATUS);
        DictColumn documents = segment.scalar(ClusterField.NUM_DOCUMENTS_CLUSTERED);
        int[] statusCodes = status.codes();
        JsonNode[] statuses = status.entries().values();
        int[] documentCodes = documents.codes();
        long[] documentValues = documents.entries().longs();
        long[] byStatus = new long[statuses.length];
        long count = 0;
        long sum = 0;
        for (int w = 0; w < matches.length; w++) {
            for (long word = matches[w]; word != 0; word &= word - 1) {
                int row = (w << 6) + Long.numberOfTrailingZeros(word);
                byStatus[statusCodes[row]]++;
                sum += documentValues[documentCodes[row]];
                count++;
            }
        }
        stats.clusters += count;
        stats.documents += sum;
        for (int code = 1; code < byStatus.length; code++) {
            JsonNode value = statuses[code];
            if (byStatus[code] != 0 && value != null && value.isTextual()) {
                stats.byStatus.merge(value.textValue(), byStatus[code], Long::sum);
            }
        }
    }

    /**
     * The first {@code keep} rows of {@code matches} in {@code order}, each with its sort key. Once the heap is
     * full, a row whose primary value (an instant, or an exact integer) is already worse than the worst row kept
     * is skipped with one comparison of two {@code long}s. With a cursor ({@code after}), rows up to it are only
     * counted, in {@code skipped[0]}.
     */
    List<Hit> top(long[] matches, SortOrder order, int keep, SortKey after, long[] skipped) {
        SortColumn column = sortColumn(order);
        SortKey scratch = new SortKey();
        RowHeap heap = new RowHeap((a, b) -> {
            int byValue = column.compare(a, b);
            return byValue != 0 ? byValue : CodePoints.compare(ids[a], ids[b]);
        }, keep);
        for (int w = 0; w < matches.length; w++) {
            for (long word = matches[w]; word != 0; word &= word - 1) {
                int row = (w << 6) + Long.numberOfTrailingZeros(word);
                if (after != null && !column.isAfter(row, after, scratch)) {
                    skipped[0]++;
                } else if (!heap.full() || !column.surelyAfter(row, heap.worst())) {
                    heap.offer(row);
                }
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (int row : heap.rows()) {
            SortKey key = new SortKey();
            column.fill(key, row);
            hits.add(new Hit(this, row, key));
        }
        return hits;
    }

    /** A row kept for the page, with its full sort key (cluster id included) for the merge across segments. */
    record Hit(IndexScan scan, int row, SortKey key) {
    }

    /** Running totals of the stats over several segments. */
    static final class SegmentStats {
        long clusters;
        long documents;
        final Map<String, Long> byStatus = new java.util.TreeMap<>();

        Stats toStats() {
            return new Stats(clusters, documents, new java.util.TreeMap<>(byStatus));
        }
    }

    // ---- values -------------------------------------------------------------------------------------------

    /**
     * The values of one column for the rows of this snapshot: dictionary codes with their values (a column never
     * seen in this segment: every row absent), or values computed per row (no codes).
     */
    private static final class Source {
        private static final int[] NO_CODES = new int[0];

        private final DictColumn column;
        private final int[] codes;
        private final JsonNode[] values;
        private final String[] folded;
        private final long[] longs;
        private final boolean[] exactLongs;
        private final boolean[] nulls;
        /** Codes whose entries this source can read (read before the entries). */
        private final int count;
        private final java.util.function.IntFunction<JsonNode> perRow;

        private Source(DictColumn column, java.util.function.IntFunction<JsonNode> perRow) {
            this.column = column;
            this.perRow = perRow;
            if (column == null) {
                codes = NO_CODES;
                values = new JsonNode[1];
                folded = new String[1];
                longs = new long[1];
                exactLongs = new boolean[1];
                nulls = new boolean[1];
                count = 1;
            } else {
                count = column.size();
                codes = column.codes();
                DictColumn.Entries entries = column.entries();
                values = entries.values();
                folded = entries.folded();
                longs = entries.longs();
                exactLongs = entries.exactLongs();
                nulls = entries.nulls();
            }
        }

        boolean perRow() {
            return perRow != null;
        }

        /** The row's code; only without {@link #perRow}. */
        int code(int row) {
            return column == null ? DictColumn.ABSENT : codes[row];
        }

        /** The value of a row ({@link #perRow}) or of a code (null: absent). */
        JsonNode value(int rowOrCode) {
            return perRow != null ? perRow.apply(rowOrCode) : values[rowOrCode];
        }

        /** The value of a row (null: absent). */
        JsonNode rowValue(int row) {
            return perRow != null ? perRow.apply(row) : values[code(row)];
        }

        /** By code: whether {@link #longs()} is the exact value; only without {@link #perRow}. */
        boolean[] exactLongs() {
            return exactLongs;
        }

        long[] longs() {
            return longs;
        }

        boolean[] nulls() {
            return nulls;
        }

        /** The column, null when it never existed in this segment or for {@link #perRow} sources. */
        DictColumn column() {
            return column;
        }

        /** Codes below this have entries here. */
        int count() {
            return count;
        }

        /** Distinct values (codes); only without {@link #perRow}. */
        int size() {
            return values.length;
        }

        /** The folded text of a row or code, or null when it is not a string. */
        String folded(int rowOrCode) {
            if (perRow == null) {
                return folded[rowOrCode];
            }
            JsonNode value = perRow.apply(rowOrCode);
            return value != null && value.isTextual() ? Fold.fold(value.textValue()) : null;
        }

        /**
         * A row test from {@code verdict} (given a row for {@link #perRow} sources, else a code), computed once per
         * distinct value, and remembered across queries in the column's cache under {@code condition}.
         */
        RowTest memoized(Object condition, java.util.function.IntPredicate verdict) {
            if (perRow != null) {
                return verdict::test;
            }
            if (column == null) {
                boolean absent = verdict.test(DictColumn.ABSENT);
                return row -> absent;
            }
            return new CodeTest(codes, column.verdicts(condition, values.length), verdict);
        }
    }

    private Source source(DictColumn column) {
        return new Source(column, null);
    }

    /** A source without shared values: every row is its own value. */
    private Source perRow(java.util.function.IntFunction<JsonNode> values) {
        return new Source(null, values);
    }

    /** The column a path starts in, and how many keys of the path it has already walked. */
    private record Located(Source source, int depth, TimestampColumn timestamp) {
    }

    private Located locate(FieldPath path) {
        ClusterField field = path.field();
        if (field == ClusterField.CLUSTER_ID) {
            return new Located(perRow(row -> NODES.textNode(ids[row])), 0, null);
        }
        if (field == ClusterField.METADATA) {
            return new Located(source(segment.metadata(path.key(0))), 1, null);
        }
        TimestampColumn timestamp = segment.timestamp(field);
        if (timestamp != null) {
            int[] nanos = timestamp.nanos();
            long[] seconds = timestamp.seconds();
            return new Located(perRow(row -> TimestampColumn.value(seconds[row], nanos[row])), 0, timestamp);
        }
        return new Located(source(segment.scalar(field)), 0, null);
    }

    // ---- conditions ---------------------------------------------------------------------------------------

    private interface RowTest {
        boolean test(int row);
    }

    /** A {@link RowTest} by the row's dictionary code, each code's verdict computed once ({@link #select} inlines it). */
    private record CodeTest(int[] codes, byte[] memo, java.util.function.IntPredicate verdict) implements RowTest {
        @Override
        public boolean test(int row) {
            int code = codes[row];
            byte known = memo[code];
            if (known == 0) {
                known = verdict.test(code) ? (byte) 2 : (byte) 1;
                memo[code] = known;
            }
            return known == 2;
        }
    }

    private RowTest leafTest(Filter leaf) {
        FieldPath path = pathOf(leaf);
        Located located = locate(path);
        if (located.timestamp() != null && path.isTimestamp() && leaf instanceof AnyLeaf any) {
            Instant at = instantOperand(any.test());
            if (at != null) {
                return instantTest(located.timestamp(), any.test(), at);
            }
        }
        Source source = located.source();
        int depth = located.depth();
        return source.memoized(leaf, rowOrCode -> matches(leaf, path, source.value(rowOrCode), depth));
    }

    private static FieldPath pathOf(Filter leaf) {
        if (leaf instanceof AnyLeaf any) {
            return any.path();
        }
        if (leaf instanceof Contains contains) {
            return contains.path();
        }
        if (leaf instanceof Exists exists) {
            return exists.path();
        }
        if (leaf instanceof IsNull isNull) {
            return isNull.path();
        }
        throw new IllegalArgumentException("not a condition: " + leaf);
    }

    /** The condition on the value found at {@code depth} keys of {@code path} (null: absent there). */
    private static boolean matches(Filter leaf, FieldPath path, JsonNode value, int depth) {
        if (leaf instanceof AnyLeaf any) {
            return path.anyTerminalFrom(value, depth, any);
        }
        if (leaf instanceof Contains contains) {
            return path.anyTerminalFrom(value, depth, contains);
        }
        boolean present = path.anyTerminalFrom(value, depth, Exists.ANY);
        if (leaf instanceof Exists) {
            return present;
        }
        if (leaf instanceof IsNull) {
            return !present || path.anyTerminalFrom(value, depth, IsNull.NULL);
        }
        throw new IllegalArgumentException("not a condition: " + leaf);
    }

    /** The instant of an {@code eq} or ordering condition on a timestamp field, else null. */
    private static Instant instantOperand(LeafTest test) {
        ScalarValue value = test instanceof Ordered ordered ? ordered.value()
                : test instanceof Equals equals ? equals.value() : null;
        return value != null && value.kind() == ScalarValue.Kind.INSTANT ? value.instant() : null;
    }

    private static RowTest instantTest(TimestampColumn column, LeafTest test, Instant at) {
        int[] nanos = column.nanos();
        long[] seconds = column.seconds();
        long second = at.getEpochSecond();
        int nano = at.getNano();
        Operator operator = test instanceof Ordered ordered ? ordered.operator() : Operator.EQ;
        return row -> {
            int n = nanos[row];
            if (n < 0) {
                return false;
            }
            int c = seconds[row] != second ? Long.compare(seconds[row], second) : Integer.compare(n, nano);
            return switch (operator) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                default -> c == 0;
            };
        };
    }

    // ---- order --------------------------------------------------------------------------------------------

    /** The sort values of the rows: compared without the id tie-break, and copied into a {@link SortKey}. */
    private interface SortColumn {
        int compare(int a, int b);

        /** A cheap test: true only when row {@code a} sorts after row {@code b} whatever their ids. */
        boolean surelyAfter(int a, int b);

        void fill(SortKey key, int row);

        /** Whether {@code row} comes after the cursor position {@code after} ({@code scratch}: a spare key). */
        boolean isAfter(int row, SortKey after, SortKey scratch);
    }

    private SortColumn sortColumn(SortOrder order) {
        FieldPath path = order.field();
        Located located = locate(path);
        boolean descending = order.descending();
        if (located.timestamp() != null && path.isTimestamp()) {
            return instantColumn(order, located.timestamp());
        }
        Source source = located.source();
        int depth = located.depth();
        SortKey[][] memo = new SortKey[1][];
        java.util.function.IntFunction<SortKey> keyOf = row -> {
            int code = source.perRow() ? -1 : source.code(row);
            if (code >= 0 && memo[0] == null) {
                memo[0] = new SortKey[source.size()];
            }
            SortKey key = code >= 0 ? memo[0][code] : null;
            if (key == null) {
                key = new SortKey();
                order.fillValue(key, path.singleFrom(source.rowValue(row), depth), "");
                if (code >= 0) {
                    memo[0][code] = key;
                }
            }
            return key;
        };
        // integers compare as longs when the column value itself is sorted on (no path below it)
        boolean[] exact = !source.perRow() && path.depth() == depth ? source.exactLongs() : null;
        long[] longs = exact == null ? null : source.longs();
        boolean[] nulls = exact == null ? null : source.nulls();
        // other values (strings above all) get ranks: built once per dictionary, then compared as ints
        DictColumn.Ranks ranks = source.column() == null || mostlyExact(exact, source.count()) ? null
                : source.column().ranks(new RankKey(path, depth), source.count(),
                        count -> rank(source, path, depth, count));
        int[] rank = ranks == null ? null : ranks.rank();
        int ranked = ranks == null ? 0 : ranks.ranked();
        return new SortColumn() {
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
                    // absent and null sort as missing, but so do objects and arrays: a missing value is only
                    // surely after an exact integer
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
                return order.compareValues(keyOf.apply(a), keyOf.apply(b));
            }

            public boolean surelyAfter(int a, int b) {
                int codeA = source.code(a);
                int codeB = source.code(b);
                if (codeA < ranked && codeB < ranked) {
                    int ra = rank[codeA];
                    int rb = rank[codeB];
                    return rb >= 0 && (ra < 0 || (descending ? ra < rb : ra > rb));
                }
                // only an exact integer is surely not missing: objects and arrays sort as missing too, and two
                // missing values tie, so the ids decide
                if (exact == null || !exact[codeB]) {
                    return false;
                }
                if (codeA == DictColumn.ABSENT || nulls[codeA]) {
                    return true;
                }
                return exact[codeA] && (descending ? longs[codeA] < longs[codeB] : longs[codeA] > longs[codeB]);
            }

            public void fill(SortKey key, int row) {
                order.fillValue(key, path.singleFrom(source.rowValue(row), depth), ids[row]);
            }

            public boolean isAfter(int row, SortKey after, SortKey scratch) {
                int byValue = order.compareValues(keyOf.apply(row), after);
                return byValue != 0 ? byValue > 0 : CodePoints.compare(ids[row], after.clusterId) > 0;
            }
        };
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

    /** The cache key of a column's ranks: the sort path and where the column sits on it. */
    private record RankKey(FieldPath path, int depth) {
    }

    /** The ranks of the first {@code count} codes of {@code source} in ascending order of {@code path}. */
    private static DictColumn.Ranks rank(Source source, FieldPath path, int depth, int count) {
        SortOrder ascending = SortOrder.of(new SortSpec(path, SortDirection.ASC));
        SortKey[] keys = new SortKey[count];
        Integer[] order = new Integer[count];
        for (int code = 0; code < count; code++) {
            keys[code] = new SortKey();
            ascending.fillValue(keys[code], path.singleFrom(source.value(code), depth), "");
            order[code] = code;
        }
        java.util.Arrays.sort(order, (a, b) -> ascending.compareValues(keys[a], keys[b]));
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

    /** A timestamp field sorted on: instants compared as seconds and nanoseconds; missing ones last. */
    private SortColumn instantColumn(SortOrder order, TimestampColumn column) {
        int[] nanos = column.nanos();
        long[] seconds = column.seconds();
        long[] epochNanos = column.epochNanos();
        boolean fast = column.hasEpochNanos();
        boolean descending = order.descending();
        return new SortColumn() {
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

            public boolean surelyAfter(int a, int b) {
                if (!fast || nanos[b] < 0) {
                    return false;
                }
                return nanos[a] < 0 || (descending ? epochNanos[a] < epochNanos[b] : epochNanos[a] > epochNanos[b]);
            }

            public void fill(SortKey key, int row) {
                order.fillInstant(key, nanos[row] < 0 ? null : Instant.ofEpochSecond(seconds[row], nanos[row]),
                        ids[row]);
            }

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
        };
    }

    // ---- bit sets -----------------------------------------------------------------------------------------

    private static int words(int rows) {
        return (rows + 63) >>> 6;
    }

    private static long[] select(long[] candidates, RowTest test) {
        if (test instanceof CodeTest byCode) {
            return select(candidates, byCode);
        }
        long[] selected = new long[candidates.length];
        for (int w = 0; w < candidates.length; w++) {
            long kept = 0;
            for (long word = candidates[w]; word != 0; word &= word - 1) {
                int bit = Long.numberOfTrailingZeros(word);
                if (test.test((w << 6) + bit)) {
                    kept |= 1L << bit;
                }
            }
            selected[w] = kept;
        }
        return selected;
    }

    private static long[] select(long[] candidates, CodeTest test) {
        int[] codes = test.codes();
        byte[] memo = test.memo();
        long[] selected = new long[candidates.length];
        for (int w = 0; w < candidates.length; w++) {
            long kept = 0;
            for (long word = candidates[w]; word != 0; word &= word - 1) {
                int bit = Long.numberOfTrailingZeros(word);
                int row = (w << 6) + bit;
                byte known = memo[codes[row]];
                if (known == 2 || known == 0 && test.test(row)) {
                    kept |= 1L << bit;
                }
            }
            selected[w] = kept;
        }
        return selected;
    }

    private static long[] andNot(long[] a, long[] b) {
        long[] result = new long[a.length];
        for (int w = 0; w < a.length; w++) {
            result[w] = a[w] & ~b[w];
        }
        return result;
    }
}
