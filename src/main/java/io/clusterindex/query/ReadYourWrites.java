package io.clusterindex.query;

import io.clusterindex.topology.ViewPositions;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;

/**
 * Read-your-writes: waits, without polling, until this instance's view has handled given {@code cluster-events}
 * offsets, and tells which positions an answer reflects.
 */
public final class ReadYourWrites {
    private final ViewPositions positions;
    private final IntPredicate mayHost;

    /**
     * @param mayHost whether a partition that has no position here may still get one (its task is starting or the
     *                group is rebalancing); false means the partition is not this instance's to answer for
     */
    public ReadYourWrites(ViewPositions positions, IntPredicate mayHost) {
        this.positions = positions;
        this.mayHost = mayHost;
    }

    /** The outcome of a wait; {@code positions} are the positions taken when it ended. */
    public sealed interface Outcome {
        SortedMap<Integer, Long> positions();

        /** Every requested partition has reached its offset: an answer computed now reflects them. */
        record Reached(SortedMap<Integer, Long> positions) implements Outcome {
        }

        /** Some requested partitions did not get there in time. */
        record TimedOut(SortedMap<Integer, Long> positions, SortedMap<Integer, Long> behind) implements Outcome {
        }

        /** Some requested partitions are not hosted by this instance (or do not exist). */
        record NotHosted(SortedMap<Integer, Long> positions, SortedSet<Integer> partitions) implements Outcome {
        }
    }

    /** The positions of the partitions hosted here now; take them before running the query they describe. */
    public SortedMap<Integer, Long> positions() {
        return positions.snapshot();
    }

    /** Waits up to {@code wait} until every partition of {@code minimum} has a position >= its offset. */
    public Outcome await(Map<Integer, Long> minimum, Duration wait) {
        SortedSet<Integer> foreign = new TreeSet<>();
        for (Integer partition : minimum.keySet()) {
            if (!positions.hosts(partition) && !mayHost.test(partition)) {
                foreign.add(partition);
            }
        }
        if (!foreign.isEmpty()) {
            return new Outcome.NotHosted(positions.snapshot(), foreign);
        }
        CompletableFuture<Void> reached = positions.reached(minimum);
        try {
            reached.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome.Reached(positions.snapshot());
        } catch (TimeoutException | CancellationException e) {
            return timedOut(minimum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return timedOut(minimum);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for view positions failed", e.getCause());
        } finally {
            reached.cancel(false);
        }
    }

    private Outcome timedOut(Map<Integer, Long> minimum) {
        SortedMap<Integer, Long> now = positions.snapshot();
        SortedMap<Integer, Long> behind = new TreeMap<>();
        minimum.forEach((partition, offset) -> {
            Long position = now.get(partition);
            if (position == null || position < offset) {
                behind.put(partition, offset);
            }
        });
        return new Outcome.TimedOut(now, behind);
    }
}
