package io.clusterindex.scatter;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.query.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One more try for a list that no copy could complete: partitions are unavailable for a moment while a standby is
 * turned into the active task (its store is closed and reopened), and the metadata catches up with moves. Only an
 * answer that failed fast ({@link #WITHIN}) and did not wait for offsets (it has used its wait) is tried again, once,
 * after {@link #PAUSE}; the pause is scheduled, no thread sleeps. An answer refused for load
 * ({@link FailureReason#BUSY}) is not tried again: the caller is told to retry later instead.
 */
final class RetryPolicy {
    static final Duration PAUSE = Duration.ofMillis(250);
    static final Duration WITHIN = Duration.ofSeconds(1);

    private final Clock clock;
    private final Scheduler scheduler;

    RetryPolicy(Clock clock, Scheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
    }

    <T> CompletableFuture<Answer<T>> withOneRetry(boolean waits, Supplier<CompletableFuture<Answer<T>>> attempt) {
        Instant started = clock.instant();
        return attempt.get().thenCompose(answer -> answer instanceof Answer.NotServed<T> notServed && !waits
                && notServed.reason() != FailureReason.BUSY
                && Duration.between(started, clock.instant()).compareTo(WITHIN) < 0
                ? scheduler.after(PAUSE).thenCompose(paused -> attempt.get())
                : CompletableFuture.completedFuture(answer));
    }
}
