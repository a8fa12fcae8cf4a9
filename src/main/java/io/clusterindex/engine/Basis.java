package io.clusterindex.engine;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an {@link Answer} is based on.
 *
 * @param positions the view positions it reflects, by {@code cluster-events} partition ({@code X-View-Offsets}), taken
 *                  after any wait and before the query; empty when not known
 * @param covered   the source partitions it covers ({@code cluster-events}; for the running stats, the stats
 *                  repartition topic)
 * @param lags      the partitions served from a copy that is not the running active task (a standby replica, a task
 *                  still restoring), with how many changelog records that copy had not applied
 *                  ({@code X-View-Stale}, {@code X-View-Lag}); empty for a fresh answer
 */
public record Basis(SortedMap<Integer, Long> positions, SortedSet<Integer> covered, SortedMap<Integer, Long> lags) {
    public static final Basis NONE = new Basis(new TreeMap<>(), new TreeSet<>(), new TreeMap<>());

    public Basis {
        positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
        covered = Collections.unmodifiableSortedSet(new TreeSet<>(covered));
        lags = Collections.unmodifiableSortedMap(new TreeMap<>(lags));
    }

    /** Fresh: served by the running active tasks. */
    public static Basis of(SortedMap<Integer, Long> positions, SortedSet<Integer> covered) {
        return new Basis(positions, covered, new TreeMap<>());
    }

    public static Basis at(SortedMap<Integer, Long> positions) {
        return of(positions, new TreeSet<>());
    }

    public Basis withPositions(SortedMap<Integer, Long> positions) {
        return new Basis(positions, covered, lags);
    }
}
