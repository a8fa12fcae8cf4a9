package io.clusterindex.query;

import java.time.Duration;

/**
 * How many list queries an instance evaluates at once ({@code LIST_QUERY_CONCURRENCY}), how many more may wait for
 * a turn ({@code LIST_QUERY_QUEUE}) and for how long ({@code LIST_QUERY_WAIT_MS}). A query that finds the queue full,
 * or whose turn does not come within the wait, is refused at once ({@link io.clusterindex.engine.FailureReason#BUSY},
 * a {@code 429} on the API) instead of piling up behind the others.
 */
public record Admission(int concurrency, int queue, Duration maxWait) {
    /**
     * One core fewer than the machine has, so that gets, stats and the stream thread always find a core free (a query
     * alone may still use it: {@link ListLanes#mayUseIdleCores}).
     */
    public static final int DEFAULT_CONCURRENCY = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    /** Enough that 16 well-behaved clients on two cores are queued, not refused. */
    public static final int DEFAULT_QUEUE = 64;
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    public static final Admission DEFAULTS = new Admission(DEFAULT_CONCURRENCY, DEFAULT_QUEUE, DEFAULT_WAIT);

    public Admission {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("queue must be at least 0, got " + queue);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait must not be negative, got " + maxWait);
        }
    }
}
