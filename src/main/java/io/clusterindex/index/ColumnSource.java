package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.filter.Fold;
import io.clusterindex.filter.Search;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The values of one column for the rows of one snapshot: dictionary codes with their values (a column never seen
 * in the segment: every row absent), or values computed per row (no codes).
 */
final class ColumnSource {
    private static final int[] NO_CODES = new int[0];
    private static final DictEntries NONE = DictEntries.empty(1);

    private final DictColumn column;
    private final int[] codes;
    private final DictEntries entries;
    private final JsonNode[] values;
    private final String[] folded;
    private final long[] longs;
    private final boolean[] exactLongs;
    private final boolean[] nulls;
    /** Codes whose entries this source can read (read before the entries). */
    private final int count;
    private final IntFunction<JsonNode> perRow;
    /** The column's rows by code, null when it keeps none ({@link DictColumn#codeRows}). */
    private final long[][] codeRows;

    private ColumnSource(DictColumn column, IntFunction<JsonNode> perRow) {
        this.column = column;
        this.perRow = perRow;
        if (column == null) {
            codes = NO_CODES;
            entries = NONE;
            count = 1;
            codeRows = null;
        } else {
            count = column.size();
            codes = column.codes();
            entries = column.entries();
            codeRows = column.codeRows();
        }
        values = entries.values();
        folded = entries.folded();
        longs = entries.longs();
        exactLongs = entries.exactLongs();
        nulls = entries.nulls();
    }

    /** The rows' values in {@code column}, which may be null (a column this segment never had). */
    static ColumnSource of(DictColumn column) {
        return new ColumnSource(column, null);
    }

    /** A source without shared values: every row is its own value. */
    static ColumnSource perRow(IntFunction<JsonNode> values) {
        return new ColumnSource(null, values);
    }

    boolean perRow() {
        return perRow != null;
    }

    /** The row's code; only without {@link #perRow}. */
    int code(int row) {
        return column == null ? DictColumn.ABSENT : codes[row];
    }

    /** The value of a row ({@link #perRow}) or of a code (null: absent); a packed string is made at each call. */
    JsonNode value(int rowOrCode) {
        return perRow != null ? perRow.apply(rowOrCode) : entries.value(rowOrCode);
    }

    /** The value of a row (null: absent). */
    JsonNode rowValue(int row) {
        return perRow != null ? perRow.apply(row) : entries.value(code(row));
    }

    /** The dictionary's entries ({@link DictEntries#packed} strings among them); only without {@link #perRow}. */
    DictEntries entries() {
        return entries;
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

    /**
     * The folded text of a row or code, or null when it is not a string: kept by the column, or folded here when the
     * column does not keep it (see {@link DictColumn}).
     */
    String folded(int rowOrCode) {
        if (perRow == null && folded[rowOrCode] != null) {
            return folded[rowOrCode];
        }
        JsonNode value = value(rowOrCode);
        return value != null && value.isTextual() ? Fold.fold(value.textValue()) : null;
    }

    /**
     * {@link Search#contains} of a code's value and folded text for {@code term} (folded); a packed string is
     * folded and searched byte by byte, never made. Only without {@link #perRow}.
     */
    boolean searchContains(int code, String term) {
        return entries.packed(code) ? entries.foldedContains(code, term)
                : Search.contains(value(code), folded(code), term);
    }

    /**
     * Records, in the column's cache of {@code condition}'s verdicts, that every code the trigram index rules out
     * by {@code query} fails it (the condition must fail every non-string value but objects and arrays); returns the
     * index's candidates, null when it does not narrow (no column, or a query without trigrams).
     */
    TrigramIndex.Candidates narrow(Object condition, TrigramQuery query) {
        if (perRow != null || column == null) {
            return null;
        }
        TrigramIndex.Candidates candidates = column.trigrams().candidates(query);
        if (candidates != null) {
            TextNarrowing.ruleOut(candidates, column.verdicts(condition, values.length));
        }
        return candidates;
    }

    /**
     * As {@link #narrow}, and whether some row may still pass: false when the trigram index rules out every code it
     * has sealed and {@code verdict} (kept in the column's cache of {@code condition}) fails each code beyond them
     * (at most a block's worth), so that the caller can leave the column out instead of testing it row by row. The
     * index covers every code from 1 on; code 0, the absent value, holds no text.
     */
    boolean narrowMayPass(Object condition, TrigramQuery query, IntPredicate verdict) {
        TrigramIndex.Candidates candidates = narrow(condition, query);
        if (candidates == null) {
            return true;
        }
        if (candidates.ids().intersects(candidates.first(), Math.min(candidates.sealed(), count))) {
            return true;
        }
        byte[] memo = column.verdicts(condition, values.length);
        for (int code = Math.max(candidates.first(), candidates.sealed()); code < count; code++) {
            if (RowTest.ByCode.passes(memo, code, verdict)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rows of {@code candidates} whose code passes {@code verdict} (remembered in the column's cache under
     * {@code condition}), from the column's rows by code: the union of the passing codes' rows, or the candidates
     * without the failing codes' rows when absent passes (rows written before a column existed hold no bit). Null
     * when the column keeps no rows by code (many values, or no column): then test row by row.
     */
    long[] selectByCode(Object condition, IntPredicate verdict, long[] candidates) {
        long[][] rows = codeRows;
        if (rows == null || count > DictColumn.MAX_CODE_ROWS) {
            return null;
        }
        byte[] memo = column.verdicts(condition, values.length);
        boolean absentPasses = RowTest.ByCode.passes(memo, DictColumn.ABSENT, verdict);
        long[] union = new long[candidates.length];
        for (int code = 1; code < count; code++) {
            long[] bits = rows[code];
            if (bits != null && RowTest.ByCode.passes(memo, code, verdict) != absentPasses) {
                for (int w = 0, n = Math.min(union.length, bits.length); w < n; w++) {
                    union[w] |= bits[w];
                }
            }
        }
        for (int w = 0; w < union.length; w++) {
            union[w] = absentPasses ? candidates[w] & ~union[w] : candidates[w] & union[w];
        }
        return union;
    }

    /**
     * A row test from {@code verdict} (given a row for {@link #perRow} sources, else a code), computed once per
     * distinct value, and remembered across queries in the column's cache under {@code condition}.
     */
    RowTest memoized(Object condition, IntPredicate verdict) {
        if (perRow != null) {
            return row -> {
                boolean passes = verdict.test(row);
                Courtesy.afterVerdict(row);
                return passes;
            };
        }
        if (column == null) {
            boolean absent = verdict.test(DictColumn.ABSENT);
            return row -> absent;
        }
        return new RowTest.ByCode(codes, column.verdicts(condition, values.length), verdict);
    }
}
