package io.clusterindex.index;

import java.util.Arrays;

/**
 * Where each cluster's current row is: {@code cluster_id} -> (segment, row), an open-addressing hash table in three
 * parallel arrays (linear probing, deletion by backward shift), about 20 bytes per cluster where a {@code HashMap}
 * of row references takes about 65. One writer at a time (its {@link IndexPartition}'s lock); {@link #size} may be
 * read by any thread.
 */
final class RowTable {
    private static final int MIN_CAPACITY = 16;
    /** Entries per slot beyond which the table doubles. */
    private static final double MAX_LOAD = 0.7;

    private String[] keys;
    private IndexSegment[] segments;
    private int[] rows;
    private int mask;
    private volatile int size;

    RowTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        segments = new IndexSegment[capacity];
        rows = new int[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The slot of {@code clusterId}, or -1 when the table does not hold it. */
    int find(String clusterId) {
        for (int slot = home(clusterId); ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return -1;
            }
            if (key.equals(clusterId)) {
                return slot;
            }
        }
    }

    IndexSegment segment(int slot) {
        return segments[slot];
    }

    int row(int slot) {
        return rows[slot];
    }

    /** Moves the cluster of {@code slot} (from {@link #find}) to {@code row} of {@code segment}. */
    void set(int slot, IndexSegment segment, int row) {
        segments[slot] = segment;
        rows[slot] = row;
    }

    /** Adds {@code clusterId}, which the table must not hold yet. */
    void add(String clusterId, IndexSegment segment, int row) {
        if (size + 1 > keys.length * MAX_LOAD) {
            resize(keys.length * 2);
        }
        int slot = home(clusterId);
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = clusterId;
        segments[slot] = segment;
        rows[slot] = row;
        size++;
    }

    /** Removes the cluster of {@code slot} (from {@link #find}). */
    void remove(int slot) {
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = home(keys[next]);
            // the entry at next may fill the hole when its home is not cyclically within (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[hole] = keys[next];
                segments[hole] = segments[next];
                rows[hole] = rows[next];
                hole = next;
            }
        }
        keys[hole] = null;
        segments[hole] = null;
        size--;
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        IndexSegment[] oldSegments = segments;
        int[] oldRows = rows;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = home(oldKeys[i]);
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                segments[slot] = oldSegments[i];
                rows[slot] = oldRows[i];
            }
        }
    }

    /** The bytes of the table's arrays (the keys are the segments' {@code cluster_id} strings, counted there). */
    long estimatedBytes() {
        return MemoryEstimate.references(keys.length) * 2 + MemoryEstimate.ints(rows.length);
    }

    private int home(String clusterId) {
        int h = clusterId.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** For tests: the keys in slot order, null for free slots. */
    String[] slots() {
        return Arrays.copyOf(keys, keys.length);
    }
}
