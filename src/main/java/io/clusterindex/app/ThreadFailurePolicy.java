package io.clusterindex.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it after a transient exception, but stop the client on a JVM
 * {@link Error} or when failures repeat ({@value #MAX_REPLACEMENTS} within {@link #WINDOW}), so that a deterministic
 * failure cannot loop forever. With exactly-once, a replaced thread resumes from the last committed transaction.
 *
 * <p>A failure caused by Kafka being out of reach (a {@link RetriableException} such as a
 * {@link org.apache.kafka.common.errors.TimeoutException} anywhere in the cause chain, e.g. a transaction that could
 * not commit while the broker was down) does not count towards that limit: the thread is replaced however long the
 * outage lasts, so that the indexer never exits because of one, and resumes when the broker is back.
 *
 * <p>Kafka refusing the credentials or a permission is not transient: it stops the client at once, logged as
 * one line naming the permission ({@link KafkaAccess}).
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);
    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Deque<Long> recentFailures = new ArrayDeque<>();
    private final KafkaAccess access;

    ThreadFailurePolicy(KafkaAccess access) {
        this.access = access;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Optional<KafkaAccessDeniedException> denied = access.translate(exception);
        if (denied.isPresent()) {
            LOG.error("stopping the stream processor: {}", denied.get().getMessage());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (!(exception instanceof Error) && kafkaOutOfReach(exception)) {
            LOG.warn("stream thread failed while Kafka was out of reach; replacing it: {}", exception.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        long now = System.nanoTime();
        while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() > WINDOW.toNanos()) {
            recentFailures.removeFirst();
        }
        recentFailures.addLast(now);
        if (exception instanceof Error || recentFailures.size() > MAX_REPLACEMENTS) {
            LOG.error("stream thread failed ({} failures in {}); stopping the stream processor",
                    recentFailures.size(), WINDOW, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("stream thread failed; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static boolean kafkaOutOfReach(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
