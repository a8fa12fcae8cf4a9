package io.clusterindex.query;

import static io.clusterindex.index.ViewPositionsFixture.handled;
import static io.clusterindex.index.ViewPositionsFixture.started;
import static io.clusterindex.index.ViewPositionsFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.index.ViewPositions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {
    private final ViewPositions positions = new ViewPositions(3);
    private final ManualTime time = new ManualTime();

    /** Read-your-writes of an instance that may get fold tasks (starting, rebalancing) or not. */
    private ReadYourWrites mayHost(boolean more) {
        return new ReadYourWrites(positions, () -> more, time);
    }

    @Test
    void positionsAlreadyReachedAnswerAtOnceWithTheCurrentPositions() {
        started(positions, 0, 10);
        started(positions, 1, 20);

        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(true).await(Map.of(0, 10L), Duration.ZERO);

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.Reached.class::isInstance);
        assertThat(outcome.join().positions()).containsExactly(Map.entry(0, 10L), Map.entry(1, 20L), Map.entry(2, -1L));
    }

    @Test
    void aWaitEndsAsSoonAsTheFoldHandlesTheRequestedOffsetAndNotBefore() {
        started(positions, 0, 10);

        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(true).await(Map.of(0, 12L), Duration.ofSeconds(20));
        handled(positions, 0, 11);
        assertThat(outcome).as("offset 11 handled, 12 asked for").isNotDone();
        handled(positions, 0, 12);

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.Reached.class::isInstance);
        assertThat(outcome.join().positions()).containsEntry(0, 12L);
        assertThat(waiting(positions)).as("the wait is unregistered").isZero();
    }

    @Test
    void aWaitThatIsNotSatisfiedInTimeTimesOutNamingWhatIsBehind() {
        started(positions, 0, 10);
        started(positions, 1, 20);

        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(true).await(Map.of(0, 10L, 1, 1_000_000L),
                Duration.ofMillis(300));
        time.advance(Duration.ofMillis(299));
        assertThat(outcome).as("before its time").isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.TimedOut.class::isInstance);
        assertThat(((ReadYourWrites.Outcome.TimedOut) outcome.join()).behind()).containsExactly(Map.entry(1, 1_000_000L));
        assertThat(outcome.join().positions()).containsExactly(Map.entry(0, 10L), Map.entry(1, 20L), Map.entry(2, -1L));
        assertThat(waiting(positions)).as("the wait is unregistered").isZero();
    }

    @Test
    void aZeroWaitAnswersAtOnce() {
        started(positions, 0, 10);

        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(true).await(Map.of(0, 11L), Duration.ZERO);

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.TimedOut.class::isInstance);
        assertThat(time.requested()).as("nothing scheduled").isEmpty();
    }

    @Test
    void anInstanceWithoutFoldTasksNamesTheRequestedPartitionsWithoutWaiting() {
        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(false).await(Map.of(0, 1L, 2, 1L),
                Duration.ofSeconds(30));

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.NotHosted.class::isInstance);
        assertThat(((ReadYourWrites.Outcome.NotHosted) outcome.join()).partitions()).containsExactly(0, 2);
    }

    @Test
    void aPartitionWhoseTaskIsStillStartingIsWaitedFor() {
        CompletableFuture<ReadYourWrites.Outcome> outcome = mayHost(true).await(Map.of(1, 50L), Duration.ofSeconds(20));
        assertThat(outcome).isNotDone();

        started(positions, 1, 50);

        assertThat(outcome).isCompletedWithValueMatching(ReadYourWrites.Outcome.Reached.class::isInstance);
        assertThat(outcome.join().positions()).containsEntry(1, 50L);
    }
}
