package io.clusterindex.index;

/**
 * Sizes the index's memory estimate counts with (a 64-bit JVM with compressed references, as below 32 GiB of heap).
 * The per-object figures are allowances for typical values, not measurements of each one.
 */
final class MemoryEstimate {
    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;
    /** A {@code cluster_id} string and its folded form: two headers, arrays of about 20 bytes, most often shared. */
    static final int ID_BYTES = 64;
    /** A dictionary value: a small JSON node, its folded text, its number. */
    static final int DICTIONARY_ENTRY_BYTES = 64;
    /** A dictionary slot across its parallel arrays (value, folded, long, two booleans). */
    static final int DICTIONARY_SLOT_BYTES = 2 * REFERENCE + Long.BYTES + 2;

    private MemoryEstimate() {
    }

    static long references(int length) {
        return ARRAY_HEADER + (long) length * REFERENCE;
    }

    static long longs(int length) {
        return ARRAY_HEADER + (long) length * Long.BYTES;
    }

    static long ints(int length) {
        return ARRAY_HEADER + (long) length * Integer.BYTES;
    }
}
