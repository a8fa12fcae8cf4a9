package io.clusterindex.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Posting lists from trigram to the ids (dictionary codes, or rows for {@code cluster_id}) whose folded text
 * contains it, so that a text condition on a new value is checked exactly on a few candidates instead of on every
 * distinct value. Ids are added in order by the one writer; an id holding a container (an object or an array,
 * whose strings the index does not see) is an opaque id, a candidate for every query.
 *
 * <p>Readers see an immutable, published {@link Sealed} state: blocks of posting lists covering the ids below its
 * {@code sealed} mark. The ids from the mark on (at most {@value #BLOCK}) are not narrowed: the caller checks them
 * with the exact matcher. Every {@value #BLOCK} ids the writer seals a block and merges the last blocks while they
 * are of equal size (a binary counter: each id is merged a logarithmic number of times, and there are at most a
 * logarithmic number of blocks).
 */
final class TrigramIndex {
    /** Ids per sealed block before merging, and so the most ids a reader checks without narrowing. */
    static final int BLOCK = 4096;
    private static final int OPAQUE = -1;

    /** Posting lists of the ids {@code from} (inclusive) to {@code to}; immutable once published. */
    private record Block(int from, int to, Map<Integer, RoaringBitmap> postings) {
    }

    /** What readers see: the blocks, covering every id from the first to {@code sealed}. */
    private record Sealed(Block[] blocks, int sealed) {
    }

    private final int first;
    private volatile Sealed state;
    /** Bits of a pending posting that hold its id, less {@link #pendingFrom}: every id of a block. */
    private static final int ID_BITS = 12;
    /** A pending posting's trigram number ({@link Trigrams#dense}) for an opaque id. */
    private static final int OPAQUE_DENSE = Trigrams.DENSE_COUNT;

    static {
        if (BLOCK > 1 << ID_BITS || (long) OPAQUE_DENSE << ID_BITS > Integer.MAX_VALUE) {
            throw new ExceptionInInitializerError("a pending posting does not fit in an int");
        }
    }

    /**
     * The postings of the ids not sealed yet, a (trigram, id) pair in an {@code int} each (the trigram's
     * {@link Trigrams#dense} number, then the id less {@link #pendingFrom} in {@value #ID_BITS} bits), in the order
     * posted: half of what a {@code long} a pair took, so a block's array stays under the 1 MiB at which G1 makes an
     * array humongous (allocated in the old generation, each one a reason to start a concurrent cycle) for up to 64
     * trigrams an id. Started small, so that an index holds no more than its unsealed postings (a namespace's columns
     * mostly hold few strings, and many namespaces may be indexed), and at each new block as large as the last
     * block's postings were (not grown by doubling again: each copy of a long-lived array is work for the garbage
     * collector).
     */
    private int[] pending = new int[16];
    private int pendingCount;
    /** Writer: the first id not sealed (the published state's {@code sealed}). */
    private int pendingFrom;
    private int next;

    /** An index whose ids start at {@code first}. */
    TrigramIndex(int first) {
        this.first = first;
        this.next = first;
        this.pendingFrom = first;
        this.state = new Sealed(new Block[0], first);
    }

    /**
     * Writer: a new index holding the ids that {@code idTo} keeps ({@code idTo[id]} is the id's new id, or -1 when
     * it is dropped), for a compaction, which keeps the ids' order: each posting list is mapped id by id, so nothing
     * is extracted or sorted again. The sealed ids become one block; the unsealed ones stay unsealed. This index is
     * left as it is (readers of the old ids keep using it). {@code next} is the new index's next id.
     */
    TrigramIndex remapped(int[] idTo, int next) {
        Sealed current = state;
        int sealed = first;
        for (int id = first; id < current.sealed(); id++) {
            sealed += idTo[id] >= 0 ? 1 : 0;
        }
        Block[] blocks = current.blocks();
        Set<Integer> keys = new HashSet<>();
        for (Block block : blocks) {
            keys.addAll(block.postings().keySet());
        }
        // a key's ids, block after block: in order (the blocks are, and so is idTo), and at most every sealed id
        int[] ids = new int[sealed - first];
        Map<Integer, RoaringBitmap> postings = new HashMap<>();
        for (Integer key : keys) {
            int length = 0;
            for (Block block : blocks) {
                RoaringBitmap posting = block.postings().get(key);
                if (posting == null) {
                    continue;
                }
                for (IntIterator from = posting.getIntIterator(); from.hasNext(); ) {
                    int to = idTo[from.next()];
                    if (to >= 0) {
                        ids[length++] = to;
                    }
                }
            }
            if (length > 0) {
                RoaringBitmap posting = new RoaringBitmap();
                posting.addN(ids, 0, length);
                posting.runOptimize();
                posting.trim();
                postings.put(key, posting);
            }
        }
        TrigramIndex copy = new TrigramIndex(first);
        copy.state = new Sealed(sealed > first ? new Block[] {new Block(first, sealed, postings)} : new Block[0], sealed);
        copy.pending = new int[Math.max(16, pendingCount)];
        copy.pendingFrom = sealed;
        for (int i = 0; i < pendingCount; i++) {
            int to = idTo[pendingFrom + (pending[i] & (1 << ID_BITS) - 1)];
            if (to >= 0) {
                copy.pending[copy.pendingCount++] = pending[i] >>> ID_BITS << ID_BITS | to - sealed;
            }
        }
        copy.next = next;
        return copy;
    }

    /** Writer: the id that the next {@link #add} or {@link #addOpaque} gives. */
    int nextId() {
        return next;
    }

    /** Writer: the next id holds {@code folded}, the folded text of a string (null when it is no string). */
    void add(String folded) {
        if (folded != null) {
            for (int trigram : Trigrams.of(folded)) {
                post(trigram, next);
            }
        }
        advance();
    }

    /** Writer: the next id holds a container, whose strings the index does not see. */
    void addOpaque() {
        post(OPAQUE, next);
        advance();
    }

    private void post(int key, int id) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        int trigram = key == OPAQUE ? OPAQUE_DENSE : Trigrams.dense(key);
        pending[pendingCount++] = trigram << ID_BITS | id - pendingFrom;
    }

    private void advance() {
        next++;
        if (next - state.sealed() >= BLOCK) {
            seal();
        }
    }

    private void seal() {
        Sealed current = state;
        List<Block> blocks = new ArrayList<>(Arrays.asList(current.blocks()));
        Block block = new Block(current.sealed(), next, postings());
        pending = new int[Math.max(16, pendingCount)];
        pendingCount = 0;
        pendingFrom = next;
        while (!blocks.isEmpty() && size(blocks.get(blocks.size() - 1)) == size(block)) {
            block = merged(blocks.remove(blocks.size() - 1), block);
        }
        blocks.add(block);
        state = new Sealed(blocks.toArray(new Block[0]), next);
    }

    private static int size(Block block) {
        return block.to() - block.from();
    }

    /** The pending pairs as posting lists (sorted once: one bulk insertion per trigram). */
    private Map<Integer, RoaringBitmap> postings() {
        Arrays.sort(pending, 0, pendingCount);
        Map<Integer, RoaringBitmap> postings = new HashMap<>();
        int[] ids = new int[pendingCount];
        int start = 0;
        while (start < pendingCount) {
            int trigram = pending[start] >>> ID_BITS;
            int key = trigram == OPAQUE_DENSE ? OPAQUE : Trigrams.ofDense(trigram);
            int end = start;
            while (end < pendingCount && pending[end] >>> ID_BITS == trigram) {
                ids[end - start] = pendingFrom + (pending[end] & (1 << ID_BITS) - 1);
                end++;
            }
            RoaringBitmap posting = new RoaringBitmap();
            posting.addN(ids, 0, end - start);
            posting.runOptimize();
            postings.put(key, posting);
            start = end;
        }
        return postings;
    }

    private static Block merged(Block older, Block newer) {
        Map<Integer, RoaringBitmap> postings = new HashMap<>(older.postings());
        newer.postings().forEach((key, posting) -> postings.merge(key, posting, TrigramIndex::union));
        return new Block(older.from(), newer.to(), postings);
    }

    /** A new posting list (the published ones are never modified). */
    private static RoaringBitmap union(RoaringBitmap a, RoaringBitmap b) {
        RoaringBitmap union = RoaringBitmap.or(a, b);
        union.runOptimize();
        return union;
    }

    /** The ids that may match, as of one published state. */
    record Candidates(RoaringBitmap ids, int first, int sealed) {
        /** Whether {@code id} may match: a candidate, or at or above the sealed mark (not narrowed). */
        boolean mayMatch(int id) {
            return id >= sealed || ids.contains(id);
        }
    }

    /**
     * Reader: the ids that may satisfy {@code query}, or null when the query does not narrow ({@link
     * TrigramQuery#ALL}). Ids from {@link Candidates#sealed()} on are not narrowed. A {@link Courtesy} poll after each
     * block.
     */
    Candidates candidates(TrigramQuery query) {
        if (query == TrigramQuery.ALL) {
            return null;
        }
        Sealed current = state;
        RoaringBitmap ids = new RoaringBitmap();
        for (Block block : current.blocks()) {
            RoaringBitmap hits = evaluate(query, block);
            if (hits == null) {
                ids.add((long) block.from(), (long) block.to());
            } else {
                ids.or(hits);
            }
            RoaringBitmap opaque = block.postings().get(OPAQUE);
            if (opaque != null) {
                ids.or(opaque);
            }
            Courtesy.poll();
        }
        return new Candidates(ids, first, current.sealed());
    }

    /** The ids of {@code block} satisfying {@code query}, or null for all of them; never modifies a posting. */
    private static RoaringBitmap evaluate(TrigramQuery query, Block block) {
        if (query instanceof TrigramQuery.Gram gram) {
            RoaringBitmap posting = block.postings().get(gram.trigram());
            return posting == null ? new RoaringBitmap() : posting;
        }
        if (query instanceof TrigramQuery.And and) {
            RoaringBitmap result = null;
            for (TrigramQuery item : and.items()) {
                RoaringBitmap hits = evaluate(item, block);
                if (hits != null) {
                    result = result == null ? hits : RoaringBitmap.and(result, hits);
                    if (result.isEmpty()) {
                        return result;
                    }
                }
            }
            return result;
        }
        if (query instanceof TrigramQuery.Or or) {
            RoaringBitmap result = new RoaringBitmap();
            for (TrigramQuery item : or.items()) {
                RoaringBitmap hits = evaluate(item, block);
                if (hits == null) {
                    return null;
                }
                result = RoaringBitmap.or(result, hits);
            }
            return result;
        }
        return null;
    }

    /** An estimate of the bytes the sealed posting lists hold (serialized size plus a map entry each). Any thread. */
    long estimatedBytes() {
        long bytes = 0;
        for (Block block : state.blocks()) {
            for (RoaringBitmap posting : block.postings().values()) {
                bytes += posting.getSizeInBytes() + MemoryEstimate.POSTING_OVERHEAD_BYTES;
            }
        }
        return bytes;
    }
}
