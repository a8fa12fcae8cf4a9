package io.clusterindex.topology;

import io.clusterindex.events.ErrorCode;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operational counters of this instance's fold since start (not exactly-once: a task that aborts its transaction and
 * processes the records again counts them again; for health, metrics and logs only). The stream thread only adds to
 * {@link LongAdder}s allocated up front, one per dead-letter code, so counting allocates nothing per event; readers
 * sum them from any thread.
 */
public final class FoldCounters {
    private static final ErrorCode[] CODES = ErrorCode.values();

    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder[] deadLettered = new LongAdder[CODES.length];
    private final LongAdder rerouted = new LongAdder();
    private final LongAdder handedOver = new LongAdder();
    private final LongAdder adopted = new LongAdder();

    public FoldCounters() {
        for (int i = 0; i < deadLettered.length; i++) {
            deadLettered[i] = new LongAdder();
        }
    }

    void applied() {
        applied.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLettered(ErrorCode code) {
        deadLettered[code.ordinal()].increment();
    }

    void rerouted() {
        rerouted.increment();
    }

    void handedOver() {
        handedOver.increment();
    }

    void adopted() {
        adopted.increment();
    }

    public long appliedCount() {
        return applied.sum();
    }

    public long duplicateCount() {
        return duplicates.sum();
    }

    /** Records dead-lettered, whatever their code. */
    public long deadLetteredCount() {
        long sum = 0;
        for (LongAdder count : deadLettered) {
            sum += count.sum();
        }
        return sum;
    }

    /** Records dead-lettered with {@code code}. */
    public long deadLetteredCount(ErrorCode code) {
        return deadLettered[code.ordinal()].sum();
    }

    /** Events this instance's fold tasks passed on to the task owning their cluster (published elsewhere). */
    public long reroutedCount() {
        return rerouted.sum();
    }

    /** Cluster states this instance's fold tasks handed over to their owner (state placed by an older version). */
    public long handedOverCount() {
        return handedOver.sum();
    }

    /** Cluster states handed over by other tasks that this instance's fold tasks took on. */
    public long adoptedCount() {
        return adopted.sum();
    }
}
