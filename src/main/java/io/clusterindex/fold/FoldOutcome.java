package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.Rejection;
import java.util.Map;

/** What one event does to one cluster. */
public sealed interface FoldOutcome {
    /**
     * The event changed the cluster from {@code previous} (null: never seen) to {@code state}. {@code changes}, when
     * the fold knows them (an updated or execution event), are the new values of the only fields that may differ
     * between the two (read-only); else null.
     */
    record Applied(ClusterState state, ClusterState previous, Map<ClusterField, JsonNode> changes)
            implements FoldOutcome {
        /** The cluster before the event; null when it did not exist. Parsed from the stored JSON on first use. */
        public ObjectNode before() {
            return previous == null ? null : previous.cluster();
        }

        /** The cluster after the event; null when it no longer exists. Parsed from the view JSON on first use. */
        public ObjectNode after() {
            return state.cluster();
        }
    }

    /** The event's sequence is not greater than the last applied one: a duplicate or stale replay. */
    record Skipped(long lastAppliedSequence) implements FoldOutcome {
    }

    record Rejected(Rejection rejection) implements FoldOutcome {
    }
}
