package io.clusterindex.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ViewPositionsTest {
    private final ViewPositions positions = new ViewPositions();

    @Test
    void aSnapshotListsHostedPartitionsInAscendingOrderWithTheirLastHandledOffset() {
        positions.started(2, ViewPositions.NONE);
        positions.started(0, 41);
        positions.handled(0, 42);
        positions.started(1, 7);

        assertThat(positions.snapshot()).containsExactly(Map.entry(0, 42L), Map.entry(1, 7L), Map.entry(2, -1L));
        assertThat(positions.hosts(1)).isTrue();
        assertThat(positions.hosts(3)).isFalse();
    }

    @Test
    void aReleasedPartitionIsNoLongerClaimed() {
        positions.started(0, 10);
        positions.started(1, 20);

        positions.released(0);

        assertThat(positions.snapshot()).containsExactly(Map.entry(1, 20L));
        assertThat(positions.hosts(0)).isFalse();
    }

    @Test
    void aRestartedTaskReplacesThePositionItHadBefore() {
        positions.started(0, 10);
        positions.handled(0, 15);

        positions.started(0, 12);

        assertThat(positions.snapshot()).containsExactly(Map.entry(0, 12L));
    }

    @Test
    void aWaitForPositionsAlreadyReachedCompletesAtOnce() {
        positions.started(0, 10);
        positions.started(1, 5);

        assertThat(positions.reached(Map.of(0, 10L, 1, 3L))).isCompleted();
        assertThat(positions.reached(Map.of())).isCompleted();
    }

    @Test
    void aWaitCompletesOnlyWhenEveryNamedPartitionHasReachedItsOffset() {
        positions.started(0, 10);
        positions.started(1, 5);
        CompletableFuture<Void> reached = positions.reached(Map.of(0, 12L, 1, 6L));

        positions.handled(0, 12);
        assertThat(reached).isNotDone();
        positions.handled(1, 6);
        assertThat(reached).isCompleted();
    }

    @Test
    void aWaitForAPartitionThatIsNotHostedYetCompletesWhenItsTaskStartsFarEnough() {
        CompletableFuture<Void> reached = positions.reached(Map.of(2, 100L));

        positions.started(2, 99);
        assertThat(reached).isNotDone();
        positions.started(2, 100);
        assertThat(reached).isCompleted();
    }

    @Test
    void theStreamThreadWakesAWaitingRequestThread() throws Exception {
        positions.started(0, 0);
        ScheduledExecutorService streamThread = Executors.newSingleThreadScheduledExecutor();
        try {
            streamThread.schedule(() -> {
                for (long offset = 1; offset <= 500; offset++) {
                    positions.handled(0, offset);
                }
            }, 50, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            positions.reached(Map.of(0, 500L)).get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            streamThread.shutdownNow();
        }
    }

    @Test
    void finishedAndCancelledWaitsAreForgotten() {
        positions.started(0, 0);
        CompletableFuture<Void> abandoned = positions.reached(Map.of(0, 1_000L));
        abandoned.cancel(false);

        positions.handled(0, 1_000);

        assertThat(abandoned).isCancelled();
        assertThat(positions.waiting()).isZero();
        CompletableFuture<Void> reached = positions.reached(Map.of(0, 1_001L));
        assertThat(positions.waiting()).isEqualTo(1);
        positions.handled(0, 1_001);
        assertThat(reached).isCompleted();
        assertThat(positions.waiting()).isZero();
    }
}
