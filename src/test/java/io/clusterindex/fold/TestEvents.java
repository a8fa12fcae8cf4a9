package io.clusterindex.fold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventType;
import io.clusterindex.events.Rejection;
import io.clusterindex.json.Json;
import java.time.Instant;

/** Builds {@link ClusterEvent}s for fold tests, and unwraps {@link FoldOutcome}s with assertions. */
public final class TestEvents {
    public static final String CLUSTER = "clust_a1b2c3";
    public static final String NAMESPACE = "ns_abc123def456";
    public static final String ORGANIZATION = "org_42";
    public static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    public static final String MINIMAL_CREATE =
            "{\"cluster_name\": \"products\", \"input_collections\": [\"col_1\"], \"cluster_type\": \"vector\"}";

    private TestEvents() {
    }

    /** The instant an event of this sequence occurs at by default: distinct per sequence, with milliseconds. */
    public static Instant at(long sequence) {
        return T0.plusSeconds(sequence * 60).plusMillis(250);
    }

    /** {@link #at(long)} as the view writes it. */
    public static String atText(long sequence) {
        return Timestamps.format(at(sequence));
    }

    public static Builder event(EventType type, long sequence) {
        return new Builder(type, sequence);
    }

    public static ClusterEvent created(long sequence) {
        return event(EventType.CREATED, sequence).data(MINIMAL_CREATE).build();
    }

    public static ClusterEvent updated(long sequence, String patch) {
        return event(EventType.UPDATED, sequence).data(patch).build();
    }

    public static ClusterEvent started(long sequence, String taskId) {
        return event(EventType.EXECUTION_STARTED, sequence).data("{\"task_id\": \"" + taskId + "\"}").build();
    }

    public static ClusterEvent completed(long sequence, String taskId, long documents) {
        return event(EventType.EXECUTION_COMPLETED, sequence).data("{\"task_id\": \"" + taskId
                + "\", \"num_clusters\": 4, \"num_documents_clustered\": " + documents
                + ", \"execution_time_seconds\": 12.5}").build();
    }

    public static ClusterEvent deleted(long sequence) {
        return event(EventType.DELETED, sequence).build();
    }

    /** The same event for another cluster id. */
    public static ClusterEvent withCluster(ClusterEvent event, String clusterId) {
        return new ClusterEvent(event.eventId(), event.type(), clusterId, event.namespaceId(),
                event.organizationId(), event.sequence(), event.occurredAt(), event.data());
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test JSON does not parse: " + text, e);
        }
    }

    public static ObjectNode object(String text) {
        JsonNode node = json(text);
        assertThat(node.isObject()).as("test JSON is an object: %s", text).isTrue();
        return (ObjectNode) node;
    }

    /** Asserts that the outcome is {@link FoldOutcome.Applied} and returns it. */
    public static FoldOutcome.Applied applied(FoldOutcome outcome) {
        assertThat(outcome).isInstanceOf(FoldOutcome.Applied.class);
        return (FoldOutcome.Applied) outcome;
    }

    /** Asserts that the outcome is {@link FoldOutcome.Rejected} with {@code code} and returns the rejection. */
    public static Rejection rejected(FoldOutcome outcome, ErrorCode code) {
        assertThat(outcome).isInstanceOf(FoldOutcome.Rejected.class);
        Rejection rejection = ((FoldOutcome.Rejected) outcome).rejection();
        assertThat(rejection.code()).as("code of %s", rejection).isEqualTo(code);
        return rejection;
    }

    /** Applies the events in order, each of which must be applied, and returns the final state. */
    public static ClusterState applyAll(ClusterState state, ClusterEvent... events) {
        ClusterState current = state;
        for (ClusterEvent event : events) {
            current = applied(ClusterFold.apply(event, current)).state();
        }
        return current;
    }

    /** A builder whose defaults are a valid event of {@link #CLUSTER} in {@link #NAMESPACE}. */
    public static final class Builder {
        private final EventType type;
        private final long sequence;
        private String eventId;
        private String clusterId = CLUSTER;
        private String namespaceId = NAMESPACE;
        private String organizationId = ORGANIZATION;
        private Instant occurredAt;
        private ObjectNode data = Json.NODES.objectNode();

        private Builder(EventType type, long sequence) {
            this.type = type;
            this.sequence = sequence;
            this.eventId = "evt_" + sequence;
            this.occurredAt = at(sequence);
        }

        public Builder eventId(String value) {
            this.eventId = value;
            return this;
        }

        public Builder cluster(String value) {
            this.clusterId = value;
            return this;
        }

        public Builder namespace(String value) {
            this.namespaceId = value;
            return this;
        }

        public Builder organization(String value) {
            this.organizationId = value;
            return this;
        }

        public Builder occurredAt(Instant value) {
            this.occurredAt = value;
            return this;
        }

        public Builder data(String json) {
            this.data = object(json);
            return this;
        }

        public Builder data(ObjectNode value) {
            this.data = value;
            return this;
        }

        public ClusterEvent build() {
            return new ClusterEvent(eventId, type, clusterId, namespaceId, organizationId, sequence, occurredAt, data);
        }
    }
}
