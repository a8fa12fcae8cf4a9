package io.clusterindex.index;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far this instance's view has got, per {@code cluster-events} partition {@code p}: the offset up to which every
 * record of {@code p} that belongs to a cluster folded here has been handled (applied, skipped as a duplicate or
 * dead-lettered), or {@link #NONE}.
 *
 * <p>A cluster is folded by the task that owns it ({@link EventRouting}), wherever its events were published, so
 * the records of partition {@code p} are handled by several tasks: those of its own clusters by task {@code p}
 * itself, the others by their owners after a hop through the rerouted-events topic. For each fold task {@code q}
 * running here this keeps {@code handled[q][p]}: every record of {@code p} meant for {@code q} up to that offset is
 * handled ({@code handled[p][p]} is how far task {@code p} has routed its own partition; for {@code q != p} it
 * advances with each rerouted record and each progress marker from {@code p}). This instance's position of {@code p}
 * is the smallest {@code handled[q][p]} over its tasks, except that when task {@code p} also runs here and has
 * rerouted nothing to {@code q} that {@code q} has not handled yet ({@code rerouted[p][q] <= handled[q][p]}),
 * {@code q} is known to be as far as {@code p} itself, without waiting for a marker. With several instances, the
 * position of the whole view is the smallest over all instances (scatter-gather takes it).
 *
 * <p>Written by the stream threads (the fold's {@link RoutingProcessor}), read by request threads. Positions are
 * published only after the record's effects are in the task's stores, and read in the opposite order (routed, then
 * rerouted, then handled), so a snapshot taken before a query is a lower bound of what the query sees. Waiting is
 * signalled, never polled: {@link #reached} completes a future from the stream thread that publishes the position.
 */
public final class ViewPositions {
    /** The position of a partition of which nothing has been handled yet. */
    public static final long NONE = -1L;

    private final int partitions;
    private final ConcurrentHashMap<Integer, TaskPositions> tasks = new ConcurrentHashMap<>();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    /** @param partitions how many partitions {@code cluster-events} has */
    public ViewPositions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** True when at least one fold task runs on this instance. */
    public boolean hostsAny() {
        return !tasks.isEmpty();
    }

    /** The fold tasks (by partition) running here now. */
    public Set<Integer> tasks() {
        return Set.copyOf(tasks.keySet());
    }

    /** This instance's position of every partition, ascending; empty while no fold task runs here. */
    public SortedMap<Integer, Long> snapshot() {
        SortedMap<Integer, Long> snapshot = new TreeMap<>();
        if (!tasks.isEmpty()) {
            for (int partition = 0; partition < partitions; partition++) {
                snapshot.put(partition, position(partition));
            }
        }
        return snapshot;
    }

    private long position(int partition) {
        TaskPositions source = tasks.get(partition);
        long routed = source == null ? NONE : source.handled.get(partition);
        long position = Long.MAX_VALUE;
        for (TaskPositions task : tasks.values()) {
            long handled;
            if (task.partition == partition) {
                handled = routed;
            } else if (source != null) {
                long rerouted = source.rerouted.get(task.partition);
                handled = task.handled.get(partition);
                if (rerouted <= handled) {
                    handled = Math.max(handled, routed);
                }
            } else {
                handled = task.handled.get(partition);
            }
            position = Math.min(position, handled);
        }
        return position == Long.MAX_VALUE ? NONE : position;
    }

    /**
     * A future that completes once fold tasks run here and this instance's position of every partition of
     * {@code minimum} is at least its offset (at once when that already holds). It never fails on its own: callers
     * bound the wait, and cancelling the future (or completing it) unregisters it.
     */
    public CompletableFuture<Void> reached(Map<Integer, Long> minimum) {
        Waiter waiter = new Waiter(Map.copyOf(minimum), new CompletableFuture<>());
        waiters.add(waiter);
        waiter.done().whenComplete((ignored, failure) -> waiters.remove(waiter));
        waiter.completeIfReached(this);
        return waiter.done();
    }

    /** How many waits are registered (completed and cancelled ones are not). */
    int waiting() {
        return waiters.size();
    }

    /**
     * Task {@code task} started with the positions restored from its store ({@code handled} by source partition,
     * {@code rerouted} by target partition; missing entries are {@link #NONE}); replaces what was known before.
     */
    public void started(int task, long[] handled, long[] rerouted) {
        tasks.put(task, new TaskPositions(task, filled(handled), filled(rerouted)));
        wake();
    }

    private AtomicLongArray filled(long[] values) {
        long[] all = new long[partitions];
        Arrays.fill(all, NONE);
        System.arraycopy(values, 0, all, 0, Math.min(values.length, partitions));
        return new AtomicLongArray(all);
    }

    /** Task {@code task} has handled every record of {@code source} meant for it up to {@code offset}. */
    public void handled(int task, int source, long offset) {
        TaskPositions positions = tasks.get(task);
        if (positions != null && source < partitions) {
            positions.handled.set(source, offset);
            if (!waiters.isEmpty()) {
                wake();
            }
        }
    }

    /** Task {@code task} has sent the record at {@code offset} of its partition to task {@code target}. */
    public void rerouted(int task, int target, long offset) {
        TaskPositions positions = tasks.get(task);
        if (positions != null && target < partitions) {
            positions.rerouted.set(target, offset);
        }
    }

    /** Task {@code task} closed here (moved away, or stopping): its positions are no longer claimed. */
    public void released(int task) {
        tasks.remove(task);
    }

    private void wake() {
        for (Waiter waiter : waiters) {
            waiter.completeIfReached(this);
        }
    }

    private record TaskPositions(int partition, AtomicLongArray handled, AtomicLongArray rerouted) {
    }

    private record Waiter(Map<Integer, Long> minimum, CompletableFuture<Void> done) {
        void completeIfReached(ViewPositions positions) {
            if (positions.tasks.isEmpty()) {
                return;
            }
            for (Map.Entry<Integer, Long> wanted : minimum.entrySet()) {
                int partition = wanted.getKey();
                if (partition < 0 || partition >= positions.partitions
                        || positions.position(partition) < wanted.getValue()) {
                    return;
                }
            }
            done.complete(null);
        }
    }
}
