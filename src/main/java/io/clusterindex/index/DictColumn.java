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
    private volatile Entries entries = new Entries(new JsonNode[16], new String[16], new long[16], new boolean[16],
            new boolean[16]);
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
    private final TrigramIndex trigrams = new TrigramIndex(1);
    private final CodeOrder order = new CodeOrder();
    private volatile int ranksBuilt;
    /** Codes handed out; written after their entry, so a reader that reads it first sees their entries. */
    private volatile int size = 1;

    /**
     * The dictionary, by code, in parallel arrays replaced together: the value, its folded text (strings), its
     * {@code long} value (numbers, else 0), whether that {@code long} is the exact value (integral numbers), and
     * whether the value is JSON null.
     */
    record Entries(JsonNode[] values, String[] folded, long[] longs, boolean[] exactLongs, boolean[] nulls) {
        /** A copy with room for {@code length} codes (the first ones kept). */
        Entries resized(int length) {
            return new Entries(Arrays.copyOf(values, length), Arrays.copyOf(folded, length),
                    Arrays.copyOf(longs, length), Arrays.copyOf(exactLongs, length), Arrays.copyOf(nulls, length));
        }
    }

    DictColumn(int capacity, int dedupProbeRows) {
        codes = new int[capacity];
        this.dedupProbeRows = dedupProbeRows;
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
                && value.equals(entries.values[current[previousRow]])) {
            current[row] = current[previousRow];
        } else {
            current[row] = codeOf(value);
        }
        counted();
    }

    /** Writer: {@code row} holds the same value as {@code previousRow} (a previous version of the cluster). */
    void copy(int row, int previousRow) {
        int[] current = codes;
        current[row] = current[previousRow];
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
        Entries current = entries;
        if (code == current.values.length) {
            current = current.resized(current.values.length + (current.values.length >> 1));
        }
        current.values[code] = value;
        String text = value.isTextual() ? value.textValue() : null;
        String fold = text == null ? null : Fold.fold(text);
        current.folded[code] = lookup == null && fold != text ? null : fold;
        current.longs[code] = value.isNumber() ? value.longValue() : 0;
        current.exactLongs[code] = value.isIntegralNumber() && value.canConvertToLong();
        current.nulls[code] = value.isNull();
        entries = current;
        indexText(value, fold);
        size = code + 1;
        order.added(current.values, size);
        if (lookup != null) {
            lookup.put(value, code);
        }
        return code;
    }

    /** Writer: the dictionary's arrays shrink to the codes handed out and a sixteenth. */
    void trimDictionary() {
        Entries current = entries;
        int length = Math.max(16, size + size / 16);
        if (length < current.values.length) {
            entries = current.resized(length);
        }
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
        codes = Arrays.copyOf(codes, capacity);
    }

    /**
     * An estimate of the bytes this column holds: its codes and its dictionary (each entry counted as
     * {@link MemoryEstimate#DICTIONARY_ENTRY_BYTES}) and its trigram index; not the caches of verdicts and ranks. Any thread.
     */
    long estimatedBytes() {
        return MemoryEstimate.ints(codes.length) + (long) entries.values.length * MemoryEstimate.DICTIONARY_SLOT_BYTES
                + (long) size * MemoryEstimate.DICTIONARY_ENTRY_BYTES + trigrams.estimatedBytes()
                + order.estimatedBytes();
    }

    /** Writer: sorts every code so far into {@link #order()}. */
    void settle() {
        order.settle(entries.values, size);
    }

    /** The codes in the engine's sort order, as the writer last merged them; read it before the entries. */
    CodeOrder.Sorted order() {
        return order.sorted();
    }

    int[] codes() {
        return codes;
    }

    /** Read {@link #codes()} first. */
    Entries entries() {
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
