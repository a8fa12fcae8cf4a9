package io.clusterindex.query;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bound on how many of one kind of local work run at once: the others wait, in arrival order, up to a deadline,
 * then are answered {@link FailureReason#BUSY} without running.
 */
final class Permits {
    private final Semaphore permits;
    private final long waitMillis;
    private final String busy;

    /**
     * @param count how many run at once (at least 1)
     * @param wait  how long one waits for its turn
     * @param busy  the message of the answer when the wait ends first
     */
    Permits(int count, Duration wait, String busy) {
        if (count < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + count);
        }
        this.permits = new Semaphore(count, true);
        this.waitMillis = wait.toMillis();
        this.busy = busy;
    }

    /** Runs {@code work} once a permit is free. */
    <T> Answer<T> run(Supplier<Answer<T>> work) {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                return Answer.notServed(FailureReason.BUSY, busy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.notServed(FailureReason.INTERRUPTED, "interrupted while waiting for its turn");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
