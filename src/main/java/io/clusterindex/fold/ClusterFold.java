package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventType;
import io.clusterindex.events.Rejection;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    /** The fields each kind of execution event may change (UPDATED_AT included), in ClusterField order. */
    private static final Set<ClusterField> STARTED_CHANGES = EnumSet.of(ClusterField.STATUS,
            ClusterField.LAST_EXECUTION_TASK_ID, ClusterField.LAST_EXECUTED_AT, ClusterField.UPDATED_AT);
    private static final Set<ClusterField> COMPLETED_CHANGES = EnumSet.of(ClusterField.STATUS,
            ClusterField.NUM_CLUSTERS, ClusterField.NUM_DOCUMENTS_CLUSTERED, ClusterField.EXECUTION_TIME_SECONDS,
            ClusterField.LEARNED_WEIGHTS, ClusterField.LEARNING_QUALITY_SCORE, ClusterField.EFFECTIVE_FEATURE_METHOD,
            ClusterField.HIERARCHY_DETECTED, ClusterField.CHILD_CLUSTER_IDS, ClusterField.HIERARCHY_RELATIONSHIPS,
            ClusterField.LLM_LABELING_ERRORS, ClusterField.COMPLETED_AT, ClusterField.UPDATED_AT);
    private static final Set<ClusterField> FINISHED_CHANGES = EnumSet.of(ClusterField.STATUS,
            ClusterField.LLM_LABELING_ERRORS, ClusterField.UPDATED_AT);
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
        ObjectNode before = current == null ? null : current.cluster();
        if (event.type() == EventType.CREATED) {
            if (before != null) {
                return reject(event, ErrorCode.ALREADY_EXISTS, "cluster " + event.clusterId() + " already exists");
            }
            return create(event);
        }
        if (before == null) {
            return reject(event, ErrorCode.UNKNOWN_CLUSTER, "cluster " + event.clusterId()
                    + (current == null ? " does not exist" : " was deleted") + "; " + event.type().wireName()
                    + " needs an existing cluster");
        }
        Optional<Rejection> ownership = checkOwnership(event, before);
        if (ownership.isPresent()) {
            return new FoldOutcome.Rejected(ownership.get());
        }
        return switch (event.type()) {
            case UPDATED -> update(event, before);
            case EXECUTION_STARTED -> start(event, before, reuseJson ? current : null);
            case EXECUTION_COMPLETED -> complete(event, before, reuseJson ? current : null);
            case EXECUTION_FAILED, EXECUTION_CANCELED -> finish(event, before, reuseJson ? current : null);
            case DELETED -> new FoldOutcome.Applied(new ClusterState(event.sequence(), null), before, null);
            case CREATED -> throw new IllegalStateException("handled above");
        };
    }

    private static FoldOutcome create(ClusterEvent event) {
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
        return applied(event, null, cluster, null, null);
    }

    private static FoldOutcome update(ClusterEvent event, ObjectNode before) {
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
        ObjectNode after = before.deepCopy();
        for (Map.Entry<String, JsonNode> entry : event.data().properties()) {
            ClusterField field = ClusterField.byWireName(entry.getKey()).orElseThrow();
            JsonNode patch = entry.getValue();
            if (patch.isNull()) {
                if (field.kind() == ClusterField.Kind.REQUIRED_CONFIG) {
                    return reject(event, ErrorCode.INVALID_DATA, "data." + field.wireName()
                            + " cannot be reset to null; it must stay " + field.type().expectation());
                }
                after.set(field.wireName(), field.defaultValue());
                continue;
            }
            JsonNode value = field.type() == FieldType.OBJECT
                    ? MergePatch.apply(before.get(field.wireName()), patch) : patch.deepCopy();
            if (!field.type().accepts(value)) {
                return invalidData(event, field, patch);
            }
            after.set(field.wireName(), value);
        }
        return applied(event, before, after, null, null);
    }

    private static FoldOutcome start(ClusterEvent event, ObjectNode before, ClusterState jsonSource) {
        JsonNode taskId = event.data().get("task_id");
        if (!FieldType.NON_EMPTY_STRING.accepts(taskIdOrNull(taskId))) {
            return invalidTaskId(event, taskId);
        }
        ObjectNode after = before.deepCopy();
        after.put(ClusterField.STATUS.wireName(), ClusterStatus.PROCESSING.name());
        after.put(ClusterField.LAST_EXECUTION_TASK_ID.wireName(), taskId.textValue());
        after.put(ClusterField.LAST_EXECUTED_AT.wireName(), Timestamps.format(event.occurredAt()));
        return applied(event, before, after, jsonSource, STARTED_CHANGES);
    }

    private static FoldOutcome complete(ClusterEvent event, ObjectNode before, ClusterState jsonSource) {
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
        Optional<FoldOutcome> stale = checkTask(event, before, taskId.textValue());
        if (stale.isPresent()) {
            return stale.get();
        }
        ObjectNode after = before.deepCopy();
        for (ClusterField field : RESULT_FIELDS) {
            JsonNode value = data.get(field.wireName());
            after.set(field.wireName(), value == null || value.isNull() ? field.defaultValue() : value.deepCopy());
        }
        boolean errors = withErrors != null && withErrors.booleanValue();
        after.put(ClusterField.STATUS.wireName(),
                (errors ? ClusterStatus.COMPLETED_WITH_ERRORS : ClusterStatus.COMPLETED).name());
        after.put(ClusterField.COMPLETED_AT.wireName(), Timestamps.format(event.occurredAt()));
        return applied(event, before, after, jsonSource, COMPLETED_CHANGES);
    }

    private static FoldOutcome finish(ClusterEvent event, ObjectNode before, ClusterState jsonSource) {
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
        Optional<FoldOutcome> stale = checkTask(event, before, taskId.textValue());
        if (stale.isPresent()) {
            return stale.get();
        }
        ObjectNode after = before.deepCopy();
        after.put(ClusterField.STATUS.wireName(), (failed ? ClusterStatus.FAILED : ClusterStatus.CANCELED).name());
        if (setErrors) {
            after.set(ClusterField.LLM_LABELING_ERRORS.wireName(), errors.deepCopy());
        }
        return applied(event, before, after, jsonSource, FINISHED_CHANGES);
    }

    private static Optional<Rejection> checkOwnership(ClusterEvent event, ObjectNode cluster) {
        String namespace = cluster.get(ClusterField.NAMESPACE_ID.wireName()).textValue();
        String organization = cluster.get(ClusterField.ORGANIZATION_ID.wireName()).textValue();
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

    private static Optional<FoldOutcome> checkTask(ClusterEvent event, ObjectNode cluster, String taskId) {
        JsonNode current = cluster.get(ClusterField.LAST_EXECUTION_TASK_ID.wireName());
        if (current.isTextual() && current.textValue().equals(taskId)) {
            return Optional.empty();
        }
        return Optional.of(reject(event, ErrorCode.STALE_TASK, "data.task_id '" + taskId
                + "' is not the current task of the cluster (last_execution_task_id is "
                + (current.isTextual() ? "'" + current.textValue() + "'" : "null") + ")"));
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

    /**
     * {@code jsonSource}, when given, is the state {@code before} was read from, and {@code after} differs from it
     * only in the {@code changed} fields: its view JSON then copies the other fields' bytes from the source's.
     */
    private static FoldOutcome applied(ClusterEvent event, ObjectNode before, ObjectNode after,
                                       ClusterState jsonSource, Set<ClusterField> changed) {
        after.put(ClusterField.UPDATED_AT.wireName(), Timestamps.format(event.occurredAt()));
        ClusterState state = jsonSource == null ? new ClusterState(event.sequence(), after)
                : ClusterState.withFieldsChanged(event.sequence(), after, jsonSource, changed);
        int size = state.clusterJson().length;
        if (size > MAX_VIEW_BYTES) {
            return reject(event, ErrorCode.INVALID_DATA, "the cluster's view would be " + size
                    + " bytes of JSON, over the limit of " + MAX_VIEW_BYTES + " bytes; the event is not applied");
        }
        return new FoldOutcome.Applied(state, before, after);
    }

    private static FoldOutcome reject(ClusterEvent event, ErrorCode code, String message) {
        return new FoldOutcome.Rejected(new Rejection(code, message, event.eventId()));
    }
}
