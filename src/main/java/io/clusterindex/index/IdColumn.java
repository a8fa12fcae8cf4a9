package io.clusterindex.index;

import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.Fold;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code cluster_id} column of one {@link IndexSegment}: the id of every row, its form folded for search, and
 * its id number. A cluster's number is given when it first comes to the segment and kept by its later versions'
 * rows, so the trigram index of the folded ids and the search verdicts on them are kept by number, and an update
 * posts nothing. Written by the segment's writer; read by queries after their snapshot.
 */
final class IdColumn {
    /** Per search term, whether each id number's folded {@code cluster_id} contains it (ids never change). */
    private final Map<Object, byte[]> verdicts = new ConcurrentHashMap<>();
    /**
     * Posting lists of the folded ids' trigrams, by id number. A compaction keeps the index (the same object, shared
     * with the old segment: numbers mean the same in both) unless a fair share of its numbers no longer has a row,
     * when the numbers are packed in their order.
     */
    private final TrigramIndex trigrams;
    /** By row, the id number of the row's id, below {@link #numberCount}. */
    private volatile int[] numbers;
    /** Id numbers given so far; written before the rows holding them are published. */
    private volatile int numberCount;
    private volatile String[] ids;
    /** Whether some id holds a surrogate, so that ids must be compared by code point rather than by UTF-16 unit. */
    private volatile boolean surrogates;
    /** The ids folded for search (the same instance when folding changes nothing). */
    private volatile String[] folded;

    IdColumn(int capacity) {
        this(capacity, new TrigramIndex(0), 0);
    }

    private IdColumn(int capacity, TrigramIndex trigrams, int numberCount) {
        this.trigrams = trigrams;
        this.numberCount = numberCount;
        ids = new String[capacity];
        numbers = new int[capacity];
        folded = new String[capacity];
    }

    /** The bytes of the arrays, one id string and its folded form per row of {@code rows}, and the trigram index. */
    long estimatedBytes(int rows) {
        return MemoryEstimate.references(ids.length) + MemoryEstimate.references(folded.length)
                + MemoryEstimate.ints(numbers.length) + (long) rows * MemoryEstimate.ID_BYTES
                + trigrams.estimatedBytes();
    }

    // ---- writer -------------------------------------------------------------------------------------------

    /**
     * Writer: {@code clusterId} at {@code row}; the strings and number of {@code previousRow} (or -1) when it holds
     * the same id (the dead row until compaction shares them), else a new number and its trigrams.
     */
    void set(int row, String clusterId, int previousRow) {
        if (previousRow >= 0 && clusterId.equals(ids[previousRow])) {
            copy(row, previousRow);
            return;
        }
        ids[row] = clusterId;
        folded[row] = Fold.fold(clusterId);
        if (!surrogates && CodePoints.hasSurrogate(clusterId)) {
            surrogates = true;
        }
        numbers[row] = trigrams.nextId();
        trigrams.add(folded[row]);
        numberCount = trigrams.nextId();
    }

    /** Writer: the id of {@code previousRow} at {@code row}, the same strings and number. */
    void copy(int row, int previousRow) {
        ids[row] = ids[previousRow];
        folded[row] = folded[previousRow];
        numbers[row] = numbers[previousRow];
    }

    /** Writer: the column of a compaction's kept rows ({@code rowTo[row]}: the new row, or -1), {@code capacity} rows. */
    IdColumn compacted(int[] rowTo, int kept, int capacity) {
        int[] numberTo = packedNumbers(rowTo);
        IdColumn copy = numberTo == null ? new IdColumn(capacity, trigrams, trigrams.nextId())
                : new IdColumn(capacity, trigrams.remapped(numberTo, kept), kept);
        for (int row = 0; row < rowTo.length; row++) {
            int to = rowTo[row];
            if (to >= 0) {
                copy.ids[to] = ids[row];
                copy.folded[to] = folded[row];
                copy.numbers[to] = numberTo == null ? numbers[row] : numberTo[numbers[row]];
            }
        }
        copy.surrogates = surrogates;
        return copy;
    }

    /**
     * Writer: for a compaction keeping the rows {@code rowTo} keeps, the id numbers packed in their order
     * ({@code numberTo[number]}: the new number, or -1 when no kept row holds it), or null when at most a fifth of
     * the numbers would go (then the numbers and their trigram index stay as they are).
     */
    private int[] packedNumbers(int[] rowTo) {
        int[] numberTo = new int[trigrams.nextId()];
        int used = 0;
        for (int row = 0; row < rowTo.length; row++) {
            if (rowTo[row] >= 0 && numberTo[numbers[row]] == 0) {
                numberTo[numbers[row]] = 1;
                used++;
            }
        }
        if (numberTo.length - used <= used / 4) {
            return null;
        }
        int next = 0;
        for (int number = 0; number < numberTo.length; number++) {
            numberTo[number] = numberTo[number] == 0 ? -1 : next++;
        }
        return numberTo;
    }

    void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        numbers = Arrays.copyOf(numbers, capacity);
        folded = Arrays.copyOf(folded, capacity);
    }

    // ---- readers ------------------------------------------------------------------------------------------

    String[] ids() {
        return ids;
    }

    String[] folded() {
        return folded;
    }

    /** By row, the id number in {@link #trigrams()} and {@link #verdicts}; read it after the snapshot. */
    int[] numbers() {
        return numbers;
    }

    TrigramIndex trigrams() {
        return trigrams;
    }

    /**
     * False while no id appended holds a surrogate: {@link String#compareTo} then orders ids as {@link
     * CodePoints#compare} does (the two differ only where a surrogate meets a character above it), and faster. Set
     * before the row is published, so a reader that took its snapshot first sees it for every row of the snapshot.
     */
    boolean surrogates() {
        return surrogates;
    }

    /**
     * Reader: the cached verdicts of a condition on {@code cluster_id} by id number (0 unknown, 1 false, 2 true), at
     * least as long as the numbers given when called (so read after the snapshot, it covers the snapshot's rows):
     * made that long, and grown by half when clusters came since; filled by readers as they go (same values from any
     * thread).
     */
    byte[] verdicts(Object condition) {
        int given = numberCount;
        byte[] known = verdicts.get(condition);
        return DictColumn.cachedVerdicts(verdicts, condition, known == null || known.length >= given ? given
                : given + (given >> 1));
    }
}
