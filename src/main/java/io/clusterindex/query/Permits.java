package io.clusterindex.query;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bound on how many of one kind of local work run at once, and on how many wait: the waiters are served in arrival
 * order, each up to the wait of its {@link Admission}. One that finds every place in the queue taken, or whose turn
 * does not come in time, is answered {@link FailureReason#BUSY} without running.
 */
final class Permits {
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Admission admission;
    private final String what;

    /** @param what the work, as the refusals name it ({@code "list queries"}) */
    Permits(Admission admission, String what) {
        this.permits = new Semaphore(admission.concurrency(), true);
        this.admission = admission;
        this.what = what;
    }

    /** Runs {@code work} once a permit is free, or refuses it. */
    <T> Answer<T> run(Supplier<Answer<T>> work) {
        if (!acquiredInTurn()) {
            Answer<T> refused = waitForTurn();
            if (refused != null) {
                return refused;
            }
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** A permit free and nobody waiting for it before this one (a plain {@code tryAcquire()} would barge). */
    private boolean acquiredInTurn() {
        try {
            return permits.tryAcquire(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Null once a permit is held; else why none will be. */
    private <T> Answer<T> waitForTurn() {
        if (waiting.incrementAndGet() > admission.queue()) {
            waiting.decrementAndGet();
            return Answer.notServed(FailureReason.BUSY, "too many " + what + " at once: " + admission.concurrency()
                    + " running and " + admission.queue() + " waiting; retry in a moment");
        }
        try {
            if (!permits.tryAcquire(admission.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return Answer.notServed(FailureReason.BUSY, "waited " + admission.maxWait().toMillis()
                        + " ms for a turn among the " + what + "; retry in a moment");
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.notServed(FailureReason.INTERRUPTED, "interrupted while waiting for its turn");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** How many wait for a turn now. */
    int waiting() {
        return waiting.get();
    }

    /** How many run now. */
    int running() {
        return admission.concurrency() - permits.availablePermits();
    }
}
