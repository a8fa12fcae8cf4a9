package io.clusterindex.index;

import java.util.Arrays;

/** Lets tests outside this package play the fold's part in {@link ViewPositions}. */
public final class ViewPositionsFixture {
    private ViewPositionsFixture() {
    }

    /** Fold task {@code partition} starts having routed its partition up to {@code offset}, nothing else known. */
    public static void started(ViewPositions positions, int partition, long offset) {
        long[] handled = new long[positions.partitions()];
        Arrays.fill(handled, ViewPositions.NONE);
        handled[partition] = offset;
        positions.started(partition, handled, new long[0]);
    }

    /** Fold task {@code partition} has routed its partition up to {@code offset}. */
    public static void handled(ViewPositions positions, int partition, long offset) {
        positions.handled(partition, partition, offset);
    }

    /** How many waits are registered. */
    public static int waiting(ViewPositions positions) {
        return positions.waiting();
    }

    public static void released(ViewPositions positions, int partition) {
        positions.released(partition);
    }
}
