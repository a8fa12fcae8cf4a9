package io.clusterindex.query.cluster;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** What one instance answers for its share of a request. */
public sealed interface ShardAnswer<T> {
    /**
     * @param positions  the view positions the value reflects (taken after any wait, before the query)
     * @param partitions the source partitions the value covers ({@code cluster-events}; for stats, the stats
     *                   repartition topic)
     */
    record Served<T>(SortedMap<Integer, Long> positions, SortedSet<Integer> partitions, T value)
            implements ShardAnswer<T> {
        public Served {
            positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
        }
    }

    /** The instance could not answer; {@code partitions} are the ones it names (empty: it did not say). */
    record Failed<T>(SortedSet<Integer> partitions, String reason) implements ShardAnswer<T> {
        public Failed {
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
        }

        public static <T> Failed<T> of(String reason) {
            return new Failed<>(new TreeSet<>(), reason);
        }
    }
}
