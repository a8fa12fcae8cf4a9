package io.clusterindex.query;

import io.clusterindex.index.ViewPositions;
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
import java.util.function.BooleanSupplier;

/**
 * Read-your-writes: waits, without polling, until this instance's view has handled given {@code cluster-events}
 * offsets (every record up to them that belongs to a cluster held here, wherever it was published), and tells
 * which positions an answer reflects.
 */
public final class ReadYourWrites {
    private final ViewPositions positions;
    private final BooleanSupplier mayHost;

    /**
     * @param mayHost whether this instance, hosting no fold task right now, may still get one (it is starting or the
     *                group is rebalancing); false means it has nothing to answer for
     */
    public ReadYourWrites(ViewPositions positions, BooleanSupplier mayHost) {
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

        /** This instance hosts no fold task (any more), so it cannot answer for {@code partitions}. */
        record NotHosted(SortedMap<Integer, Long> positions, SortedSet<Integer> partitions) implements Outcome {
        }
    }

    /** How many partitions {@code cluster-events} has. */
    public int partitions() {
        return positions.partitions();
    }

    /** This instance's positions now, of every partition; take them before running the query they describe. */
    public SortedMap<Integer, Long> positions() {
        return positions.snapshot();
    }

    /** Waits up to {@code wait} until every partition of {@code minimum} has a position >= its offset. */
    public Outcome await(Map<Integer, Long> minimum, Duration wait) {
        if (!positions.hostsAny() && !mayHost.getAsBoolean()) {
            return new Outcome.NotHosted(positions.snapshot(), new TreeSet<>(minimum.keySet()));
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
