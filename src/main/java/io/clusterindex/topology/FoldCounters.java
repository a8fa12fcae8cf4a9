package io.clusterindex.topology;

import java.util.concurrent.atomic.LongAdder;

/** Operational counters of this instance's fold since start (not exactly-once; for health and logs only). */
public final class FoldCounters {
    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder rerouted = new LongAdder();
    private final LongAdder handedOver = new LongAdder();
    private final LongAdder adopted = new LongAdder();

    void applied() {
        applied.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLettered() {
        deadLettered.increment();
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

    public long deadLetteredCount() {
        return deadLettered.sum();
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
