package io.clusterindex.topology;

import java.util.concurrent.atomic.LongAdder;

/** Operational counters of this instance's fold since start (not exactly-once; for health and logs only). */
public final class FoldCounters {
    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    void applied() {
        applied.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLettered() {
        deadLettered.increment();
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
}
