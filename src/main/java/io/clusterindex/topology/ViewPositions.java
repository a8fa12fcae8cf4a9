package io.clusterindex.topology;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this instance's view has got: for each {@code cluster-events} partition whose fold task runs here, the
 * offset of the last record the fold has handled (applied, skipped as a duplicate or dead-lettered), or
 * {@link #NONE} when the task runs but has handled nothing yet.
 *
 * <p>Written by the stream threads (the fold's {@link PositionTrackingProcessor}: after each record, when a task
 * starts with the position restored from its changelogged store, and when a task closes), read by request threads.
 * A position is published only after the record's effects are in the task's stores, so a snapshot taken before a
 * query is a lower bound of what the query sees. Waiting is signalled, never polled: {@link #reached} completes a
 * future from the stream thread that publishes the position it waits for.
 */
public final class ViewPositions {
    /** The position of a partition whose task runs here but has not handled any record yet. */
    public static final long NONE = -1L;

    private final ConcurrentHashMap<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    /** The positions of the partitions hosted right now, by partition. */
    public SortedMap<Integer, Long> snapshot() {
        return new TreeMap<>(positions);
    }

    /** True when the fold task of {@code partition} runs on this instance. */
    public boolean hosts(int partition) {
        return positions.containsKey(partition);
    }

    /**
     * A future that completes once every partition of {@code minimum} is hosted here at a position of at least its
     * offset (at once when that already holds). It never fails on its own: callers bound the wait, and cancelling
     * the future (or completing it) unregisters it.
     */
    public CompletableFuture<Void> reached(Map<Integer, Long> minimum) {
        Waiter waiter = new Waiter(Map.copyOf(minimum), new CompletableFuture<>());
        waiters.add(waiter);
        waiter.done().whenComplete((ignored, failure) -> waiters.remove(waiter));
        waiter.completeIfReached(positions);
        return waiter.done();
    }

    /** How many waits are registered (completed and cancelled ones are not). */
    int waiting() {
        return waiters.size();
    }

    /** A task started with this position (restored from its store); replaces whatever was known before. */
    void started(int partition, long offset) {
        positions.put(partition, offset);
        wake();
    }

    /** The fold has handled the record at {@code offset} of {@code partition}. */
    void handled(int partition, long offset) {
        positions.put(partition, offset);
        if (!waiters.isEmpty()) {
            wake();
        }
    }

    /** The task of {@code partition} closed here (moved away, or stopping): its position is no longer claimed. */
    void released(int partition) {
        positions.remove(partition);
    }

    private void wake() {
        for (Waiter waiter : waiters) {
            waiter.completeIfReached(positions);
        }
    }

    private record Waiter(Map<Integer, Long> minimum, CompletableFuture<Void> done) {
        void completeIfReached(Map<Integer, Long> positions) {
            for (Map.Entry<Integer, Long> wanted : minimum.entrySet()) {
                Long position = positions.get(wanted.getKey());
                if (position == null || position < wanted.getValue()) {
                    return;
                }
            }
            done.complete(null);
        }
    }
}
