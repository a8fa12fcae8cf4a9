package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.filter.Fold;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One column of an {@link IndexSegment}: the value of one field (or of one key of {@code metadata}) per row,
 * dictionary-encoded, so that a condition is evaluated once per distinct value and not once per cluster. Per
 * distinct value it also keeps the folded text (for case-insensitive conditions and search) and the value as a
 * {@code long} (for stats); and, per condition, the verdicts already computed ({@link #verdicts}), shared by the
 * queries that repeat the condition, as long as the dictionary lives (until the next compaction).
 *
 * <p>A column where nearly every row has its own value (ids, counters, free text) stops deduplicating after its
 * first rows ({@value #DEDUP_PROBE_ROWS} in production): each row then gets a new code, and the lookup map is dropped.
 * Such a column keeps no folded copy of a string that folding changes (a name with capitals: about 70 bytes a
 * row); readers fold those on demand, after the trigram index has narrowed them.
 *
 * <p>Code 0 means absent. One writer at a time (see {@link IndexPartition}), many readers: the writer
 * fills a row and any new dictionary entry before the segment publishes the row, and replaces (never shrinks) the
 * arrays through volatile fields, so a reader that has seen the publication sees everything up to it.
 */
final class DictColumn {
    static final int ABSENT = 0;
    /** Conditions (or sort paths) whose verdicts (or ranks) are kept; beyond it the cache starts over. */
    private static final int MAX_CACHED_CONDITIONS = 64;
    /** Bytes of verdicts, and of ranks, that one column may keep; beyond it the cache starts over. */
    static final long MAX_CACHED_BYTES = 8L << 20;

    private volatile int[] codes;
    private volatile DictEntries entries = DictEntries.empty(16);
    /** Rows after which a column with more distinct values than {@link #MAX_DISTINCT_SHARE} stops deduplicating. */
    static final int DEDUP_PROBE_ROWS = 8192;
    private static final double MAX_DISTINCT_SHARE = 0.5;

    /** Null once the column stopped deduplicating (nearly every row has its own value: the map would only cost). */
    private Map<JsonNode, Integer> lookup = new HashMap<>();
    private final int dedupProbeRows;
    private int rowsSet;
    private final Map<Object, byte[]> verdicts = new ConcurrentHashMap<>();
    private final Map<Object, Ranks> ranks = new ConcurrentHashMap<>();
    /** Posting lists of the string values' trigrams, by code. */
    private TrigramIndex trigrams = new TrigramIndex(1);
    private CodeOrder order = new CodeOrder();
    private volatile int ranksBuilt;
    /**
     * While the column has at most {@value #MAX_CODE_ROWS} codes: by code (absent aside), the rows holding it as a
     * bit set (rows are only added, and a row's code never changes), so that a condition on a column of few values
     * selects its rows with a few word operations instead of a lookup per row; null for good once the column has
     * more codes. The writer sets a row's bit before the row is published; arrays are replaced, never shrunk under a
     * reader, when the rows' capacity changes.
     */
    private volatile long[][] codeRows = new long[MAX_CODE_ROWS][];
    /** Codes beyond which a column keeps no {@link #codeRows}: at most 4 bytes a row for one column. */
    static final int MAX_CODE_ROWS = 32;
    /** Codes that are packed strings or numbers ({@link DictEntries#packed}, {@link DictEntries#packedNumber}); for the estimate. */
    private volatile int packedCodes;
    /** Codes handed out; written after their entry, so a reader that reads it first sees their entries. */
    private volatile int size = 1;


    DictColumn(int capacity, int dedupProbeRows) {
        codes = new int[capacity];
        this.dedupProbeRows = dedupProbeRows;
    }

    /**
     * Writer: a new column of {@code capacity} rows holding the rows below {@code rows} that {@code rowTo} keeps
     * ({@code rowTo[row]}: the new row, or -1), for a compaction, which keeps the rows' order. The codes that no kept
     * row holds are dropped and the others renumbered in their order, so the dictionary, its trigram index and its
     * sort order are mapped code by code: no value is looked up, folded, split into trigrams or compared again. The
     * caches of verdicts and ranks start over. This column is left as it is (readers of the old rows keep using it).
     * Null when no kept row holds a value.
     */
    DictColumn compacted(int[] rowTo, int rows, int capacity) {
        int[] from = codes;
        int[] codeTo = new int[size];
        for (int row = 0; row < rows; row++) {
            if (rowTo[row] >= 0) {
                codeTo[from[row]] = 1;
            }
        }
        codeTo[ABSENT] = ABSENT;
        int kept = 1;
        for (int code = 1; code < codeTo.length; code++) {
            codeTo[code] = codeTo[code] == 0 ? -1 : kept++;
        }
        if (kept == 1) {
            return null;
        }
        DictColumn copy = new DictColumn(capacity, dedupProbeRows);
        DictEntries current = entries;
        copy.entries = current.compacted(codeTo, size, Math.max(16, kept + kept / 8));
        copy.size = kept;
        for (int code = 1; code < size; code++) {
            copy.packedCodes += codeTo[code] > 0 && (current.packed(code) || current.packedNumber(code)) ? 1 : 0;
        }
        if (lookup == null) {
            copy.lookup = null;
        } else {
            for (int code = 1; code < kept; code++) {
                copy.lookup.put(copy.entries.values()[code], code);
            }
        }
        for (int row = 0; row < rows; row++) {
            int to = rowTo[row];
            if (to >= 0) {
                copy.codes[to] = codeTo[from[row]];
                copy.marked(to, copy.codes[to]);
                copy.rowsSet++;
            }
        }
        copy.trigrams = trigrams.remapped(codeTo, kept);
        copy.order = order.remapped(codeTo);
        return copy;
    }

    /** Writer: {@code value} (null: absent) at {@code row}, which must be below the capacity. */
    void set(int row, JsonNode value) {
        set(row, value, -1);
    }

    /**
     * Writer: {@code value} at {@code row}, where {@code previousRow} (or -1) holds the cluster's previous version:
     * an unchanged value keeps its code even when the column no longer deduplicates.
     */
    void set(int row, JsonNode value, int previousRow) {
        int[] current = codes;
        if (value == null) {
            current[row] = ABSENT;
        } else if (previousRow >= 0 && current[previousRow] != ABSENT
                && entries.holds(current[previousRow], value)) {
            current[row] = current[previousRow];
        } else {
            current[row] = codeOf(value);
        }
        marked(row, current[row]);
        counted();
    }

    /** Writer: {@code row} now holds {@code code}; sets its bit in {@link #codeRows} (or drops them all). */
    private void marked(int row, int code) {
        long[][] rows = codeRows;
        if (rows == null || code == ABSENT) {
            return;
        }
        if (code >= MAX_CODE_ROWS) {
            codeRows = null;
            return;
        }
        long[] bits = rows[code];
        if (bits == null) {
            bits = new long[RowBits.words(codes.length)];
            rows[code] = bits;
        }
        bits[row >>> 6] |= 1L << row;
    }

    /** Writer: {@code row} holds the same value as {@code previousRow} (a previous version of the cluster). */
    void copy(int row, int previousRow) {
        int[] current = codes;
        current[row] = current[previousRow];
        marked(row, current[row]);
        counted();
    }

    /** Writer: as {@link #copy} when {@code previousRow} holds a value; else leaves {@code row} absent, untouched. */
    void copyIfPresent(int row, int previousRow) {
        if (codes[previousRow] != ABSENT) {
            copy(row, previousRow);
        }
    }

    private void counted() {
        if (++rowsSet == dedupProbeRows && lookup != null && size > dedupProbeRows * MAX_DISTINCT_SHARE) {
            lookup = null;
        }
    }

    private int codeOf(JsonNode value) {
        Integer known = lookup == null ? null : lookup.get(value);
        if (known != null) {
            return known;
        }
        int code = size;
        DictEntries current = entries;
        if (code == current.values().length) {
            current = current.resized(current.values().length + (current.values().length >> 1));
        }
        String text = value.isTextual() ? value.textValue() : null;
        String fold = text == null ? null : Fold.fold(text);
        int textEnd = current.textEnds()[code - 1];
        byte numberKind = lookup == null ? DictEntries.numberKind(value) : 0;
        if (lookup == null && text != null && latin1(text)) {
            current = current.withString(textEnd, text);
            textEnd += text.length();
            packedCodes++;
        } else if (numberKind != 0) {
            current = current.withNumber(code, value, numberKind);
            packedCodes++;
        } else {
            current.values()[code] = value;
            current.folded()[code] = lookup == null && fold != text ? null : fold;
        }
        current.textEnds()[code] = textEnd;
        current.longs()[code] = value.isNumber() ? value.longValue() : 0;
        current.exactLongs()[code] = value.isIntegralNumber() && value.canConvertToLong();
        current.nulls()[code] = value.isNull();
        entries = current;
        indexText(value, fold);
        size = code + 1;
        order.added(current, size);
        if (lookup != null) {
            lookup.put(value, code);
        }
        return code;
    }

    /** Whether every character of {@code text} is below U+0100 (a byte each in ISO 8859-1, and a code point). */
    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Writer: the dictionary's arrays shrink to the codes handed out and a sixteenth. */
    void trimDictionary() {
        DictEntries current = entries;
        int length = Math.max(16, size + size / 16);
        if (length < current.values().length) {
            current = current.resized(length);
        }
        int textLength = current.textEnds()[size - 1];
        if (textLength + textLength / 16 < current.text().length) {
            current = current.withText(Arrays.copyOf(current.text(), textLength + textLength / 16));
        }
        entries = current;
    }

    private void indexText(JsonNode value, String folded) {
        if (value.isContainerNode()) {
            trigrams.addOpaque();
        } else {
            trigrams.add(folded);
        }
    }

    /** The trigram index of the string values by code (readers narrow text conditions with it). */
    TrigramIndex trigrams() {
        return trigrams;
    }

    /** Writer: room for {@code capacity} rows (at least the rows written). */
    void grow(int capacity) {
        long[][] rows = codeRows;
        if (rows != null) {
            long[][] resized = new long[MAX_CODE_ROWS][];
            for (int code = 0; code < resized.length; code++) {
                resized[code] = rows[code] == null ? null : Arrays.copyOf(rows[code], RowBits.words(capacity));
            }
            codeRows = resized;
        }
        codes = Arrays.copyOf(codes, capacity);
    }

    /**
     * Reader: by code, the rows holding it ({@link #codeRows}; a code no row held yet has none), or null when the
     * column has too many codes. Read it after the snapshot: it holds every row the snapshot does.
     */
    long[][] codeRows() {
        return codeRows;
    }

    /**
     * An estimate of the bytes this column holds: its codes and its dictionary (each entry counted as
     * {@link MemoryEstimate#DICTIONARY_ENTRY_BYTES}) and its trigram index; not the caches of verdicts and ranks. Any thread.
     */
    long estimatedBytes() {
        DictEntries current = entries;
        int count = size;
        long[][] rows = codeRows;
        long codeRowBytes = 0;
        if (rows != null) {
            for (long[] bits : rows) {
                codeRowBytes += bits == null ? 0 : MemoryEstimate.longs(bits.length);
            }
        }
        return codeRowBytes + MemoryEstimate.ints(codes.length)
                + (long) current.values().length * MemoryEstimate.DICTIONARY_SLOT_BYTES
                + (long) (count - packedCodes) * MemoryEstimate.DICTIONARY_ENTRY_BYTES + current.text().length
                + trigrams.estimatedBytes() + order.estimatedBytes();
    }

    /** Writer: sorts every code so far into {@link #order()}. */
    void settle() {
        order.settle(entries, size);
    }

    /** The codes in the engine's sort order, as the writer last merged them; read it before the entries. */
    CodeOrder.Sorted order() {
        return order.sorted();
    }

    int[] codes() {
        return codes;
    }

    /** Read {@link #codes()} first. */
    DictEntries entries() {
        return entries;
    }

    /**
     * Reader: the verdicts of {@code condition} by code (0 unknown, 1 false, 2 true), at least {@code distinct}
     * long. Readers fill it as they go; concurrent fills write the same values, so the race is benign.
     */
    byte[] verdicts(Object condition, int distinct) {
        return cachedVerdicts(verdicts, condition, distinct);
    }

    /** The verdict array of {@code condition} in {@code cache}, at least {@code length} long (grown or made). */
    static byte[] cachedVerdicts(Map<Object, byte[]> cache, Object condition, int length) {
        byte[] known = cache.get(condition);
        if (known == null || known.length < length) {
            makeRoom(cache, array -> array.length, length);
            known = known == null ? new byte[length] : Arrays.copyOf(known, length);
            cache.put(condition, known);
        }
        return known;
    }

    /**
     * The sort order of the first {@code ranked} codes under one sort path, direction aside: equal values share a
     * rank, a value that sorts as missing has rank -1. Immutable once built.
     */
    record Ranks(int[] rank, int ranked) {
    }

    /**
     * Reader: the cached {@link Ranks} of {@code path} (a key of the caller's choosing), rebuilt with
     * {@code build} when there are none yet or when more than an eighth of the dictionary ({@code distinct}
     * codes now) came after them. Concurrent rebuilds are harmless (the last one stays).
     */
    Ranks ranks(Object path, int distinct, java.util.function.IntFunction<Ranks> build) {
        Ranks known = ranks.get(path);
        if (known == null || distinct - known.ranked() > distinct / 8) {
            makeRoom(ranks, cached -> 4L * cached.rank().length, 4L * distinct);
            ranksBuilt++;
            known = build.apply(distinct);
            ranks.put(path, known);
        }
        return known;
    }

    /**
     * Empties {@code cache} when one more entry of {@code adding} bytes would pass {@link #MAX_CACHED_CONDITIONS}
     * entries or {@link #MAX_CACHED_BYTES} (what is cached is only a shortcut: starting over is always correct).
     */
    static <V> void makeRoom(Map<Object, V> cache, java.util.function.ToLongFunction<V> bytes, long adding) {
        long total = adding;
        for (V cached : cache.values()) {
            total += bytes.applyAsLong(cached);
        }
        if (cache.size() >= MAX_CACHED_CONDITIONS || total > MAX_CACHED_BYTES) {
            cache.clear();
        }
    }

    /** How many times a query built {@link Ranks} (for a path inside the column's values); racy, for tests. */
    int ranksBuilt() {
        return ranksBuilt;
    }

    /** The number of codes handed out so far (absent included); read it before {@link #entries()}. */
    int size() {
        return size;
    }
}
