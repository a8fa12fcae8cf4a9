package io.clusterindex.query;

import io.clusterindex.index.ViewPositions;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Read-your-writes: waits, without polling, until this instance's view has handled given {@code cluster-events}
 * offsets (every record up to them that belongs to a cluster held here, wherever it was published), and tells
 * which positions an answer reflects.
 */
public final class ReadYourWrites {
    private final ViewPositions positions;
    private final BooleanSupplier mayHost;
    private final Scheduler scheduler;

    /**
     * @param mayHost   whether this instance, hosting no fold task right now, may still get one (it is starting or
     *                  the group is rebalancing); false means it has nothing to answer for
     * @param scheduler ends the waits that run out
     */
    public ReadYourWrites(ViewPositions positions, BooleanSupplier mayHost, Scheduler scheduler) {
        this.positions = positions;
        this.mayHost = mayHost;
        this.scheduler = scheduler;
    }

    /** Waits end in real time. */
    public ReadYourWrites(ViewPositions positions, BooleanSupplier mayHost) {
        this(positions, mayHost, Scheduler.system());
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

    /**
     * Waits up to {@code wait}, without a thread waiting, until every partition of {@code minimum} has a position
     * >= its offset. The outcome completes on the thread that publishes the position (a stream thread) or on the
     * scheduler's: run the query that follows on an executor of its own.
     */
    public CompletableFuture<Outcome> await(Map<Integer, Long> minimum, Duration wait) {
        if (!positions.hostsAny() && !mayHost.getAsBoolean()) {
            return CompletableFuture.completedFuture(new Outcome.NotHosted(positions.snapshot(),
                    new TreeSet<>(minimum.keySet())));
        }
        CompletableFuture<Void> reached = positions.reached(minimum);
        if (reached.isDone()) {
            return CompletableFuture.completedFuture(new Outcome.Reached(positions.snapshot()));
        }
        if (wait.isZero()) {
            reached.cancel(false);
            return CompletableFuture.completedFuture(timedOut(minimum));
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        reached.thenRun(() -> outcome.complete(new Outcome.Reached(positions.snapshot())));
        CompletableFuture<Void> timer = scheduler.after(wait);
        timer.thenRun(() -> outcome.complete(timedOut(minimum)));
        outcome.whenComplete((done, failure) -> {
            reached.cancel(false);
            timer.cancel(false);
        });
        return outcome;
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
