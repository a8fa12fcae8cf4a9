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
    /** A dictionary slot across its parallel arrays (value, folded, long, two booleans, text end). */
    static final int DICTIONARY_SLOT_BYTES = 2 * REFERENCE + Long.BYTES + 2 + Integer.BYTES;
    /** A posting list of the trigram index beside its containers: map entry, key, bitmap and its arrays. */
    static final int POSTING_OVERHEAD_BYTES = 112;

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
