package io.clusterindex.scatter;

import java.time.Duration;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Read-your-writes demands of a request: {@code X-Min-Offsets} ({@code minimum}, partition to offset of
 * {@code cluster-events}; empty when absent) and {@code X-Wait-Ms} ({@code maxWait}).
 */
public record Consistency(SortedMap<Integer, Long> minimum, Duration maxWait) {
    public Consistency {
        minimum = Collections.unmodifiableSortedMap(new TreeMap<>(minimum));
    }

    public static Consistency none(Duration wait) {
        return new Consistency(new TreeMap<>(), wait);
    }

    /** True when the request names offsets to wait for: its answer must come from the view itself. */
    public boolean waits() {
        return !minimum.isEmpty();
    }
}
