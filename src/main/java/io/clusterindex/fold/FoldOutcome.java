package io.clusterindex.fold;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.Rejection;

/** What one event does to one cluster. */
public sealed interface FoldOutcome {
    /** The event changed the cluster; {@code before}/{@code after} are null when it did not / no longer exist. */
    record Applied(ClusterState state, ObjectNode before, ObjectNode after) implements FoldOutcome {
    }

    /** The event's sequence is not greater than the last applied one: a duplicate or stale replay. */
    record Skipped(long lastAppliedSequence) implements FoldOutcome {
    }

    record Rejected(Rejection rejection) implements FoldOutcome {
    }
}
