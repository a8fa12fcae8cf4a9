package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Generates a replayable stream of {@code cluster-events} records: realistic lifecycles of clusters spread over
 * namespaces and organizations, plus exact duplicates, stale replays, sequence gaps and bad records of every
 * dead-letter code. It keeps its own model of every cluster (independent of the code under test) so that it knows
 * the outcome each record must have: applied, skipped as a duplicate, or rejected with a given code.
 */
public final class EventGenerator {
    enum Outcome { APPLIED, DUPLICATE, REJECTED }

    /** One record to pipe, and what it must do. {@code code} is set for rejected records only. */
    record Generated(byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers, Outcome outcome,
                     ErrorCode code, String clusterId, String description) {
        Headers recordHeaders() {
            RecordHeaders result = new RecordHeaders();
            for (Map.Entry<String, byte[]> header : headers) {
                result.add(header.getKey(), header.getValue().clone());
            }
            return result;
        }
    }

    /** What the generator believes about one cluster id. */
    static final class ClusterModel {
        final String id;
        final String namespaceId;
        final String organizationId;
        long lastSequence;
        boolean live;
        String status;
        String task;
        long documents;
        int tasksStarted;
        final List<Generated> applied = new ArrayList<>();

        ClusterModel(String id, String namespaceId, String organizationId) {
            this.id = id;
            this.namespaceId = namespaceId;
            this.organizationId = organizationId;
        }
    }

    static final Map<String, String> ORGANIZATION_OF_NAMESPACE = Map.of(
            "ns_alpha", "org_1", "ns_beta", "org_1", "ns_gamma", "org_2", "ns_delta", "org_2");
    private static final List<String> NAMESPACES = List.of("ns_alpha", "ns_beta", "ns_gamma", "ns_delta");
    /** The namespace that the end of every generated stream empties (its stats must then be absent). */
    static final String SMALL_NAMESPACE = "ns_delta";
    private static final List<String> TYPES = List.of("cluster.created", "cluster.updated", "cluster.execution.started",
            "cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted");
    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1),
            ZoneOffset.ofHoursMinutes(-5, -30), ZoneOffset.ofHours(9));
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    /** Keys an update may not carry: every non-configuration field and a few unknown names. */
    private static final List<String> NOT_PATCHABLE = List.of("cluster_id", "namespace_id", "organization_id", "status",
            "created_at", "updated_at", "last_execution_task_id", "last_executed_at", "completed_at", "num_clusters",
            "num_documents_clustered", "execution_time_seconds", "learned_weights", "learning_quality_score",
            "effective_feature_method", "hierarchy_detected", "child_cluster_ids", "hierarchy_relationships",
            "llm_labeling_errors", "colour", "task_id", "sequence");

    private final Random random;
    private final List<ClusterModel> clusters = new ArrayList<>();
    private final Map<String, ClusterModel> byId = new LinkedHashMap<>();
    private final List<Generated> generated = new ArrayList<>();
    private long clock = Instant.parse("2026-11-28T08:00:00Z").toEpochMilli();
    private int eventCounter;
    private int ghostCounter;

    EventGenerator(long seed, int clusterCount) {
        this.random = new Random(seed);
        for (int i = 0; i < clusterCount; i++) {
            // ns_delta is small (1 in 40 clusters) so that it often runs empty: stats tombstones and re-creation
            String namespace = i % 40 == 39 ? SMALL_NAMESPACE : NAMESPACES.get(i % (NAMESPACES.size() - 1));
            ClusterModel model = new ClusterModel(String.format("clust_%03d_%s", i, Integer.toHexString(i * 7919)),
                    namespace, ORGANIZATION_OF_NAMESPACE.get(namespace));
            clusters.add(model);
            byId.put(model.id, model);
        }
    }

    List<Generated> generate(int count) {
        while (generated.size() < count) {
            double r = random.nextDouble();
            ClusterModel cluster = clusters.get(random.nextInt(clusters.size()));
            if (r < 0.70) {
                valid(cluster);
            } else if (r < 0.78 && !cluster.applied.isEmpty()) {
                exactDuplicate(cluster);
            } else if (r < 0.84 && cluster.lastSequence > 0) {
                staleReplay(cluster);
            } else if (r >= 0.84) {
                bad(ErrorCode.values()[random.nextInt(ErrorCode.values().length)]);
            }
        }
        // finally every live cluster of the small namespace is deleted, with a stale replay after each deletion
        for (ClusterModel c : clusters) {
            if (c.live && c.namespaceId.equals(SMALL_NAMESPACE)) {
                emitApplied(c, "cluster.deleted", nextSequence(c), Json.NODES.objectNode());
                c.live = false;
                c.status = null;
                exactDuplicate(c);
            }
        }
        return generated;
    }

    /** The generator's model after {@link #generate}: cluster id -> model, for every id it may have used. */
    Map<String, ClusterModel> model() {
        return byId;
    }

    // --- valid lifecycle steps --------------------------------------------------------------------------------

    private void valid(ClusterModel c) {
        long sequence = nextSequence(c);
        if (!c.live) {
            ObjectNode data = createData();
            emitApplied(c, "cluster.created", sequence, data);
            c.live = true;
            c.status = "PENDING";
            c.task = null;
            c.documents = 0;
            return;
        }
        int pick = random.nextInt(100);
        if (pick < 30) {
            emitApplied(c, "cluster.updated", sequence, validPatch());
        } else if (pick < 55 || c.task == null && pick < 95) {
            String task = "task_" + c.id + "_" + (++c.tasksStarted);
            emitApplied(c, "cluster.execution.started", sequence, Json.NODES.objectNode().put("task_id", task));
            c.status = "PROCESSING";
            c.task = task;
        } else if (pick < 75) {
            boolean withErrors = random.nextInt(4) == 0;
            long documents = random.nextInt(5) == 0 ? 0 : random.nextInt(100_000);
            ObjectNode data = resultData(c.task, documents);
            if (withErrors || random.nextBoolean()) {
                data.put("with_errors", withErrors);
            }
            emitApplied(c, "cluster.execution.completed", sequence, data);
            c.status = withErrors ? "COMPLETED_WITH_ERRORS" : "COMPLETED";
            c.documents = documents;
        } else if (pick < 83) {
            ObjectNode data = Json.NODES.objectNode().put("task_id", c.task);
            if (random.nextBoolean()) {
                data.putArray("llm_labeling_errors").add("label timeout").addObject().put("cluster", 3);
            }
            emitApplied(c, "cluster.execution.failed", sequence, data);
            c.status = "FAILED";
        } else if (pick < 90) {
            emitApplied(c, "cluster.execution.canceled", sequence, Json.NODES.objectNode().put("task_id", c.task));
            c.status = "CANCELED";
        } else {
            emitApplied(c, "cluster.deleted", sequence, Json.NODES.objectNode());
            c.live = false;
            c.status = null;
        }
    }

    private void emitApplied(ClusterModel c, String type, long sequence, ObjectNode data) {
        ObjectNode event = event(c, type, sequence, data);
        Generated record = new Generated(utf8(c.id), bytes(event), producerHeaders(), Outcome.APPLIED, null, c.id,
                type + " #" + sequence);
        generated.add(record);
        c.applied.add(record);
        c.lastSequence = sequence;
    }

    private long nextSequence(ClusterModel c) {
        return c.lastSequence + 1 + (random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0);
    }

    // --- duplicates and stale replays --------------------------------------------------------------------------

    private void exactDuplicate(ClusterModel c) {
        Generated original = c.applied.get(random.nextInt(c.applied.size()));
        generated.add(new Generated(original.key(), original.value(), original.headers(), Outcome.DUPLICATE, null,
                c.id, "duplicate of " + original.description()));
    }

    /** A new event (new event_id) with a sequence already applied: skipped whatever else is wrong with it. */
    private void staleReplay(ClusterModel c) {
        long sequence = 1 + (long) random.nextInt((int) c.lastSequence);
        String type = TYPES.get(random.nextInt(TYPES.size()));
        ObjectNode data = switch (random.nextInt(4)) {
            case 0 -> createData();
            case 1 -> validPatch().put("status", "FAILED");
            case 2 -> resultData("task_from_the_past", 5);
            default -> Json.NODES.objectNode();
        };
        ObjectNode event = event(c, type, sequence, data);
        if (random.nextInt(5) == 0) {
            event.put("namespace_id", otherNamespace(c.namespaceId));
        }
        generated.add(new Generated(utf8(c.id), bytes(event), producerHeaders(), Outcome.DUPLICATE, null, c.id,
                "stale " + type + " #" + sequence));
    }

    // --- bad records -------------------------------------------------------------------------------------------

    private void bad(ErrorCode code) {
        ClusterModel live = randomCluster(true);
        ClusterModel notLive = randomCluster(false);
        switch (code) {
            case MALFORMED_JSON -> malformed();
            case INVALID_ENVELOPE -> invalidEnvelope();
            case UNKNOWN_EVENT_TYPE -> unknownType();
            case UNKNOWN_CLUSTER -> unknownCluster(notLive != null && random.nextInt(4) > 0 ? notLive : ghost());
            case ALREADY_EXISTS -> {
                if (live == null) {
                    malformed();
                } else {
                    alreadyExists(live);
                }
            }
            case OWNERSHIP_MISMATCH -> {
                if (live == null) {
                    malformed();
                } else {
                    ownershipMismatch(live);
                }
            }
            case IMMUTABLE_FIELD -> {
                if (live == null) {
                    malformed();
                } else {
                    immutableField(live);
                }
            }
            case INVALID_DATA -> invalidData(live != null && (notLive == null || random.nextInt(4) > 0) ? live : notLive);
            case STALE_TASK -> {
                if (live == null) {
                    malformed();
                } else {
                    staleTask(live);
                }
            }
        }
    }

    private void malformed() {
        ClusterModel c = clusters.get(random.nextInt(clusters.size()));
        byte[] valid = bytes(event(c, "cluster.updated", nextSequence(c),
                Json.NODES.objectNode().put("cluster_name", "Broken name")));
        byte[] value;
        String what;
        switch (random.nextInt(8)) {
            case 0 -> {
                value = utf8("garbage-" + random.nextInt(1000) + " {");
                what = "not JSON";
            }
            case 1 -> {
                value = null;
                what = "tombstone";
            }
            case 2 -> {
                value = withInvalidUtf8(valid);
                what = "not UTF-8";
            }
            case 3 -> {
                value = utf8("[" + utf8(valid) + "]");
                what = "array";
            }
            case 4 -> {
                value = utf8(Integer.toString(random.nextInt()));
                what = "number";
            }
            case 5 -> {
                value = Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 2));
                what = "truncated";
            }
            case 6 -> {
                value = utf8(utf8(valid) + " {}");
                what = "trailing tokens";
            }
            default -> {
                value = new byte[0];
                what = "empty";
            }
        }
        rejectedRecord(utf8(c.id), value, ErrorCode.MALFORMED_JSON, c.id, "malformed: " + what);
    }

    private void invalidEnvelope() {
        ClusterModel c = clusters.get(random.nextInt(clusters.size()));
        ObjectNode event = event(c, c.live ? "cluster.updated" : "cluster.created", nextSequence(c),
                c.live ? validPatch() : createData());
        byte[] key = utf8(c.id);
        String what;
        switch (random.nextInt(17)) {
            case 0 -> {
                event.remove("event_id");
                what = "no event_id";
            }
            case 1 -> {
                key = utf8(otherCluster(c).id);
                what = "key differs from cluster_id";
            }
            case 2 -> {
                event.put("sequence", 0);
                what = "sequence 0";
            }
            case 3 -> {
                event.put("sequence", -1 - random.nextInt(5));
                what = "negative sequence";
            }
            case 4 -> {
                event.put("sequence", Long.toString(nextSequence(c)));
                what = "sequence as a string";
            }
            case 5 -> {
                event.put("sequence", nextSequence(c) + 0.25);
                what = "fractional sequence";
            }
            case 6 -> {
                event.put("occurred_at", "yesterday");
                what = "occurred_at not a date";
            }
            case 7 -> {
                event.put("occurred_at", "2026-11-28T10:15:30.250");
                what = "occurred_at without offset";
            }
            case 8 -> {
                event.remove("data");
                what = "no data";
            }
            case 9 -> {
                event.putArray("data").add(1);
                what = "data an array";
            }
            case 10 -> {
                event.put("data", "{}");
                what = "data a string";
            }
            case 11 -> {
                event.remove("cluster_id");
                what = "no cluster_id";
            }
            case 12 -> {
                event.put("namespace_id", "");
                what = "empty namespace_id";
            }
            case 13 -> {
                event.put("organization_id", "o".repeat(129));
                what = "organization_id too long";
            }
            case 14 -> {
                event.put("event_type", 4);
                what = "event_type a number";
            }
            case 15 -> {
                event.remove("event_type");
                what = "no event_type";
            }
            default -> {
                key = null;
                what = "null key";
            }
        }
        rejectedRecord(key, bytes(event), ErrorCode.INVALID_ENVELOPE, c.id, "invalid envelope: " + what);
    }

    /** Unknown type wins over the duplicate rule, so any sequence will do. */
    private void unknownType() {
        ClusterModel c = clusters.get(random.nextInt(clusters.size()));
        String type = List.of("cluster.exploded", "CLUSTER.CREATED", "cluster.execution.paused", "", "cluster.created ")
                .get(random.nextInt(5));
        long sequence = 1 + random.nextInt((int) c.lastSequence + 3);
        rejected(c, event(c, type, sequence, Json.NODES.objectNode()), ErrorCode.UNKNOWN_EVENT_TYPE,
                "unknown type '" + type + "'");
    }

    private void unknownCluster(ClusterModel c) {
        String type = TYPES.get(1 + random.nextInt(TYPES.size() - 1));
        ObjectNode data = switch (random.nextInt(3)) {
            case 0 -> validPatch();
            case 1 -> resultData("task_x", 10);
            default -> Json.NODES.objectNode();
        };
        ObjectNode event = event(c, type, nextSequence(c), data);
        if (random.nextInt(4) == 0) {
            event.put("namespace_id", otherNamespace(c.namespaceId));
        }
        rejected(c, event, ErrorCode.UNKNOWN_CLUSTER, type + " of a cluster that is not live");
    }

    private void alreadyExists(ClusterModel c) {
        ObjectNode data = random.nextBoolean() ? createData() : Json.NODES.objectNode();
        ObjectNode event = event(c, "cluster.created", nextSequence(c), data);
        if (random.nextInt(4) == 0) {
            event.put("organization_id", "org_elsewhere");
        }
        rejected(c, event, ErrorCode.ALREADY_EXISTS, "created again");
    }

    private void ownershipMismatch(ClusterModel c) {
        String type = TYPES.get(1 + random.nextInt(TYPES.size() - 1));
        ObjectNode data = switch (random.nextInt(3)) {
            case 0 -> validPatch().put("status", "COMPLETED");
            case 1 -> resultData(c.task == null ? "task_y" : c.task, 3);
            default -> Json.NODES.objectNode().put("task_id", "task_z");
        };
        ObjectNode event = event(c, type, nextSequence(c), data);
        if (random.nextBoolean()) {
            String namespace = otherNamespace(c.namespaceId);
            event.put("namespace_id", namespace);
            event.put("organization_id", ORGANIZATION_OF_NAMESPACE.get(namespace));
        } else {
            event.put("organization_id", c.organizationId.equals("org_1") ? "org_2" : "org_1");
        }
        rejected(c, event, ErrorCode.OWNERSHIP_MISMATCH, type + " from another owner");
    }

    private void immutableField(ClusterModel c) {
        ObjectNode patch = random.nextBoolean() ? validPatch() : Json.NODES.objectNode();
        String field = NOT_PATCHABLE.get(random.nextInt(NOT_PATCHABLE.size()));
        patch.put(field, "changed");
        if (random.nextInt(3) == 0) {
            patch.put("cluster_type", "graph");
        }
        rejected(c, event(c, "cluster.updated", nextSequence(c), patch), ErrorCode.IMMUTABLE_FIELD,
                "update of " + field);
    }

    private void invalidData(ClusterModel c) {
        String type;
        ObjectNode data;
        if (!c.live) {
            type = "cluster.created";
            data = createData();
            switch (random.nextInt(5)) {
                case 0 -> data.remove("cluster_name");
                case 1 -> data.put("cluster_type", "graph");
                case 2 -> data.putArray("input_collections");
                case 3 -> data.put("filters", "lang=en");
                default -> data.put("cluster_name", 5);
            }
        } else {
            switch (random.nextInt(4)) {
                case 0 -> {
                    type = "cluster.updated";
                    data = validPatch();
                    switch (random.nextInt(8)) {
                        case 0 -> data.put("cluster_type", "graph");
                        case 1 -> data.putNull("cluster_name");
                        case 2 -> data.put("cluster_name", "");
                        case 3 -> data.putArray("input_collections");
                        case 4 -> data.putArray("input_collections").add("a").add(1);
                        case 5 -> data.put("enrich_source", "yes");
                        case 6 -> data.put("filters", "lang=en");
                        default -> data.putArray("feature_uris").add(3);
                    }
                }
                case 1 -> {
                    type = "cluster.execution.started";
                    data = Json.NODES.objectNode();
                    switch (random.nextInt(3)) {
                        case 0 -> data.put("task_id", 7);
                        case 1 -> data.put("task_id", "");
                        default -> data.put("other", "x");
                    }
                }
                case 2 -> {
                    type = "cluster.execution.completed";
                    // a wrong task too: INVALID_DATA comes before STALE_TASK
                    data = resultData(c.task != null && random.nextBoolean() ? c.task : "task_wrong", 12);
                    switch (random.nextInt(8)) {
                        case 0 -> data.put("num_documents_clustered", -1);
                        case 1 -> data.put("num_clusters", 1.5);
                        case 2 -> data.put("execution_time_seconds", "fast");
                        case 3 -> data.remove("num_clusters");
                        case 4 -> data.put("with_errors", "yes");
                        case 5 -> data.putArray("child_cluster_ids").add(1);
                        case 6 -> data.putArray("hierarchy_relationships").add("parent");
                        default -> data.put("execution_time_seconds", -0.5);
                    }
                }
                default -> {
                    type = "cluster.execution.failed";
                    data = Json.NODES.objectNode().put("task_id", c.task != null ? c.task : "task_wrong");
                    data.put("llm_labeling_errors", "oops");
                }
            }
        }
        rejected(c, event(c, type, nextSequence(c), data), ErrorCode.INVALID_DATA, "invalid data of " + type);
    }

    private void staleTask(ClusterModel c) {
        String type = TYPES.get(3 + random.nextInt(3));
        ObjectNode data = type.equals("cluster.execution.completed")
                ? resultData("task_stale_" + random.nextInt(1000), 8)
                : Json.NODES.objectNode().put("task_id", "task_stale_" + random.nextInt(1000));
        rejected(c, event(c, type, nextSequence(c), data), ErrorCode.STALE_TASK,
                type + " of an old task (current " + c.task + ")");
    }

    private void rejected(ClusterModel c, ObjectNode event, ErrorCode code, String description) {
        rejectedRecord(utf8(c.id), bytes(event), code, c.id, description);
    }

    private void rejectedRecord(byte[] key, byte[] value, ErrorCode code, String clusterId, String description) {
        generated.add(new Generated(key, value, producerHeaders(), Outcome.REJECTED, code, clusterId, description));
    }

    // --- pieces ------------------------------------------------------------------------------------------------

    private ObjectNode event(ClusterModel c, String type, long sequence, ObjectNode data) {
        clock += 1 + random.nextInt(5_000);
        ZoneOffset offset = OFFSETS.get(random.nextInt(OFFSETS.size()));
        String occurredAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(clock), offset).format(RFC_3339);
        return envelope("evt_" + Integer.toString(++eventCounter, 36) + "_" + random.nextInt(1_000_000), type, c.id,
                c.namespaceId, c.organizationId, sequence, occurredAt, data);
    }

    private ObjectNode createData() {
        ObjectNode data = Json.NODES.objectNode();
        data.put("cluster_name", "Cluster " + random.nextInt(10_000));
        ArrayNode inputs = data.putArray("input_collections");
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            inputs.add("col_" + random.nextInt(50));
        }
        data.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
        if (random.nextBoolean()) {
            data.putObject("filters").put("lang", "en").putNull("kept_null").putObject("range").put("gte", 3);
        }
        if (random.nextBoolean()) {
            data.putObject("metadata").put("owner", "team-" + random.nextInt(5)).putArray("tags").add("t");
        }
        if (random.nextBoolean()) {
            data.put("algorithm", random.nextBoolean() ? "kmeans" : "hdbscan");
            data.putObject("algorithm_params").put("k", 1 + random.nextInt(20)).put("tolerance", 0.001);
        }
        if (random.nextInt(3) == 0) {
            data.put("enrich_source", true);
            data.putObject("source_enrichment_config").put("mode", "append");
        }
        if (random.nextInt(3) == 0) {
            data.putArray("output_collection_ids").add("out_" + random.nextInt(9));
        }
        if (random.nextInt(4) == 0) {
            data.putNull("parent_cluster_id");
        }
        if (random.nextInt(4) == 0) {
            data.put("status", "COMPLETED");
            data.put("num_documents_clustered", 7);
        }
        return data;
    }

    private ObjectNode validPatch() {
        ObjectNode patch = Json.NODES.objectNode();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            switch (random.nextInt(11)) {
                case 0 -> patch.put("cluster_name", "Renamed " + random.nextInt(10_000));
                case 1 -> patch.putObject("metadata").put("stage", "s" + random.nextInt(3)).putNull("tags");
                case 2 -> {
                    if (random.nextBoolean()) {
                        patch.putNull("algorithm");
                    } else {
                        patch.put("algorithm", "spectral");
                    }
                }
                case 3 -> patch.put("enrich_source", random.nextBoolean());
                case 4 -> patch.putArray("output_collection_ids").add("out_" + random.nextInt(9));
                case 5 -> patch.putObject("filters").put("lang", random.nextBoolean() ? "de" : null);
                case 6 -> patch.putNull("feature_uris");
                case 7 -> patch.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
                case 8 -> patch.putArray("input_collections").add("col_" + random.nextInt(50));
                case 9 -> patch.put("hierarchical_grouping", random.nextBoolean());
                default -> patch.putObject("llm_labeling").put("model", "m" + random.nextInt(3));
            }
        }
        return patch;
    }

    private ObjectNode resultData(String task, long documents) {
        ObjectNode data = Json.NODES.objectNode();
        data.put("task_id", task);
        data.put("num_clusters", random.nextInt(50));
        data.put("num_documents_clustered", documents);
        if (random.nextBoolean()) {
            data.put("execution_time_seconds", random.nextInt(3_600) / 8.0);
        } else {
            data.put("execution_time_seconds", random.nextInt(100));
        }
        if (random.nextBoolean()) {
            data.putObject("learned_weights").put("title", 0.25).put("body", 0.75);
            data.put("learning_quality_score", 0.5);
            data.put("effective_feature_method", "weighted");
        }
        if (random.nextInt(3) == 0) {
            data.put("hierarchy_detected", true);
            data.putArray("child_cluster_ids").add("child_1").add("child_2");
            data.putArray("hierarchy_relationships").addObject().put("parent", "child_1").put("child", "child_2");
        }
        return data;
    }

    private List<Map.Entry<String, byte[]>> producerHeaders() {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return List.of();
        }
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        headers.add(Map.entry("trace-id", utf8("trace-" + random.nextInt(1_000_000))));
        if (pick == 9) {
            headers.add(Map.entry("source-service", new byte[] {1, 2, (byte) 0xFE}));
        }
        return headers;
    }

    private ClusterModel randomCluster(boolean live) {
        List<ClusterModel> candidates = new ArrayList<>();
        for (ClusterModel c : clusters) {
            if (c.live == live) {
                candidates.add(c);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** A cluster id that is never created (its events are all rejected, so it never reaches the store). */
    private ClusterModel ghost() {
        String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        ClusterModel ghost = new ClusterModel("clust_ghost_" + (++ghostCounter), namespace,
                ORGANIZATION_OF_NAMESPACE.get(namespace));
        byId.put(ghost.id, ghost);
        return ghost;
    }

    private ClusterModel otherCluster(ClusterModel c) {
        ClusterModel other;
        do {
            other = clusters.get(random.nextInt(clusters.size()));
        } while (other == c);
        return other;
    }

    private String otherNamespace(String namespace) {
        String other;
        do {
            other = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        } while (other.equals(namespace));
        return other;
    }

    private static byte[] withInvalidUtf8(byte[] json) {
        String text = utf8(json);
        int at = text.indexOf("Broken name");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, at);
        out.write(0xFF);
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
