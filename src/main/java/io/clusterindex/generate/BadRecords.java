package io.clusterindex.generate;

import static io.clusterindex.generate.EventRenderer.utf8;
import static io.clusterindex.generate.EventRenderer.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.json.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The catalogue of records the indexer must not apply: every dead-letter code of events.md, each in several forms,
 * with the outcome each must get (and the records that are stale as well as bad, which the duplicate rule skips).
 * A kind has a precondition on its cluster ({@link Need}); {@link #build} renders it for a cluster in a given state.
 */
final class BadRecords {
    private BadRecords() {
    }

    /** What a kind of bad record needs of its cluster. */
    enum Need { ANY, LIVE, NOT_LIVE, LIVE_PREVIOUS_TASK, HAS_HISTORY }

    /** Every kind of bad record (and of stale-but-bad record, which is skipped) with its expected outcome. */
    enum BadKind {
        // MALFORMED_JSON
        NOT_JSON(ErrorCode.MALFORMED_JSON, Need.ANY),
        JSON_ARRAY(ErrorCode.MALFORMED_JSON, Need.ANY),
        JSON_STRING(ErrorCode.MALFORMED_JSON, Need.ANY),
        EMPTY_VALUE(ErrorCode.MALFORMED_JSON, Need.ANY),
        INVALID_UTF8(ErrorCode.MALFORMED_JSON, Need.ANY),
        TOMBSTONE(ErrorCode.MALFORMED_JSON, Need.ANY),
        DUPLICATE_JSON_KEY(ErrorCode.MALFORMED_JSON, Need.ANY),
        TRAILING_TOKENS(ErrorCode.MALFORMED_JSON, Need.ANY),
        TRUNCATED_JSON(ErrorCode.MALFORMED_JSON, Need.ANY),
        // INVALID_ENVELOPE
        MISSING_EVENT_ID(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        EMPTY_EVENT_ID(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        LONG_EVENT_ID(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        MISSING_EVENT_TYPE(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        EVENT_TYPE_NOT_STRING(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        KEY_MISMATCH(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        NULL_KEY(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        LONG_CLUSTER_ID(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        MISSING_NAMESPACE(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        ORGANIZATION_NOT_STRING(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        SEQUENCE_ZERO(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        SEQUENCE_NEGATIVE(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        SEQUENCE_STRING(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        SEQUENCE_FRACTION(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        SEQUENCE_TOO_BIG(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        MISSING_OCCURRED_AT(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        OCCURRED_AT_WITHOUT_OFFSET(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        OCCURRED_AT_GARBAGE(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        OCCURRED_AT_NUMBER(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        OCCURRED_AT_IMPOSSIBLE_DATE(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        MISSING_DATA(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        DATA_ARRAY(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        DATA_NULL(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        DATA_STRING(ErrorCode.INVALID_ENVELOPE, Need.ANY),
        STALE_AND_INVALID_ENVELOPE(ErrorCode.INVALID_ENVELOPE, Need.HAS_HISTORY),
        // UNKNOWN_EVENT_TYPE
        UNKNOWN_TYPE(ErrorCode.UNKNOWN_EVENT_TYPE, Need.ANY),
        UPPERCASE_TYPE(ErrorCode.UNKNOWN_EVENT_TYPE, Need.ANY),
        STALE_AND_UNKNOWN_TYPE(ErrorCode.UNKNOWN_EVENT_TYPE, Need.HAS_HISTORY),
        // UNKNOWN_CLUSTER
        UPDATE_UNKNOWN(ErrorCode.UNKNOWN_CLUSTER, Need.NOT_LIVE),
        START_UNKNOWN(ErrorCode.UNKNOWN_CLUSTER, Need.NOT_LIVE),
        COMPLETE_UNKNOWN(ErrorCode.UNKNOWN_CLUSTER, Need.NOT_LIVE),
        DELETE_UNKNOWN(ErrorCode.UNKNOWN_CLUSTER, Need.NOT_LIVE),
        // ALREADY_EXISTS
        CREATE_EXISTING(ErrorCode.ALREADY_EXISTS, Need.LIVE),
        CREATE_EXISTING_OTHER_NAMESPACE(ErrorCode.ALREADY_EXISTS, Need.LIVE),
        // OWNERSHIP_MISMATCH
        UPDATE_OTHER_NAMESPACE(ErrorCode.OWNERSHIP_MISMATCH, Need.LIVE),
        UPDATE_OTHER_ORGANIZATION(ErrorCode.OWNERSHIP_MISMATCH, Need.LIVE),
        DELETE_OTHER_NAMESPACE(ErrorCode.OWNERSHIP_MISMATCH, Need.LIVE),
        OWNERSHIP_BEFORE_IMMUTABLE(ErrorCode.OWNERSHIP_MISMATCH, Need.LIVE),
        // IMMUTABLE_FIELD
        PATCH_STATUS(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_CREATED_AT(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_CLUSTER_ID(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_NAMESPACE_ID(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_RESULT_FIELD(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_TASK_ID(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_UNKNOWN_FIELD(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        PATCH_VALID_AND_IMMUTABLE(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        IMMUTABLE_BEFORE_INVALID_DATA(ErrorCode.IMMUTABLE_FIELD, Need.LIVE),
        // INVALID_DATA
        CREATE_MISSING_NAME(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_EMPTY_NAME(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_BAD_TYPE(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_NULL_TYPE(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_EMPTY_INPUTS(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_NON_STRING_INPUTS(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        CREATE_BAD_OPTIONAL(ErrorCode.INVALID_DATA, Need.NOT_LIVE),
        PATCH_NULL_NAME(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_NULL_INPUTS(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_EMPTY_INPUTS(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_BAD_TYPE(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_BOOLEAN_AS_STRING(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_OBJECT_AS_STRING(ErrorCode.INVALID_DATA, Need.LIVE),
        PATCH_VALID_THEN_INVALID(ErrorCode.INVALID_DATA, Need.LIVE),
        START_WITHOUT_TASK(ErrorCode.INVALID_DATA, Need.LIVE),
        START_EMPTY_TASK(ErrorCode.INVALID_DATA, Need.LIVE),
        START_NUMERIC_TASK(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_NEGATIVE_COUNT(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_MISSING_DOCUMENTS(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_FRACTIONAL_COUNT(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_BAD_TIME(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_BAD_WITH_ERRORS(ErrorCode.INVALID_DATA, Need.LIVE),
        COMPLETE_BAD_WEIGHTS(ErrorCode.INVALID_DATA, Need.LIVE),
        FAIL_BAD_ERRORS(ErrorCode.INVALID_DATA, Need.LIVE),
        INVALID_DATA_BEFORE_STALE_TASK(ErrorCode.INVALID_DATA, Need.LIVE),
        // STALE_TASK
        COMPLETE_STALE_TASK(ErrorCode.STALE_TASK, Need.LIVE),
        FAIL_STALE_TASK(ErrorCode.STALE_TASK, Need.LIVE),
        CANCEL_STALE_TASK(ErrorCode.STALE_TASK, Need.LIVE),
        COMPLETE_PREVIOUS_TASK(ErrorCode.STALE_TASK, Need.LIVE_PREVIOUS_TASK),
        // the duplicate rule comes before the fold's checks: stale and bad is skipped, not dead-lettered
        STALE_IMMUTABLE_PATCH(null, Need.HAS_HISTORY),
        STALE_CREATE(null, Need.HAS_HISTORY);

        final Outcome expected;
        final Need need;

        BadKind(ErrorCode code, Need need) {
            this.expected = code == null ? Outcome.SKIPPED : Outcome.rejected(code);
            this.need = need;
        }

        /** Whether the parser alone rejects it, whatever the cluster's state. */
        boolean envelopeLevel() {
            return need == Need.ANY;
        }

        boolean applicable(Target target) {
            return switch (need) {
                case ANY -> true;
                case LIVE -> target.live();
                case NOT_LIVE -> !target.live();
                case LIVE_PREVIOUS_TASK -> target.live() && target.tasksStarted() >= 2;
                case HAS_HISTORY -> target.lastApplied() >= 1;
            };
        }
    }

    /**
     * The cluster a bad record is about, as its events so far left it.
     *
     * @param c            the cluster's number in its stream (for its configuration)
     * @param lastApplied  the sequence of its last applied event (0: none)
     * @param task         its current task (null: none)
     * @param previousTask the task before that (null: none)
     */
    record Target(int c, String clusterId, Namespace namespace, boolean live, long lastApplied, String task,
                  String previousTask, int tasksStarted, String occurredAt) {
    }

    /** What a bad record needs from its stream: randomness, other clusters and namespaces, realistic data. */
    interface Context {
        SplittableRandom random();

        String otherClusterId(String clusterId);

        Namespace otherNamespace(Namespace namespace);

        ObjectNode creation(int c);

        ObjectNode completion(int c, String task);
    }

    /** A rendered bad record. */
    record Built(String key, byte[] value, Outcome expected) {
    }

    /** Renders {@code kind} for {@code target} as record number {@code index} of its stream, event {@code eventId}. */
    static Built build(BadKind kind, Target target, String eventId, long index, Context context) {
        if (kind.envelopeLevel()) {
            ObjectNode e = EventRenderer.envelope(eventId, "cluster.updated", target.clusterId(),
                    target.namespace(), target.lastApplied() + 1, target.occurredAt());
            e.set("data", Json.NODES.objectNode().put("cluster_name", "never applied " + index));
            return corrupt(kind, target.clusterId(), e, index, context);
        }
        if (kind.need == Need.HAS_HISTORY) {
            return stale(kind, target, eventId, context);
        }
        ObjectNode e = EventRenderer.envelope(eventId, "cluster.updated", target.clusterId(),
                target.namespace(), target.lastApplied() + 1, target.occurredAt());
        fold(kind, target, e, index, context);
        return new Built(target.clusterId(), write(e), kind.expected);
    }

    /** An envelope-level kind made of a valid event {@code e} with record key {@code key}. */
    static Built corrupt(BadKind kind, String key, ObjectNode e, long index, Context context) {
        byte[] value;
        switch (kind) {
            case NOT_JSON -> value = utf8("this is not JSON, record " + index);
            case JSON_ARRAY -> value = utf8("[\"evt_" + index + "\", 1, 2]");
            case JSON_STRING -> value = utf8("\"cluster.updated " + index + "\"");
            case EMPTY_VALUE -> value = new byte[0];
            case INVALID_UTF8 -> {
                value = write(e);
                int at = value.length / 3;
                value[at] = (byte) 0xC3;
                value[at + 1] = (byte) 0x28;
            }
            case TOMBSTONE -> value = null;
            case DUPLICATE_JSON_KEY -> value = utf8("{\"sequence\":1," + new String(write(e), StandardCharsets.UTF_8).substring(1));
            case TRAILING_TOKENS -> value = utf8(new String(write(e), StandardCharsets.UTF_8) + " {\"extra\":true}");
            case TRUNCATED_JSON -> {
                byte[] full = write(e);
                value = Arrays.copyOf(full, full.length / 2);
            }
            case MISSING_EVENT_ID -> value = write(e.without("event_id"));
            case EMPTY_EVENT_ID -> value = write(e.put("event_id", ""));
            case LONG_EVENT_ID -> value = write(e.put("event_id", "e".repeat(129)));
            case MISSING_EVENT_TYPE -> value = write(e.without("event_type"));
            case EVENT_TYPE_NOT_STRING -> value = write(e.put("event_type", 3));
            case KEY_MISMATCH -> {
                key = context.otherClusterId(key);
                value = write(e);
            }
            case NULL_KEY -> {
                key = null;
                value = write(e);
            }
            case LONG_CLUSTER_ID -> {
                key = "c" + index + "_" + "x".repeat(128);
                value = write(e.put("cluster_id", key));
            }
            case MISSING_NAMESPACE -> value = write(e.without("namespace_id"));
            case ORGANIZATION_NOT_STRING -> value = write(e.put("organization_id", 42));
            case SEQUENCE_ZERO -> value = write(e.put("sequence", 0));
            case SEQUENCE_NEGATIVE -> value = write(e.put("sequence", -3));
            case SEQUENCE_STRING -> value = write(e.put("sequence", e.get("sequence").asText()));
            case SEQUENCE_FRACTION -> value = write(e.put("sequence", e.get("sequence").asLong() + 0.5));
            case SEQUENCE_TOO_BIG -> value = write(e.put("sequence", new BigInteger("100000000000000000000000")));
            case MISSING_OCCURRED_AT -> value = write(e.without("occurred_at"));
            case OCCURRED_AT_WITHOUT_OFFSET -> value = write(e.put("occurred_at", "2026-11-28T10:15:30.250"));
            case OCCURRED_AT_GARBAGE -> value = write(e.put("occurred_at", "yesterday at noon"));
            case OCCURRED_AT_NUMBER -> value = write(e.put("occurred_at", 1795861530250L));
            case OCCURRED_AT_IMPOSSIBLE_DATE -> value = write(e.put("occurred_at", "2026-02-30T10:15:30Z"));
            case MISSING_DATA -> value = write(e.without("data"));
            case DATA_ARRAY -> {
                e.putArray("data").add("cluster_name");
                value = write(e);
            }
            case DATA_NULL -> value = write(e.putNull("data"));
            case DATA_STRING -> value = write(e.put("data", "{\"cluster_name\":\"x\"}"));
            case UNKNOWN_TYPE -> value = write(e.put("event_type", "cluster.archived"));
            case UPPERCASE_TYPE -> value = write(e.put("event_type", "CLUSTER.UPDATED"));
            default -> throw new IllegalArgumentException("not an envelope-level kind: " + kind);
        }
        return new Built(key, value, kind.expected);
    }

    /** Records whose sequence is stale: envelope errors still win, fold errors lose against the duplicate rule. */
    private static Built stale(BadKind kind, Target target, String eventId, Context context) {
        long staleSequence = 1 + context.random().nextLong(target.lastApplied());
        ObjectNode e = EventRenderer.envelope(eventId, "cluster.updated", target.clusterId(),
                target.namespace(), staleSequence, target.occurredAt());
        switch (kind) {
            case STALE_AND_INVALID_ENVELOPE -> e.put("occurred_at", "not a time").putObject("data");
            case STALE_AND_UNKNOWN_TYPE -> e.put("event_type", "cluster.archived").putObject("data");
            case STALE_IMMUTABLE_PATCH -> e.putObject("data").put("status", "COMPLETED").put("colour", "red");
            case STALE_CREATE -> e.put("event_type", "cluster.created").set("data", context.creation(target.c()));
            default -> throw new IllegalArgumentException("not a stale kind: " + kind);
        }
        return new Built(target.clusterId(), write(e), kind.expected);
    }

    /**
     * Makes {@code e} (an envelope of the target with a fresh sequence) a record that the fold must reject:
     * sets its type, owner and {@code data}.
     */
    static void fold(BadKind kind, Target target, ObjectNode e, long index, Context context) {
        String type = "cluster.updated";
        ObjectNode data = Json.NODES.objectNode();
        Namespace owner = target.namespace();
        String task = target.task() != null ? target.task() : "task_bogus_" + index;
        switch (kind) {
            case UPDATE_UNKNOWN -> data.put("cluster_name", "ghost " + index);
            case START_UNKNOWN -> {
                type = "cluster.execution.started";
                data.put("task_id", "task_ghost_" + index);
            }
            case COMPLETE_UNKNOWN -> {
                type = "cluster.execution.completed";
                data = context.completion(target.c(), "task_ghost_" + index);
            }
            case DELETE_UNKNOWN -> type = "cluster.deleted";
            case CREATE_EXISTING -> {
                type = "cluster.created";
                data = context.creation(target.c());
            }
            case CREATE_EXISTING_OTHER_NAMESPACE -> {
                type = "cluster.created";
                data = context.creation(target.c());
                owner = context.otherNamespace(target.namespace());
            }
            case UPDATE_OTHER_NAMESPACE -> {
                data.put("cluster_name", "hijacked " + index);
                owner = new Namespace(context.otherNamespace(owner).id(), owner.organizationId());
            }
            case UPDATE_OTHER_ORGANIZATION -> {
                data.put("cluster_name", "hijacked " + index);
                owner = new Namespace(owner.id(), "org_999");
            }
            case DELETE_OTHER_NAMESPACE -> {
                type = "cluster.deleted";
                owner = context.otherNamespace(owner);
            }
            case OWNERSHIP_BEFORE_IMMUTABLE -> {
                data.put("status", "FAILED");
                owner = new Namespace("ns_elsewhere", owner.organizationId());
            }
            case PATCH_STATUS -> data.put("status", "COMPLETED");
            case PATCH_CREATED_AT -> data.put("created_at", "2020-01-01T00:00:00Z");
            case PATCH_CLUSTER_ID -> data.put("cluster_id", context.otherClusterId(target.clusterId()));
            case PATCH_NAMESPACE_ID -> data.put("namespace_id", context.otherNamespace(owner).id());
            case PATCH_RESULT_FIELD -> data.put("num_documents_clustered", 123456);
            case PATCH_TASK_ID -> data.put("last_execution_task_id", "task_forged");
            case PATCH_UNKNOWN_FIELD -> data.put("colour", "red");
            case PATCH_VALID_AND_IMMUTABLE -> data.put("cluster_name", "half applied " + index)
                    .put("updated_at", "2030-01-01T00:00:00Z");
            case IMMUTABLE_BEFORE_INVALID_DATA -> data.putNull("cluster_name")
                    .put("completed_at", "2030-01-01T00:00:00Z");
            case CREATE_MISSING_NAME, CREATE_EMPTY_NAME, CREATE_BAD_TYPE, CREATE_NULL_TYPE, CREATE_EMPTY_INPUTS,
                 CREATE_NON_STRING_INPUTS, CREATE_BAD_OPTIONAL -> {
                type = "cluster.created";
                data = context.creation(target.c());
                invalidCreation(kind, data);
            }
            case PATCH_NULL_NAME -> data.putNull("cluster_name");
            case PATCH_NULL_INPUTS -> data.putNull("input_collections");
            case PATCH_EMPTY_INPUTS -> data.putArray("input_collections");
            case PATCH_BAD_TYPE -> data.put("cluster_type", "graph");
            case PATCH_BOOLEAN_AS_STRING -> data.put("enrich_source", "yes");
            case PATCH_OBJECT_AS_STRING -> data.put("metadata", "owner=search");
            case PATCH_VALID_THEN_INVALID -> {
                data.put("cluster_name", "half applied " + index).put("hierarchical_grouping", 1);
                data.putObject("metadata").put("touched", true);
            }
            case START_WITHOUT_TASK, START_EMPTY_TASK, START_NUMERIC_TASK -> {
                type = "cluster.execution.started";
                if (kind == BadKind.START_WITHOUT_TASK) {
                    data.put("note", "no task id");
                } else if (kind == BadKind.START_EMPTY_TASK) {
                    data.put("task_id", "");
                } else {
                    data.put("task_id", 7);
                }
            }
            case COMPLETE_NEGATIVE_COUNT, COMPLETE_MISSING_DOCUMENTS, COMPLETE_FRACTIONAL_COUNT, COMPLETE_BAD_TIME,
                 COMPLETE_BAD_WITH_ERRORS, COMPLETE_BAD_WEIGHTS -> {
                type = "cluster.execution.completed";
                data = context.completion(target.c(), task);
                invalidCompletion(kind, data);
            }
            case FAIL_BAD_ERRORS -> {
                type = "cluster.execution.failed";
                data.put("task_id", task).put("llm_labeling_errors", "everything failed");
            }
            case INVALID_DATA_BEFORE_STALE_TASK -> {
                type = "cluster.execution.completed";
                data = context.completion(target.c(), "task_bogus_" + index).put("num_documents_clustered", -5);
            }
            case COMPLETE_STALE_TASK -> {
                type = "cluster.execution.completed";
                data = context.completion(target.c(), "task_bogus_" + index);
            }
            case FAIL_STALE_TASK, CANCEL_STALE_TASK -> {
                type = kind == BadKind.FAIL_STALE_TASK ? "cluster.execution.failed" : "cluster.execution.canceled";
                data.put("task_id", "task_bogus_" + index);
            }
            case COMPLETE_PREVIOUS_TASK -> {
                type = "cluster.execution.completed";
                data = context.completion(target.c(), target.previousTask());
            }
            default -> throw new IllegalArgumentException("not a fold-level kind: " + kind);
        }
        e.put("event_type", type).put("namespace_id", owner.id()).put("organization_id", owner.organizationId());
        e.set("data", data);
    }

    private static void invalidCreation(BadKind kind, ObjectNode data) {
        switch (kind) {
            case CREATE_MISSING_NAME -> data.remove("cluster_name");
            case CREATE_EMPTY_NAME -> data.put("cluster_name", "");
            case CREATE_BAD_TYPE -> data.put("cluster_type", "graph");
            case CREATE_NULL_TYPE -> data.putNull("cluster_type");
            case CREATE_EMPTY_INPUTS -> data.putArray("input_collections");
            case CREATE_NON_STRING_INPUTS -> data.putArray("input_collections").add(1).add(2);
            default -> data.put("filters", "lang=en");
        }
    }

    private static void invalidCompletion(BadKind kind, ObjectNode data) {
        switch (kind) {
            case COMPLETE_NEGATIVE_COUNT -> data.put("num_clusters", -1);
            case COMPLETE_MISSING_DOCUMENTS -> data.remove("num_documents_clustered");
            case COMPLETE_FRACTIONAL_COUNT -> data.put("num_clusters", 2.5);
            case COMPLETE_BAD_TIME -> data.put("execution_time_seconds", "fast");
            case COMPLETE_BAD_WITH_ERRORS -> data.put("with_errors", "yes");
            default -> data.putArray("learned_weights").add(0.5);
        }
    }

    /** The kinds a pipeline benchmark's stream mixes in, in the order of its draws. */
    static final List<BadKind> PIPELINE_KINDS = List.of(BadKind.TRUNCATED_JSON, BadKind.INVALID_UTF8,
            BadKind.KEY_MISMATCH, BadKind.SEQUENCE_ZERO, BadKind.UNKNOWN_TYPE, BadKind.START_UNKNOWN,
            BadKind.CREATE_BAD_TYPE, BadKind.CREATE_EMPTY_INPUTS);
}
