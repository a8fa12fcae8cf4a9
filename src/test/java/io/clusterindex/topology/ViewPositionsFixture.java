package io.clusterindex.topology;

/** Lets tests outside this package play the fold's part in {@link ViewPositions}. */
public final class ViewPositionsFixture {
    private ViewPositionsFixture() {
    }

    public static void started(ViewPositions positions, int partition, long offset) {
        positions.started(partition, offset);
    }

    public static void handled(ViewPositions positions, int partition, long offset) {
        positions.handled(partition, offset);
    }

    public static void released(ViewPositions positions, int partition) {
        positions.released(partition);
    }
}
