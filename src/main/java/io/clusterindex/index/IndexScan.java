package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.Search;
import io.clusterindex.fold.ClusterField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One list query over one {@link IndexSegment} snapshot: the filter tree evaluated as bit sets over the rows
 * ({@link ConditionScan}), then the search on the remaining rows ({@link SearchScan}), then the stats of the
 * matches ({@link SegmentStats}) and their first {@code offset + limit} rows in the requested order
 * ({@link SortColumn}). The semantics are those of {@link io.clusterindex.engine.ListEngine}.
 */
public final class IndexScan {
    final IndexSegment segment;
    private final int rows;
    private final long version;
    private final int dead;
    private final long[] died;
    private final String[] ids;
    private final long[] sequences;
    private final boolean surrogateIds;
    private final ScanColumns columns;

    IndexScan(IndexSegment segment) {
        this.segment = segment;
        IndexSegment.Snapshot snapshot = segment.snapshot();
        this.rows = snapshot.rows();
        this.version = snapshot.version();
        this.dead = snapshot.dead();
        this.died = segment.died();
        this.ids = segment.ids();
        this.sequences = segment.sequences();
        this.surrogateIds = segment.surrogateIds();
        this.columns = new ScanColumns(segment, ids);
    }

    /** Whether the index can answer {@code query} exactly (else the full scan must). */
    public static boolean supports(ListQuery query) {
        return ConditionScan.supports(query.filter()) && ScanColumns.holds(query.sort().field());
    }

    String clusterId(int row) {
        return ids[row];
    }

    long sequence(int row) {
        return sequences[row];
    }

    /**
     * The rows alive in the snapshot: every row when none had died by then (as after a compaction), else without a
     * branch per row (rows die in no order the CPU could predict).
     */
    long[] live() {
        long[] bits = new long[RowBits.words(rows)];
        if (dead == 0) {
            Arrays.fill(bits, -1L);
            if ((rows & 63) != 0) {
                bits[bits.length - 1] = (1L << rows) - 1;
            }
            return bits;
        }
        for (int w = 0; w < bits.length; w++) {
            Courtesy.atWord(w);
            int base = w << 6;
            int end = Math.min(64, rows - base);
            long word = 0;
            for (int i = 0; i < end; i++) {
                word |= (died[base + i] > version ? 1L : 0L) << i;
            }
            bits[w] = word;
        }
        return bits;
    }

    /** The rows of {@code candidates} that {@code filter} matches. */
    long[] filter(Filter filter, long[] candidates) {
        return new ConditionScan(columns).filter(filter, candidates);
    }

    /** The rows of {@code candidates} whose values contain every term of {@code search}. */
    long[] search(Search search, long[] candidates) {
        return SearchScan.search(segment, search, candidates);
    }

    /** Adds the stats of {@code matches} to {@code stats}. */
    void addStats(long[] matches, SegmentStats stats) {
        stats.add(segment, matches);
    }

    /**
     * The first {@code keep} rows of {@code matches} in {@code order}, each with its sort key. Once the heap is
     * full, a row whose primary value (an instant, or an exact integer) is already worse than the worst row kept
     * is skipped with one comparison of two {@code long}s. With a cursor ({@code after}), rows up to it are only
     * counted, in {@code skipped[0]}.
     */
    List<Hit> top(long[] matches, SortOrder order, int keep, SortKey after, long[] skipped) {
        SortColumn column = SortColumn.of(order, columns);
        SortKey scratch = new SortKey();
        RowHeap heap = new RowHeap((a, b) -> {
            int byValue = column.compare(a, b);
            return byValue != 0 ? byValue : compareIds(a, b);
        }, keep);
        if (after == null && keep > 0 && column instanceof InstantSortColumn instants
                && orderWalkPays(matches, keep)) {
            instants.offerInOrder(matches, rows, heap);
        } else {
            for (int w = 0; w < matches.length; w++) {
                Courtesy.atWord(w);
                for (long word = matches[w]; word != 0; word &= word - 1) {
                    int row = (w << 6) + Long.numberOfTrailingZeros(word);
                    if (after != null && !column.isAfter(row, after, scratch)) {
                        skipped[0]++;
                    } else if (!heap.full() || !column.surelyAfter(row, heap.worst())) {
                        heap.offer(row);
                    }
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

    /** The id tie-break of the sort: code point order, as {@link String#compareTo} gives it while no id has a surrogate. */
    private int compareIds(int a, int b) {
        return surrogateIds ? CodePoints.compare(ids[a], ids[b]) : ids[a].compareTo(ids[b]);
    }

    /**
     * Whether walking a sorted order for the first {@code keep} of {@code matches} (about {@code keep * rows /
     * matches} steps) costs well below testing every match.
     */
    private boolean orderWalkPays(long[] matches, int keep) {
        long count = 0;
        for (long word : matches) {
            count += Long.bitCount(word);
        }
        return (long) keep * rows * 2 < count * count;
    }

    /** A row kept for the page, with its full sort key (cluster id included) for the merge across segments. */
    record Hit(IndexScan scan, int row, SortKey key) {
    }

    /** Running totals of the stats over several segments. */
    static final class SegmentStats {
        long clusters;
        long documents;
        final Map<String, Long> byStatus = new TreeMap<>();

        /** Adds the status and document count of the rows {@code matches} of {@code segment}. */
        void add(IndexSegment segment, long[] matches) {
            DictColumn status = segment.scalar(ClusterField.STATUS);
            DictColumn documentColumn = segment.scalar(ClusterField.NUM_DOCUMENTS_CLUSTERED);
            int[] statusCodes = status.codes();
            DictEntries statuses = status.entries();
            int[] documentCodes = documentColumn.codes();
            long[] documentValues = documentColumn.entries().longs();
            long[] counts = new long[statuses.values().length];
            long count = 0;
            long sum = 0;
            for (int w = 0; w < matches.length; w++) {
                Courtesy.atWord(w);
                for (long word = matches[w]; word != 0; word &= word - 1) {
                    int row = (w << 6) + Long.numberOfTrailingZeros(word);
                    counts[statusCodes[row]]++;
                    sum += documentValues[documentCodes[row]];
                    count++;
                }
            }
            clusters += count;
            documents += sum;
            for (int code = 1; code < counts.length; code++) {
                JsonNode value = counts[code] != 0 ? statuses.value(code) : null;
                if (value != null && value.isTextual()) {
                    byStatus.merge(value.textValue(), counts[code], Long::sum);
                }
            }
        }

        /** Adds the totals of {@code other}. */
        void add(SegmentStats other) {
            clusters += other.clusters;
            documents += other.documents;
            other.byStatus.forEach((status, count) -> byStatus.merge(status, count, Long::sum));
        }

        Stats toStats() {
            return new Stats(clusters, documents, new TreeMap<>(byStatus));
        }
    }
}
