package io.clusterindex.index;

import java.util.Arrays;

/**
 * The first {@code capacity} rows of a segment in a row order, kept in a bounded binary heap of row numbers whose
 * top is the worst row kept (the primitive twin of {@link TopK}: no key objects per cluster).
 */
final class RowHeap {
    /** A total order on the rows of one segment. */
    interface RowOrder {
        int compare(int a, int b);
    }

    private final RowOrder order;
    private final int capacity;
    private int[] heap = new int[16];
    private int size;

    RowHeap(RowOrder order, int capacity) {
        this.order = order;
        this.capacity = capacity;
    }

    void offer(int row) {
        if (size < capacity) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, Math.min(capacity, heap.length * 2));
            }
            heap[size] = row;
            siftUp(size++);
        } else if (order.compare(row, heap[0]) < 0) {
            heap[0] = row;
            siftDown(0);
        }
    }

    /** True once {@code capacity} rows are kept: a row must then beat {@link #worst()} to get in. */
    boolean full() {
        return size == capacity;
    }

    /** The worst row kept. */
    int worst() {
        return heap[0];
    }

    /** The kept rows, in no particular order. */
    int[] rows() {
        return Arrays.copyOf(heap, size);
    }

    private void siftUp(int index) {
        int row = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (order.compare(row, heap[parent]) <= 0) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = row;
    }

    private void siftDown(int index) {
        int row = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && order.compare(heap[right], heap[child]) > 0) {
                child = right;
            }
            if (order.compare(row, heap[child]) >= 0) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = row;
    }
}
