package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ViewPositionsTest {
    private static final long NONE = ViewPositions.NONE;
    private final ViewPositions positions = new ViewPositions(3);

    /** Task {@code task} starts with {@code handled} by source partition and nothing rerouted. */
    private void start(int task, long... handled) {
        positions.started(task, handled, new long[0]);
    }

    @Test
    void anInstanceWithoutFoldTasksHasNoPositions() {
        assertThat(positions.snapshot()).isEmpty();
        assertThat(positions.hostsAny()).isFalse();
    }

    @Test
    void withEveryTaskHereAndNothingReroutedEachPartitionIsAsFarAsItsOwnTaskHasRouted() {
        start(2, NONE, NONE, NONE);
        start(0, 41, NONE, NONE);
        positions.handled(0, 0, 42);
        start(1, NONE, 7, NONE);

        assertThat(positions.snapshot()).containsExactly(Map.entry(0, 42L), Map.entry(1, 7L), Map.entry(2, NONE));
        assertThat(positions.hostsAny()).isTrue();
        assertThat(positions.tasks()).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aPartitionIsOnlyAsFarAsTheTaskThatHasNotHandledWhatWasReroutedToIt() {
        start(0, 10, NONE, NONE);
        start(1, NONE, 5, NONE);
        start(2, NONE, NONE, 5);
        positions.rerouted(0, 1, 7);
        positions.handled(1, 0, 6);

        assertThat(positions.snapshot()).as("task 1 has handled partition 0 up to 6 only, and was sent 7")
                .containsEntry(0, 6L);

        positions.handled(1, 0, 7);

        assertThat(positions.snapshot()).as("everything rerouted is handled: as far as task 0 has routed")
                .containsEntry(0, 10L);
    }

    @Test
    void withoutItsSourceTaskHereAPartitionAdvancesOnlyByWhatReachesTheTasksHere() {
        start(1, NONE, 5, NONE);

        assertThat(positions.snapshot()).containsExactly(Map.entry(0, NONE), Map.entry(1, 5L), Map.entry(2, NONE));

        positions.handled(1, 0, 12);
        positions.handled(1, 2, 3);

        assertThat(positions.snapshot()).containsExactly(Map.entry(0, 12L), Map.entry(1, 5L), Map.entry(2, 3L));
    }

    @Test
    void theSlowestTaskHereBoundsEveryPartition() {
        start(0, 10, 4, NONE);
        start(2, 8, 9, 20);

        assertThat(positions.snapshot()).as("partition 1's task is elsewhere: the lower of what 0 and 2 know")
                .containsExactly(Map.entry(0, 10L), Map.entry(1, 4L), Map.entry(2, 20L));
    }

    @Test
    void aReleasedTaskIsNoLongerClaimed() {
        start(0, 10, NONE, NONE);
        start(1, NONE, 20, NONE);

        positions.released(0);

        assertThat(positions.tasks()).containsExactly(1);
        assertThat(positions.snapshot()).containsEntry(1, 20L).containsEntry(0, NONE);
    }

    @Test
    void aRestartedTaskReplacesThePositionsItHadBefore() {
        start(0, 10, NONE, NONE);
        positions.handled(0, 0, 15);

        start(0, 12, NONE, NONE);

        assertThat(positions.snapshot()).containsEntry(0, 12L);
    }

    @Test
    void aWaitForPositionsAlreadyReachedCompletesAtOnce() {
        start(0, 10, NONE, NONE);
        start(1, NONE, 5, NONE);
        start(2, NONE, NONE, 1);

        assertThat(positions.reached(Map.of(0, 10L, 1, 3L))).isCompleted();
        assertThat(positions.reached(Map.of())).isCompleted();
    }

    @Test
    void aWaitCompletesOnlyWhenEveryNamedPartitionHasReachedItsOffset() {
        start(0, 10, NONE, NONE);
        start(1, NONE, 5, NONE);
        CompletableFuture<Void> reached = positions.reached(Map.of(0, 12L, 1, 6L));

        positions.handled(0, 0, 12);
        assertThat(reached).isNotDone();
        positions.handled(1, 1, 6);
        assertThat(reached).isCompleted();
    }

    @Test
    void aWaitCompletesWhenAMarkerTellsThatNothingMoreOfThePartitionIsComing() {
        start(1, NONE, 5, NONE);
        CompletableFuture<Void> reached = positions.reached(Map.of(0, 30L));

        positions.handled(1, 0, 29);
        assertThat(reached).isNotDone();
        positions.handled(1, 0, 30);
        assertThat(reached).isCompleted();
    }

    @Test
    void aWaitOnAnInstanceWithoutTasksCompletesWhenATaskStartsFarEnough() {
        CompletableFuture<Void> reached = positions.reached(Map.of(2, 100L));

        start(2, NONE, NONE, 99);
        assertThat(reached).isNotDone();
        start(2, NONE, NONE, 100);
        assertThat(reached).isCompleted();
    }

    @Test
    void aWaitForAPartitionThatDoesNotExistNeverCompletes() {
        start(0, 10, NONE, NONE);

        assertThat(positions.reached(Map.of(3, 0L))).isNotDone();
    }

    @Test
    void theStreamThreadWakesAWaitingRequestThread() throws Exception {
        start(0, 0, NONE, NONE);
        ScheduledExecutorService streamThread = Executors.newSingleThreadScheduledExecutor();
        try {
            streamThread.schedule(() -> {
                for (long offset = 1; offset <= 500; offset++) {
                    positions.handled(0, 0, offset);
                }
            }, 50, TimeUnit.MILLISECONDS);
            positions.reached(Map.of(0, 500L)).get(30, TimeUnit.SECONDS);
            assertThat(positions.snapshot()).containsEntry(0, 500L);
        } finally {
            streamThread.shutdownNow();
        }
    }

    @Test
    void finishedAndCancelledWaitsAreForgotten() {
        start(0, 0, NONE, NONE);
        CompletableFuture<Void> abandoned = positions.reached(Map.of(0, 1_000L));
        abandoned.cancel(false);

        positions.handled(0, 0, 1_000);

        assertThat(abandoned).isCancelled();
        assertThat(positions.waiting()).isZero();
        CompletableFuture<Void> reached = positions.reached(Map.of(0, 1_001L));
        assertThat(positions.waiting()).isEqualTo(1);
        positions.handled(0, 0, 1_001);
        assertThat(reached).isCompleted();
        assertThat(positions.waiting()).isZero();
    }
}
