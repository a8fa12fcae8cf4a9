package io.clusterindex.index;

import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Filter;
import io.clusterindex.fold.ClusterField;
import java.util.Arrays;
import org.roaringbitmap.BatchIterator;

/**
 * Text conditions narrowed through the trigram indexes before the exact test: codes the index rules out are
 * recorded as failing in the column's verdicts (so they are never evaluated), and rows whose {@code cluster_id}
 * the index rules out are dropped from the candidates. Only narrows: what is left is tested exactly.
 */
final class TextNarrowing {
    /** Candidates read at once from a bit map. */
    private static final int BATCH = 256;

    private TextNarrowing() {
    }

    /**
     * The rows of {@code candidates} that may pass {@code leaf} (all of them unless it is a text condition on
     * {@code cluster_id}); for a text condition on a column's own values, its ruled-out codes are recorded as
     * failing in the column's verdicts of {@code leaf}.
     */
    static long[] narrow(ScanColumns columns, Filter leaf, long[] candidates) {
        TrigramQuery query = TextConditions.of(leaf);
        if (query == TrigramQuery.ALL) {
            return candidates;
        }
        FieldPath path = ConditionScan.pathOf(leaf);
        ScanColumns.Located located = columns.locate(path);
        if (located.timestamp() != null || path.depth() != located.depth()) {
            return candidates;
        }
        if (path.field() == ClusterField.CLUSTER_ID) {
            IndexSegment segment = columns.segment();
            TrigramIndex.Candidates numbers = segment.idTrigrams().candidates(query);
            return numbers == null ? candidates : keep(candidates, numbers, segment.idNumbers());
        }
        located.source().narrow(leaf, query);
        return candidates;
    }

    /**
     * Marks as failing (1) in {@code verdicts} every id from the first to the sealed mark that is no candidate: the
     * runs between candidates filled at once, the candidates read {@value #BATCH} at a time, with a {@link Courtesy}
     * poll after each batch (a column of a million distinct values took 1-5 ms here, id by id).
     */
    static void ruleOut(TrigramIndex.Candidates candidates, byte[] verdicts) {
        int end = Math.min(candidates.sealed(), verdicts.length);
        int from = candidates.first();
        BatchIterator ids = candidates.ids().getBatchIterator();
        int[] batch = new int[BATCH];
        while (from < end && ids.hasNext()) {
            int count = ids.nextBatch(batch);
            for (int i = 0; i < count && from < end; i++) {
                int candidate = batch[i];
                if (candidate > from) {
                    Arrays.fill(verdicts, from, Math.min(candidate, end), (byte) 1);
                }
                from = Math.max(from, candidate + 1);
            }
            Courtesy.poll();
        }
        if (from < end) {
            Arrays.fill(verdicts, from, end, (byte) 1);
        }
    }

    /**
     * The rows of {@code rows} whose id number ({@code idNumbers}, by row) is a candidate or at or above the sealed
     * mark: the candidates made a bit set first, then a bit test per row.
     */
    private static long[] keep(long[] rows, TrigramIndex.Candidates candidates, int[] idNumbers) {
        int sealed = candidates.sealed();
        long[] numbers = new long[RowBits.words(sealed)];
        BatchIterator ids = candidates.ids().getBatchIterator();
        int[] batch = new int[BATCH];
        while (ids.hasNext()) {
            int count = ids.nextBatch(batch);
            for (int i = 0; i < count; i++) {
                int id = batch[i];
                if (id < sealed) {
                    numbers[id >>> 6] |= 1L << id;
                }
            }
            Courtesy.poll();
        }
        return RowBits.select(rows, row -> {
            int number = idNumbers[row];
            return number >= sealed || (numbers[number >>> 6] & 1L << number) != 0;
        });
    }
}
