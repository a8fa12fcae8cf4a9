package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.ViewDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first {@code capacity} clusters in a {@link SortOrder}, kept in a bounded heap whose top is the worst one
 * kept: O(n log k) time, O(k) memory. Keys of evicted clusters are recycled, so a steady stream allocates nothing.
 */
public final class TopK {
    private final SortOrder order;
    private final int capacity;
    private final PriorityQueue<SortKey> heap;
    private SortKey spare = new SortKey();

    TopK(SortOrder order, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.order = order;
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.min(capacity, 1024), order.reversed());
    }

    void offer(ObjectNode cluster) {
        order.fill(spare, cluster);
        if (heap.size() < capacity) {
            heap.add(spare);
            spare = new SortKey();
        } else if (order.compare(spare, heap.peek()) < 0) {
            SortKey evicted = heap.poll();
            heap.add(spare);
            spare = evicted;
        }
    }

    /** Clusters at positions {@code offset .. offset + limit - 1} of the order (fewer at the end). */
    List<ViewDocument> slice(int offset, int limit) {
        SortKey[] kept = heap.toArray(new SortKey[0]);
        Arrays.sort(kept, order);
        List<ViewDocument> page = new ArrayList<>();
        for (int i = offset; i < kept.length && i < offset + limit; i++) {
            page.add(ViewDocument.of(kept[i].cluster()));
        }
        return page;
    }
}
