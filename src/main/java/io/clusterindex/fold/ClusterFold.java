package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventType;
import io.clusterindex.events.Rejection;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event fold of events.md: given the current state of a cluster and a validated event, decides whether the
 * event is a duplicate, is rejected (and why), or what the cluster becomes. Pure and deterministic.
 */
public final class ClusterFold {
    private static final List<ClusterField> RESULT_FIELDS = List.of(
            ClusterField.NUM_CLUSTERS, ClusterField.NUM_DOCUMENTS_CLUSTERED, ClusterField.EXECUTION_TIME_SECONDS,
            ClusterField.LEARNED_WEIGHTS, ClusterField.LEARNING_QUALITY_SCORE, ClusterField.EFFECTIVE_FEATURE_METHOD,
            ClusterField.HIERARCHY_DETECTED, ClusterField.CHILD_CLUSTER_IDS, ClusterField.HIERARCHY_RELATIONSHIPS,
            ClusterField.LLM_LABELING_ERRORS);
    /** The view's value of each status. */
    private static final Map<ClusterStatus, JsonNode> STATUS_NODES = statusNodes();
    private static final List<ClusterField> REQUIRED_RESULTS = List.of(
            ClusterField.NUM_CLUSTERS, ClusterField.NUM_DOCUMENTS_CLUSTERED, ClusterField.EXECUTION_TIME_SECONDS);

    /**
     * Largest view a cluster may have (1.5 MiB of JSON). Any single event the broker accepts (1 MiB) fits; events
     * that would grow a view beyond it (patch after patch) are INVALID_DATA, so every record the indexer writes
     * stays below the 2 MiB limit of its output topics and a large cluster can never stop the pipeline.
     */
    public static final int MAX_VIEW_BYTES = 3 * 512 * 1024;

    private ClusterFold() {
    }

    private static Map<ClusterStatus, JsonNode> statusNodes() {
        Map<ClusterStatus, JsonNode> nodes = new EnumMap<>(ClusterStatus.class);
        for (ClusterStatus status : ClusterStatus.values()) {
            nodes.put(status, Json.NODES.textNode(status.name()));
        }
        return nodes;
    }

    /**
     * Applies {@code event} to {@code current} (null when the cluster id was never seen).
     */
    public static FoldOutcome apply(ClusterEvent event, ClusterState current) {
        return apply(event, current, true);
    }

    /**
     * As {@link #apply(ClusterEvent, ClusterState)}; with {@code reuseJson} false, the view JSON of an execution
     * event is written whole instead of copying the unchanged fields from {@code current}'s (the reference path that
     * tests compare the reuse with, byte for byte).
     */
    static FoldOutcome apply(ClusterEvent event, ClusterState current, boolean reuseJson) {
        long lastSequence = current == null ? 0 : current.sequence();
        if (event.sequence() <= lastSequence) {
            return new FoldOutcome.Skipped(lastSequence);
        }
        boolean live = current != null && current.isLive();
        if (event.type() == EventType.CREATED) {
            if (live) {
                return reject(event, ErrorCode.ALREADY_EXISTS, "cluster " + event.clusterId() + " already exists");
            }
            return create(event, current);
        }
        if (!live) {
            return reject(event, ErrorCode.UNKNOWN_CLUSTER, "cluster " + event.clusterId()
                    + (current == null ? " does not exist" : " was deleted") + "; " + event.type().wireName()
                    + " needs an existing cluster");
        }
        Optional<Rejection> ownership = checkOwnership(event, current.header());
        if (ownership.isPresent()) {
            return new FoldOutcome.Rejected(ownership.get());
        }
        return switch (event.type()) {
            case UPDATED -> update(event, current, reuseJson);
            case EXECUTION_STARTED -> start(event, current, reuseJson);
            case EXECUTION_COMPLETED -> complete(event, current, reuseJson);
            case EXECUTION_FAILED, EXECUTION_CANCELED -> finish(event, current, reuseJson);
            case DELETED -> new FoldOutcome.Applied(new ClusterState(event.sequence(), null), current, null);
            case CREATED -> throw new IllegalStateException("handled above");
        };
    }

    private static FoldOutcome create(ClusterEvent event, ClusterState current) {
        ObjectNode data = event.data();
        ObjectNode cluster = Json.NODES.objectNode();
        for (ClusterField field : ClusterField.values()) {
            cluster.set(field.wireName(), field.defaultValue());
        }
        for (ClusterField field : ClusterField.values()) {
            if (!field.isConfiguration()) {
                continue;
            }
            JsonNode value = data.get(field.wireName());
            boolean absent = value == null || value.isNull();
            if (absent && field.kind() == ClusterField.Kind.REQUIRED_CONFIG) {
                return invalidData(event, field, value);
            }
            if (!absent) {
                if (!field.type().accepts(value)) {
                    return invalidData(event, field, value);
                }
                cluster.set(field.wireName(), value.deepCopy());
            }
        }
        String at = Timestamps.format(event.occurredAt());
        cluster.put(ClusterField.CLUSTER_ID.wireName(), event.clusterId());
        cluster.put(ClusterField.NAMESPACE_ID.wireName(), event.namespaceId());
        cluster.put(ClusterField.ORGANIZATION_ID.wireName(), event.organizationId());
        cluster.put(ClusterField.STATUS.wireName(), ClusterStatus.PENDING.name());
        cluster.put(ClusterField.CREATED_AT.wireName(), at);
        cluster.put(ClusterField.UPDATED_AT.wireName(), at);
        return applied(event, current, cluster);
    }

    private static FoldOutcome update(ClusterEvent event, ClusterState current, boolean reuseJson) {
        List<String> keys = new ArrayList<>();
        event.data().fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            Optional<ClusterField> field = ClusterField.byWireName(key);
            if (field.isEmpty() || !field.get().isConfiguration()) {
                return reject(event, ErrorCode.IMMUTABLE_FIELD, "data." + key + (field.isEmpty()
                        ? " is not a field that cluster.updated can patch"
                        : " cannot be changed by cluster.updated") + "; the whole patch is rejected");
            }
        }
        byte[] previousJson = reuseJson ? current.clusterJson() : null;
        int[] starts = previousJson == null ? null : ViewSplice.keyStarts(previousJson);
        ObjectNode before = starts == null ? current.cluster() : null;
        Map<ClusterField, JsonNode> values = new EnumMap<>(ClusterField.class);
        for (Map.Entry<String, JsonNode> entry : event.data().properties()) {
            ClusterField field = ClusterField.byWireName(entry.getKey()).orElseThrow();
            JsonNode patch = entry.getValue();
            if (patch.isNull()) {
                if (field.kind() == ClusterField.Kind.REQUIRED_CONFIG) {
                    return reject(event, ErrorCode.INVALID_DATA, "data." + field.wireName()
                            + " cannot be reset to null; it must stay " + field.type().expectation());
                }
                values.put(field, field.defaultValue());
                continue;
            }
            JsonNode value = field.type() == FieldType.OBJECT ? MergePatch.apply(before != null
                    ? before.get(field.wireName()) : ViewSplice.readValue(previousJson, starts, field), patch) : patch;
            if (!field.type().accepts(value)) {
                return invalidData(event, field, patch);
            }
            values.put(field, value);
        }
        values.put(ClusterField.UPDATED_AT, Json.NODES.textNode(Timestamps.format(event.occurredAt())));
        // configuration fields are none of the header's
        return executed(event, current, values, current.header(), starts);
    }

    private static FoldOutcome start(ClusterEvent event, ClusterState current, boolean reuseJson) {
        JsonNode taskId = event.data().get("task_id");
        if (!FieldType.NON_EMPTY_STRING.accepts(taskIdOrNull(taskId))) {
            return invalidTaskId(event, taskId);
        }
        JsonNode at = Json.NODES.textNode(Timestamps.format(event.occurredAt()));
        Map<ClusterField, JsonNode> values = new EnumMap<>(ClusterField.class);
        values.put(ClusterField.STATUS, STATUS_NODES.get(ClusterStatus.PROCESSING));
        values.put(ClusterField.LAST_EXECUTION_TASK_ID, taskId);
        values.put(ClusterField.LAST_EXECUTED_AT, at);
        values.put(ClusterField.UPDATED_AT, at);
        ClusterState.Header header = current.header();
        return executed(event, current, values, new ClusterState.Header(header.namespaceId(),
                header.organizationId(), ClusterStatus.PROCESSING.name(), taskId.textValue(), header.documents()),
                reuseJson);
    }

    private static FoldOutcome complete(ClusterEvent event, ClusterState current, boolean reuseJson) {
        ObjectNode data = event.data();
        JsonNode taskId = data.get("task_id");
        if (!FieldType.NON_EMPTY_STRING.accepts(taskIdOrNull(taskId))) {
            return invalidTaskId(event, taskId);
        }
        for (ClusterField field : RESULT_FIELDS) {
            JsonNode value = data.get(field.wireName());
            boolean absent = value == null || value.isNull();
            if (absent ? REQUIRED_RESULTS.contains(field) : !field.type().accepts(value)) {
                return invalidData(event, field, value);
            }
        }
        JsonNode withErrors = data.get("with_errors");
        if (withErrors != null && !withErrors.isNull() && !withErrors.isBoolean()) {
            return reject(event, ErrorCode.INVALID_DATA, "data.with_errors must be a boolean");
        }
        ClusterState.Header header = current.header();
        Optional<FoldOutcome> stale = checkTask(event, header, taskId.textValue());
        if (stale.isPresent()) {
            return stale.get();
        }
        Map<ClusterField, JsonNode> values = new EnumMap<>(ClusterField.class);
        for (ClusterField field : RESULT_FIELDS) {
            JsonNode value = data.get(field.wireName());
            values.put(field, value == null || value.isNull() ? field.defaultValue() : value);
        }
        ClusterStatus status = withErrors != null && withErrors.booleanValue() ? ClusterStatus.COMPLETED_WITH_ERRORS
                : ClusterStatus.COMPLETED;
        JsonNode at = Json.NODES.textNode(Timestamps.format(event.occurredAt()));
        values.put(ClusterField.STATUS, STATUS_NODES.get(status));
        values.put(ClusterField.COMPLETED_AT, at);
        values.put(ClusterField.UPDATED_AT, at);
        JsonNode documents = values.get(ClusterField.NUM_DOCUMENTS_CLUSTERED);
        return executed(event, current, values, new ClusterState.Header(header.namespaceId(),
                header.organizationId(), status.name(), header.lastExecutionTaskId(),
                documents.isNull() ? 0L : documents.longValue()), reuseJson);
    }

    private static FoldOutcome finish(ClusterEvent event, ClusterState current, boolean reuseJson) {
        JsonNode taskId = event.data().get("task_id");
        if (!FieldType.NON_EMPTY_STRING.accepts(taskIdOrNull(taskId))) {
            return invalidTaskId(event, taskId);
        }
        JsonNode errors = event.data().get(ClusterField.LLM_LABELING_ERRORS.wireName());
        boolean failed = event.type() == EventType.EXECUTION_FAILED;
        boolean setErrors = failed && errors != null && !errors.isNull();
        if (setErrors && !ClusterField.LLM_LABELING_ERRORS.type().accepts(errors)) {
            return invalidData(event, ClusterField.LLM_LABELING_ERRORS, errors);
        }
        ClusterState.Header header = current.header();
        Optional<FoldOutcome> stale = checkTask(event, header, taskId.textValue());
        if (stale.isPresent()) {
            return stale.get();
        }
        ClusterStatus status = failed ? ClusterStatus.FAILED : ClusterStatus.CANCELED;
        Map<ClusterField, JsonNode> values = new EnumMap<>(ClusterField.class);
        values.put(ClusterField.STATUS, STATUS_NODES.get(status));
        if (setErrors) {
            values.put(ClusterField.LLM_LABELING_ERRORS, errors);
        }
        values.put(ClusterField.UPDATED_AT, Json.NODES.textNode(Timestamps.format(event.occurredAt())));
        return executed(event, current, values, new ClusterState.Header(header.namespaceId(),
                header.organizationId(), status.name(), header.lastExecutionTaskId(), header.documents()),
                reuseJson);
    }

    private static Optional<Rejection> checkOwnership(ClusterEvent event, ClusterState.Header cluster) {
        String namespace = cluster.namespaceId();
        String organization = cluster.organizationId();
        if (!namespace.equals(event.namespaceId())) {
            return Optional.of(new Rejection(ErrorCode.OWNERSHIP_MISMATCH, "namespace_id '" + event.namespaceId()
                    + "' differs from the cluster's namespace_id '" + namespace + "'", event.eventId()));
        }
        if (!organization.equals(event.organizationId())) {
            return Optional.of(new Rejection(ErrorCode.OWNERSHIP_MISMATCH, "organization_id '"
                    + event.organizationId() + "' differs from the cluster's organization_id '" + organization + "'",
                    event.eventId()));
        }
        return Optional.empty();
    }

    private static Optional<FoldOutcome> checkTask(ClusterEvent event, ClusterState.Header cluster, String taskId) {
        String current = cluster.lastExecutionTaskId();
        if (taskId.equals(current)) {
            return Optional.empty();
        }
        return Optional.of(reject(event, ErrorCode.STALE_TASK, "data.task_id '" + taskId
                + "' is not the current task of the cluster (last_execution_task_id is "
                + (current != null ? "'" + current + "'" : "null") + ")"));
    }

    private static JsonNode taskIdOrNull(JsonNode taskId) {
        return taskId == null ? Json.NODES.nullNode() : taskId;
    }

    private static FoldOutcome invalidTaskId(ClusterEvent event, JsonNode taskId) {
        return reject(event, ErrorCode.INVALID_DATA, "data.task_id " + describe(taskId) + "; must be a non-empty string");
    }

    private static FoldOutcome invalidData(ClusterEvent event, ClusterField field, JsonNode value) {
        if (value != null && !FieldType.finite(value)) {
            return reject(event, ErrorCode.INVALID_DATA, "data." + field.wireName()
                    + " holds a number beyond the range of a double; it cannot be kept exactly");
        }
        return reject(event, ErrorCode.INVALID_DATA,
                "data." + field.wireName() + " " + describe(value) + "; must be " + field.type().expectation());
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "is missing";
        }
        String text = value.toString();
        return "is " + (text.length() <= 64 ? text : text.substring(0, 61) + "...");
    }

    /** {@code after}, made by a created event, with its updated_at set. */
    private static FoldOutcome applied(ClusterEvent event, ClusterState current, ObjectNode after) {
        return checked(event, new FoldOutcome.Applied(new ClusterState(event.sequence(), after), current, null));
    }

    /**
     * The state after an execution or updated event that sets the {@code values} of {@code current}'s cluster and leaves the
     * other fields as they are: its JSON copies the other fields' bytes from {@code current}'s JSON ({@link
     * ViewSplice}) and its header is {@code header}, so neither the stored JSON nor the event's result becomes a
     * tree here. With {@code reuseJson} false, or when {@code current}'s JSON is not as this version writes it, the
     * tree is copied and changed and its JSON written whole (the reference path the tests compare the splice with).
     */
    private static FoldOutcome executed(ClusterEvent event, ClusterState current, Map<ClusterField, JsonNode> values,
                                        ClusterState.Header header, boolean reuseJson) {
        return executed(event, current, values, header, reuseJson ? ViewSplice.keyStarts(current.clusterJson()) : null);
    }

    /** As above, told where the keys of {@code current}'s JSON start, or null to write the JSON whole. */
    private static FoldOutcome executed(ClusterEvent event, ClusterState current, Map<ClusterField, JsonNode> values,
                                        ClusterState.Header header, int[] starts) {
        byte[] json = starts == null ? null : ViewSplice.write(current.clusterJson(), starts, values);
        ClusterState state;
        if (json != null) {
            state = ClusterState.folded(event.sequence(), header, json);
        } else {
            ObjectNode after = current.cluster().deepCopy();
            values.forEach((field, value) -> after.set(field.wireName(), value.deepCopy()));
            state = new ClusterState(event.sequence(), after);
        }
        return checked(event, new FoldOutcome.Applied(state, current, values));
    }

    /** {@code applied}, unless its view is over {@link #MAX_VIEW_BYTES}. */
    private static FoldOutcome checked(ClusterEvent event, FoldOutcome.Applied applied) {
        int size = applied.state().clusterJson().length;
        if (size > MAX_VIEW_BYTES) {
            return reject(event, ErrorCode.INVALID_DATA, "the cluster's view would be " + size
                    + " bytes of JSON, over the limit of " + MAX_VIEW_BYTES + " bytes; the event is not applied");
        }
        return applied;
    }

    private static FoldOutcome reject(ClusterEvent event, ErrorCode code, String message) {
        return new FoldOutcome.Rejected(new Rejection(code, message, event.eventId()));
    }
}
