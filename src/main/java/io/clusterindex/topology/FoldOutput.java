package io.clusterindex.topology;

import io.clusterindex.stats.StatsDelta;

/** What the fold processor emits for one input record; the topology routes each kind to its own topic. */
sealed interface FoldOutput {
    /** The new view of a cluster as JSON, or null (tombstone) when it was deleted. */
    record ViewChange(byte[] json) implements FoldOutput {
    }

    /** A change to the stats of the event's organization's namespace. */
    record StatsChange(String organizationId, StatsDelta delta) implements FoldOutput {
    }

    /** The rejected record's original value; the error headers travel on the record. */
    record DeadLetter(byte[] originalValue) implements FoldOutput {
    }

    /**
     * A record for partition {@code partition} of the rerouted-events topic (a rerouted event, a progress marker or a
     * state hand-over, told apart by their headers; see {@link EventRouting}); key and headers travel on the record.
     */
    record Routed(int partition, byte[] value) implements FoldOutput {
    }
}
