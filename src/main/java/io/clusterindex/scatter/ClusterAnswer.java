package io.clusterindex.scatter;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The answer for the whole namespace, gathered from every instance concerned. {@code positions} are the union of the
 * view positions those instances reported ({@code X-View-Offsets}).
 */
public sealed interface ClusterAnswer<T> {
    SortedMap<Integer, Long> positions();

    /**
     * The partitions whose share came from a standby replica or a restoring task instead of the running active task,
     * with that copy's lag in changelog records ({@code X-View-Stale}); empty for a fresh answer.
     */
    SortedMap<Integer, Long> lags();

    record Found<T>(T value, SortedMap<Integer, Long> positions, SortedMap<Integer, Long> lags)
            implements ClusterAnswer<T> {
        public Found {
            positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
            lags = Collections.unmodifiableSortedMap(new TreeMap<>(lags));
        }

        public Found(T value, SortedMap<Integer, Long> positions) {
            this(value, positions, new TreeMap<>());
        }
    }

    record NotFound<T>(SortedMap<Integer, Long> positions, SortedMap<Integer, Long> lags) implements ClusterAnswer<T> {
        public NotFound {
            positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
            lags = Collections.unmodifiableSortedMap(new TreeMap<>(lags));
        }

        public NotFound(SortedMap<Integer, Long> positions) {
            this(positions, new TreeMap<>());
        }
    }

    /**
     * Some partitions of {@code topic} could not be served by any instance right now; never a partial answer.
     */
    record Unavailable<T>(String reason, String topic, SortedSet<Integer> partitions,
                          SortedMap<Integer, Long> positions) implements ClusterAnswer<T> {
        public Unavailable {
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
            positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
        }

        @Override
        public SortedMap<Integer, Long> lags() {
            return Collections.emptySortedMap();
        }
    }
}
