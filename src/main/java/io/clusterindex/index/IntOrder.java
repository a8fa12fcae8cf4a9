package io.clusterindex.index;

import java.util.function.IntBinaryOperator;
import java.util.function.IntPredicate;

/** Orders of ints (rows or dictionary codes) under a comparator of their values, without boxing. */
final class IntOrder {
    private IntOrder() {
    }

    /**
     * {@code sorted} (its first {@code length} items, in {@code order}) with the ints {@code from} to {@code to - 1}
     * merged in: a new array of {@code length + to - from} items; equal ones keep their relative order.
     */
    static int[] mergeRun(int[] sorted, int length, int from, int to, IntBinaryOperator order) {
        int[] run = new int[to - from];
        for (int i = 0; i < run.length; i++) {
            run[i] = from + i;
        }
        sort(run, order);
        int[] merged = new int[length + run.length];
        int a = 0;
        int b = 0;
        int out = 0;
        while (a < length && b < run.length) {
            merged[out++] = order.applyAsInt(run[b], sorted[a]) < 0 ? run[b++] : sorted[a++];
        }
        System.arraycopy(sorted, a, merged, out, length - a);
        System.arraycopy(run, b, merged, out + length - a, run.length - b);
        return merged;
    }

    /** Sorts {@code items} in {@code order} (a stable merge sort). */
    static void sort(int[] items, IntBinaryOperator order) {
        int[] buffer = new int[items.length];
        int[] from = items;
        int[] to = buffer;
        for (int width = 1; width < items.length; width *= 2) {
            for (int start = 0; start < items.length; start += 2 * width) {
                int middle = Math.min(start + width, items.length);
                int end = Math.min(start + 2 * width, items.length);
                int a = start;
                int b = middle;
                for (int out = start; out < end; out++) {
                    to[out] = a < middle && (b >= end || order.applyAsInt(from[b], from[a]) >= 0) ? from[a++]
                            : from[b++];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != items) {
            System.arraycopy(from, 0, items, 0, items.length);
        }
    }

    /** The first position in {@code [from, to)} where {@code test} holds, given that it holds from there on. */
    static int first(int from, int to, IntPredicate test) {
        int low = from;
        int high = to;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (test.test(middle)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
