package io.clusterindex.scatter;

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
     * @param lags       the partitions served from a copy that is not the running active task (a standby replica or
     *                   a task still restoring), with how many changelog records that copy had not applied yet;
     *                   empty when every partition was served by its running active task
     */
    record Served<T>(SortedMap<Integer, Long> positions, SortedSet<Integer> partitions, T value,
                     SortedMap<Integer, Long> lags) implements ShardAnswer<T> {
        public Served {
            positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
            lags = Collections.unmodifiableSortedMap(new TreeMap<>(lags));
        }

        /** Served by the running active tasks. */
        public Served(SortedMap<Integer, Long> positions, SortedSet<Integer> partitions, T value) {
            this(positions, partitions, value, new TreeMap<>());
        }
    }

    /**
     * The instance could not answer; {@code partitions} are the ones it names (empty: it did not say);
     * {@code unreachable} when it could not be reached or did not answer in time (not worth asking again).
     */
    record Failed<T>(SortedSet<Integer> partitions, String reason, boolean unreachable) implements ShardAnswer<T> {
        public Failed {
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
        }

        /** The instance answered that it cannot serve {@code partitions}. */
        public Failed(SortedSet<Integer> partitions, String reason) {
            this(partitions, reason, false);
        }

        public static <T> Failed<T> of(String reason) {
            return new Failed<>(new TreeSet<>(), reason);
        }

        public static <T> Failed<T> unreachable(String reason) {
            return new Failed<>(new TreeSet<>(), reason, true);
        }
    }
}
