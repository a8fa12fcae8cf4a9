package io.clusterindex.query;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Completes futures after a delay, with no thread waiting for them: how the read side waits (read-your-writes
 * time-outs, peers' deadlines, the retry pause), and the seam through which tests stand in for time.
 */
@FunctionalInterface
public interface Scheduler {
    /** A future completed once {@code delay} has passed. */
    CompletableFuture<Void> after(Duration delay);

    /**
     * Real time, on the JDK's delay thread; stages that depend on its futures run there, so they must be short or
     * move to an executor of their own.
     */
    static Scheduler system() {
        return delay -> CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
    }
}
