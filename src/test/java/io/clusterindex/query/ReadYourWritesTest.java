package io.clusterindex.query;

import static io.clusterindex.index.ViewPositionsFixture.handled;
import static io.clusterindex.index.ViewPositionsFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.index.ViewPositions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {
    private final ViewPositions positions = new ViewPositions(3);
    private final ScheduledExecutorService streamThread = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        streamThread.shutdownNow();
    }

    /** Read-your-writes of an instance that may get fold tasks (starting, rebalancing) or not. */
    private ReadYourWrites mayHost(boolean more) {
        return new ReadYourWrites(positions, () -> more);
    }

    @Test
    void positionsAlreadyReachedAnswerAtOnceWithTheCurrentPositions() {
        started(positions, 0, 10);
        started(positions, 1, 20);

        ReadYourWrites.Outcome outcome = mayHost(true).await(Map.of(0, 10L), Duration.ZERO);

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.Reached.class);
        assertThat(outcome.positions()).containsExactly(Map.entry(0, 10L), Map.entry(1, 20L), Map.entry(2, -1L));
    }

    @Test
    void aWaitEndsAsSoonAsTheFoldHandlesTheRequestedOffset() {
        started(positions, 0, 10);
        streamThread.schedule(() -> handled(positions, 0, 11), 100, TimeUnit.MILLISECONDS);
        streamThread.schedule(() -> handled(positions, 0, 12), 200, TimeUnit.MILLISECONDS);

        long begun = System.nanoTime();
        ReadYourWrites.Outcome outcome = mayHost(true).await(Map.of(0, 12L), Duration.ofSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.Reached.class);
        assertThat(outcome.positions()).containsEntry(0, 12L);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWaitThatIsNotSatisfiedInTimeTimesOutNamingWhatIsBehind() {
        started(positions, 0, 10);
        started(positions, 1, 20);

        long begun = System.nanoTime();
        ReadYourWrites.Outcome outcome = mayHost(true).await(Map.of(0, 10L, 1, 1_000_000L), Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.TimedOut.class);
        assertThat(((ReadYourWrites.Outcome.TimedOut) outcome).behind()).containsExactly(Map.entry(1, 1_000_000L));
        assertThat(outcome.positions()).containsExactly(Map.entry(0, 10L), Map.entry(1, 20L), Map.entry(2, -1L));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
        assertThat(positions.reached(Map.of()).isDone()).isTrue();
    }

    @Test
    void aZeroWaitAnswersAtOnce() {
        started(positions, 0, 10);

        ReadYourWrites.Outcome outcome = mayHost(true).await(Map.of(0, 11L), Duration.ZERO);

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.TimedOut.class);
    }

    @Test
    void anInstanceWithoutFoldTasksNamesTheRequestedPartitionsWithoutWaiting() {
        ReadYourWrites.Outcome outcome = mayHost(false).await(Map.of(0, 1L, 2, 1L), Duration.ofSeconds(30));

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.NotHosted.class);
        assertThat(((ReadYourWrites.Outcome.NotHosted) outcome).partitions()).containsExactly(0, 2);
    }

    @Test
    void aPartitionWhoseTaskIsStillStartingIsWaitedFor() {
        streamThread.schedule(() -> started(positions, 1, 50), 100, TimeUnit.MILLISECONDS);

        ReadYourWrites.Outcome outcome = mayHost(true).await(Map.of(1, 50L), Duration.ofSeconds(20));

        assertThat(outcome).isInstanceOf(ReadYourWrites.Outcome.Reached.class);
        assertThat(outcome.positions()).containsEntry(1, 50L);
    }
}
