package io.clusterindex.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic (seeded) generator of realistic {@code cluster-events} traffic over a few hundred clusters in three
 * namespaces of two organizations: lifecycles (create, merge-patch updates, executions with task ids, deletes,
 * re-creates), exact duplicates, stale replays, and every kind of bad record of events.md with the code it must get.
 * It keeps a small simulation of each cluster only to choose valid next events; the expected view is computed
 * independently by {@link ExpectedView}, and tests check that both agree on each record's outcome.
 */
public final class EventGenerator {
    record Namespace(String id, String organizationId) {
    }

    static final List<Namespace> NAMESPACES = List.of(
            new Namespace("ns_alpha", "org_1"),
            new Namespace("ns_beta", "org_1"),
            new Namespace("ns_gamma", "org_2"));

    static String organizationOf(String namespaceId) {
        return NAMESPACES.stream().filter(ns -> ns.id().equals(namespaceId)).findFirst().orElseThrow().organizationId();
    }

    /** Preconditions of a bad-record kind on the simulated cluster. */
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
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-28T08:00:00Z");
    private static final DateTimeFormatter MILLIS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOWER_CASE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd't'HH:mm:ss.SSS'z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WITH_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.ofHours(2));
    private static final String[] TEAMS = {"search", "ranking", "ingest", "labs"};
    private static final String[] ALGORITHMS = {"kmeans", "hdbscan", "agglomerative"};

    /** The generator's own simple picture of one cluster, used only to choose plausible next events. */
    private static final class Sim {
        final String id;
        final Namespace namespace;
        final boolean ghost;
        boolean live;
        String status;
        String task;
        int taskNumber;
        int generation;
        long lastApplied;
        long sequenceCounter;
        Instant clock;
        final List<GeneratedRecord> applied = new ArrayList<>();

        Sim(String id, Namespace namespace, boolean ghost, Instant clock) {
            this.id = id;
            this.namespace = namespace;
            this.ghost = ghost;
            this.clock = clock;
        }
    }

    private final Random random;
    private final String tag;
    private final List<Sim> sims = new ArrayList<>();
    private final EnumSet<BadKind> uncovered = EnumSet.allOf(BadKind.class);
    private final TreeMap<String, Integer> kindCounts = new TreeMap<>();
    private long nextIndex;

    /**
     * @param seed     seed of the pseudo-random choices (the output is a pure function of the arguments)
     * @param tag      short tag included in cluster and event ids
     * @param clusters number of cluster ids; about 5% are "ghosts" that are never created
     */
    EventGenerator(long seed, String tag, int clusters) {
        this.random = new Random(seed);
        this.tag = tag;
        for (int i = 0; i < clusters; i++) {
            Namespace namespace = NAMESPACES.get(i % NAMESPACES.size());
            sims.add(new Sim(String.format("clust_%s_%04d", tag, i), namespace, i % 20 == 19,
                    START.plusSeconds(random.nextInt(3600))));
        }
    }

    /** All cluster ids this generator may use, including ghosts and never-touched ones. */
    List<String> clusterIds() {
        return sims.stream().map(s -> s.id).toList();
    }

    /** Kinds of bad records not generated yet. */
    Set<BadKind> uncoveredKinds() {
        return EnumSet.copyOf(uncovered);
    }

    /** How many records of each kind were generated so far. */
    TreeMap<String, Integer> kindCounts() {
        return new TreeMap<>(kindCounts);
    }

    /** The next {@code count} records, continuing the lifecycles of earlier calls. */
    List<GeneratedRecord> next(int count) {
        List<GeneratedRecord> out = new ArrayList<>(count);
        while (out.size() < count) {
            out.add(step(sims.get(random.nextInt(sims.size()))));
        }
        return out;
    }

    /** Records for every bad kind not generated yet (where some cluster allows it), then nothing. */
    List<GeneratedRecord> coverRemainingBadKinds() {
        List<GeneratedRecord> out = new ArrayList<>();
        for (BadKind kind : EnumSet.copyOf(uncovered)) {
            for (Sim sim : shuffledSims()) {
                if (applicable(kind, sim)) {
                    out.add(bad(sim, kind));
                    break;
                }
            }
        }
        return out;
    }

    /** A valid {@code cluster.deleted} for every live cluster of the namespace. */
    List<GeneratedRecord> deleteAllLive(String namespaceId) {
        List<GeneratedRecord> out = new ArrayList<>();
        for (Sim sim : sims) {
            if (sim.live && sim.namespace.id().equals(namespaceId)) {
                out.add(delete(sim));
            }
        }
        return out;
    }

    private List<Sim> shuffledSims() {
        List<Sim> copy = new ArrayList<>(sims);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    private GeneratedRecord step(Sim sim) {
        double r = random.nextDouble();
        double badRate = sim.ghost ? 1.0 : sim.live ? 0.09 : 0.15;
        if (r < badRate) {
            List<BadKind> candidates = new ArrayList<>();
            for (BadKind kind : uncovered) {
                if (applicable(kind, sim)) {
                    candidates.add(kind);
                }
            }
            if (candidates.isEmpty() || random.nextDouble() < 0.5) {
                for (BadKind kind : BadKind.values()) {
                    if (applicable(kind, sim)) {
                        candidates.add(kind);
                    }
                }
            }
            if (!candidates.isEmpty()) {
                return bad(sim, candidates.get(random.nextInt(candidates.size())));
            }
            return envelopeBad(sim, BadKind.NOT_JSON);
        }
        if (r < badRate + 0.04 && !sim.applied.isEmpty()) {
            return duplicate(sim, sim.applied.get(sim.applied.size() - 1), "exact-duplicate");
        }
        if (r < badRate + 0.07 && sim.applied.size() >= 2) {
            return duplicate(sim, sim.applied.get(random.nextInt(sim.applied.size() - 1)), "stale-replay");
        }
        return valid(sim);
    }

    private boolean applicable(BadKind kind, Sim sim) {
        return switch (kind.need) {
            case ANY -> true;
            case LIVE -> sim.live;
            case NOT_LIVE -> !sim.live;
            case LIVE_PREVIOUS_TASK -> sim.live && sim.taskNumber >= 2;
            case HAS_HISTORY -> sim.lastApplied >= 1;
        };
    }

    // ---------------------------------------------------------------- valid lifecycle events

    private GeneratedRecord valid(Sim sim) {
        if (!sim.live) {
            return create(sim);
        }
        double r = random.nextDouble();
        if ("PROCESSING".equals(sim.status)) {
            if (r < 0.50) {
                return complete(sim);
            } else if (r < 0.64) {
                return finish(sim, "cluster.execution.failed", "FAILED");
            } else if (r < 0.74) {
                return finish(sim, "cluster.execution.canceled", "CANCELED");
            } else if (r < 0.87) {
                return update(sim);
            } else if (r < 0.95) {
                return start(sim);
            }
            return delete(sim);
        }
        if (r < 0.47) {
            return update(sim);
        } else if (r < 0.91) {
            return start(sim);
        }
        return delete(sim);
    }

    private GeneratedRecord create(Sim sim) {
        long seq = nextSequence(sim);
        sim.generation++;
        ObjectNode data = createData(sim);
        GeneratedRecord record = applied(sim, "cluster.created", seq, data, sim.generation == 1 ? "created" : "re-created");
        sim.live = true;
        sim.status = "PENDING";
        sim.task = null;
        return record;
    }

    private GeneratedRecord update(Sim sim) {
        long seq = nextSequence(sim);
        return applied(sim, "cluster.updated", seq, patch(sim), "updated");
    }

    private GeneratedRecord start(Sim sim) {
        long seq = nextSequence(sim);
        sim.taskNumber++;
        String task = taskId(sim, sim.taskNumber);
        ObjectNode data = JSON.createObjectNode().put("task_id", task);
        GeneratedRecord record = applied(sim, "cluster.execution.started", seq, data, "execution-started");
        sim.task = task;
        sim.status = "PROCESSING";
        return record;
    }

    private GeneratedRecord complete(Sim sim) {
        long seq = nextSequence(sim);
        ObjectNode data = completeData(sim.task);
        boolean withErrors = data.path("with_errors").asBoolean(false);
        GeneratedRecord record = applied(sim, "cluster.execution.completed", seq, data, "execution-completed");
        sim.status = withErrors ? "COMPLETED_WITH_ERRORS" : "COMPLETED";
        return record;
    }

    private GeneratedRecord finish(Sim sim, String type, String status) {
        long seq = nextSequence(sim);
        ObjectNode data = JSON.createObjectNode().put("task_id", sim.task);
        if (type.equals("cluster.execution.failed") && random.nextBoolean()) {
            data.putArray("llm_labeling_errors").add("labeling timed out for cluster " + random.nextInt(9))
                    .addObject().put("cluster", random.nextInt(20)).put("error", "rate limited");
        }
        GeneratedRecord record = applied(sim, type, seq, data, status.equals("FAILED") ? "execution-failed"
                : "execution-canceled");
        sim.status = status;
        return record;
    }

    private GeneratedRecord delete(Sim sim) {
        long seq = nextSequence(sim);
        ObjectNode data = JSON.createObjectNode();
        if (random.nextBoolean()) {
            data.put("reason", "user request");
        }
        GeneratedRecord record = applied(sim, "cluster.deleted", seq, data, "deleted");
        sim.live = false;
        sim.status = null;
        sim.task = null;
        return record;
    }

    private GeneratedRecord applied(Sim sim, String type, long seq, ObjectNode data, String kind) {
        long index = nextIndex++;
        ObjectNode envelope = envelope(sim, index, type, seq, data);
        GeneratedRecord record = record(index, sim.id, bytes(envelope), Outcome.APPLIED, kind);
        sim.lastApplied = seq;
        sim.applied.add(record);
        return record;
    }

    private GeneratedRecord duplicate(Sim sim, GeneratedRecord original, String kind) {
        return record(nextIndex++, sim.id, original.value(), Outcome.SKIPPED, kind);
    }

    // ---------------------------------------------------------------- bad records

    private GeneratedRecord bad(Sim sim, BadKind kind) {
        uncovered.remove(kind);
        return switch (kind.need) {
            case ANY -> envelopeBad(sim, kind);
            default -> kind.expected.kind() == Outcome.Kind.SKIPPED || kind.name().startsWith("STALE_AND")
                    ? staleBad(sim, kind) : foldBad(sim, kind);
        };
    }

    /** Bad records decided by the parser alone (the cluster's state does not matter). */
    private GeneratedRecord envelopeBad(Sim sim, BadKind kind) {
        uncovered.remove(kind);
        long index = nextIndex++;
        String key = sim.id;
        ObjectNode e = envelope(sim, index, "cluster.updated", sim.sequenceCounter + 1,
                JSON.createObjectNode().put("cluster_name", "never applied " + index));
        byte[] value;
        switch (kind) {
            case NOT_JSON -> value = utf8("this is not JSON, record " + index);
            case JSON_ARRAY -> value = utf8("[\"evt_" + index + "\", 1, 2]");
            case JSON_STRING -> value = utf8("\"cluster.updated " + index + "\"");
            case EMPTY_VALUE -> value = new byte[0];
            case INVALID_UTF8 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] head = utf8("{\"event_id\":\"evt_" + tag + "_" + index + "\",\"cluster_name\":\"");
                out.write(head, 0, head.length);
                out.write(0xC3);
                out.write(0x28);
                out.write(0xFF);
                byte[] tail = utf8("\"}");
                out.write(tail, 0, tail.length);
                value = out.toByteArray();
            }
            case TOMBSTONE -> value = null;
            case DUPLICATE_JSON_KEY -> value = utf8("{\"sequence\":1," + text(e).substring(1));
            case TRAILING_TOKENS -> value = utf8(text(e) + " {\"extra\":true}");
            case TRUNCATED_JSON -> {
                String full = text(e);
                value = utf8(full.substring(0, full.length() / 2));
            }
            case MISSING_EVENT_ID -> value = bytes(e.without("event_id"));
            case EMPTY_EVENT_ID -> value = bytes(e.put("event_id", ""));
            case LONG_EVENT_ID -> value = bytes(e.put("event_id", "e".repeat(129)));
            case MISSING_EVENT_TYPE -> value = bytes(e.without("event_type"));
            case EVENT_TYPE_NOT_STRING -> value = bytes(e.put("event_type", 3));
            case KEY_MISMATCH -> value = bytes(e.put("cluster_id", otherClusterId(sim)));
            case NULL_KEY -> {
                key = null;
                value = bytes(e);
            }
            case LONG_CLUSTER_ID -> {
                key = "c" + index + "_" + "x".repeat(128);
                value = bytes(e.put("cluster_id", key));
            }
            case MISSING_NAMESPACE -> value = bytes(e.without("namespace_id"));
            case ORGANIZATION_NOT_STRING -> value = bytes(e.put("organization_id", 42));
            case SEQUENCE_ZERO -> value = bytes(e.put("sequence", 0));
            case SEQUENCE_NEGATIVE -> value = bytes(e.put("sequence", -3));
            case SEQUENCE_STRING -> value = bytes(e.put("sequence", Long.toString(sim.sequenceCounter + 1)));
            case SEQUENCE_FRACTION -> value = bytes(e.put("sequence", sim.sequenceCounter + 1.5));
            case SEQUENCE_TOO_BIG -> value = bytes(e.put("sequence", new BigInteger("100000000000000000000000")));
            case MISSING_OCCURRED_AT -> value = bytes(e.without("occurred_at"));
            case OCCURRED_AT_WITHOUT_OFFSET -> value = bytes(e.put("occurred_at", "2026-11-28T10:15:30.250"));
            case OCCURRED_AT_GARBAGE -> value = bytes(e.put("occurred_at", "yesterday at noon"));
            case OCCURRED_AT_NUMBER -> value = bytes(e.put("occurred_at", 1795861530250L));
            case OCCURRED_AT_IMPOSSIBLE_DATE -> value = bytes(e.put("occurred_at", "2026-02-30T10:15:30Z"));
            case MISSING_DATA -> value = bytes(e.without("data"));
            case DATA_ARRAY -> {
                e.putArray("data").add("cluster_name");
                value = bytes(e);
            }
            case DATA_NULL -> value = bytes(e.putNull("data"));
            case DATA_STRING -> value = bytes(e.put("data", "{\"cluster_name\":\"x\"}"));
            case UNKNOWN_TYPE -> value = bytes(e.put("event_type", "cluster.exploded"));
            case UPPERCASE_TYPE -> value = bytes(e.put("event_type", "CLUSTER.UPDATED"));
            default -> throw new IllegalArgumentException("not an envelope-level kind: " + kind);
        }
        return record(index, key, value, kind.expected, kind.name());
    }

    /** Records whose sequence is stale: envelope errors still win, fold errors lose against the duplicate rule. */
    private GeneratedRecord staleBad(Sim sim, BadKind kind) {
        long index = nextIndex++;
        long staleSequence = 1 + random.nextInt((int) Math.min(sim.lastApplied, Integer.MAX_VALUE));
        ObjectNode e;
        switch (kind) {
            case STALE_AND_INVALID_ENVELOPE -> e = envelope(sim, index, "cluster.updated", staleSequence,
                    JSON.createObjectNode()).put("occurred_at", "not a time");
            case STALE_AND_UNKNOWN_TYPE -> e = envelope(sim, index, "cluster.archived", staleSequence,
                    JSON.createObjectNode());
            case STALE_IMMUTABLE_PATCH -> e = envelope(sim, index, "cluster.updated", staleSequence,
                    JSON.createObjectNode().put("status", "COMPLETED").put("colour", "red"));
            case STALE_CREATE -> e = envelope(sim, index, "cluster.created", staleSequence, createData(sim));
            default -> throw new IllegalArgumentException("not a stale kind: " + kind);
        }
        return record(index, sim.id, bytes(e), kind.expected, kind.name());
    }

    /** Records with a valid envelope and a fresh sequence that the fold must reject. */
    private GeneratedRecord foldBad(Sim sim, BadKind kind) {
        long index = nextIndex++;
        long seq = nextSequence(sim);
        String type;
        ObjectNode data;
        Namespace owner = sim.namespace;
        switch (kind) {
            case UPDATE_UNKNOWN -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_name", "ghost " + index);
            }
            case START_UNKNOWN -> {
                type = "cluster.execution.started";
                data = JSON.createObjectNode().put("task_id", "task_ghost_" + index);
            }
            case COMPLETE_UNKNOWN -> {
                type = "cluster.execution.completed";
                data = completeData("task_ghost_" + index);
            }
            case DELETE_UNKNOWN -> {
                type = "cluster.deleted";
                data = JSON.createObjectNode();
            }
            case CREATE_EXISTING -> {
                type = "cluster.created";
                data = createData(sim);
            }
            case CREATE_EXISTING_OTHER_NAMESPACE -> {
                type = "cluster.created";
                data = createData(sim);
                owner = otherNamespace(sim.namespace);
            }
            case UPDATE_OTHER_NAMESPACE -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_name", "hijacked " + index);
                owner = new Namespace(otherNamespace(sim.namespace).id(), sim.namespace.organizationId());
            }
            case UPDATE_OTHER_ORGANIZATION -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_name", "hijacked " + index);
                owner = new Namespace(sim.namespace.id(), "org_999");
            }
            case DELETE_OTHER_NAMESPACE -> {
                type = "cluster.deleted";
                data = JSON.createObjectNode();
                owner = otherNamespace(sim.namespace);
            }
            case OWNERSHIP_BEFORE_IMMUTABLE -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("status", "FAILED");
                owner = new Namespace("ns_elsewhere", sim.namespace.organizationId());
            }
            case PATCH_STATUS -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("status", "COMPLETED");
            }
            case PATCH_CREATED_AT -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("created_at", "2020-01-01T00:00:00Z");
            }
            case PATCH_CLUSTER_ID -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_id", otherClusterId(sim));
            }
            case PATCH_NAMESPACE_ID -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("namespace_id", otherNamespace(sim.namespace).id());
            }
            case PATCH_RESULT_FIELD -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("num_documents_clustered", 123456);
            }
            case PATCH_TASK_ID -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("last_execution_task_id", "task_forged");
            }
            case PATCH_UNKNOWN_FIELD -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("colour", "red");
            }
            case PATCH_VALID_AND_IMMUTABLE -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_name", "half applied " + index)
                        .put("updated_at", "2030-01-01T00:00:00Z");
            }
            case IMMUTABLE_BEFORE_INVALID_DATA -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().putNull("cluster_name").put("completed_at", "2030-01-01T00:00:00Z");
            }
            case CREATE_MISSING_NAME -> {
                type = "cluster.created";
                data = createData(sim);
                data.remove("cluster_name");
            }
            case CREATE_EMPTY_NAME -> {
                type = "cluster.created";
                data = createData(sim).put("cluster_name", "");
            }
            case CREATE_BAD_TYPE -> {
                type = "cluster.created";
                data = createData(sim).put("cluster_type", "graph");
            }
            case CREATE_NULL_TYPE -> {
                type = "cluster.created";
                data = createData(sim).putNull("cluster_type");
            }
            case CREATE_EMPTY_INPUTS -> {
                type = "cluster.created";
                data = createData(sim);
                data.putArray("input_collections");
            }
            case CREATE_NON_STRING_INPUTS -> {
                type = "cluster.created";
                data = createData(sim);
                data.putArray("input_collections").add(1).add(2);
            }
            case CREATE_BAD_OPTIONAL -> {
                type = "cluster.created";
                data = createData(sim).put("filters", "lang=en");
            }
            case PATCH_NULL_NAME -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().putNull("cluster_name");
            }
            case PATCH_NULL_INPUTS -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().putNull("input_collections");
            }
            case PATCH_EMPTY_INPUTS -> {
                type = "cluster.updated";
                data = JSON.createObjectNode();
                data.putArray("input_collections");
            }
            case PATCH_BAD_TYPE -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_type", "graph");
            }
            case PATCH_BOOLEAN_AS_STRING -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("enrich_source", "yes");
            }
            case PATCH_OBJECT_AS_STRING -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("metadata", "owner=search");
            }
            case PATCH_VALID_THEN_INVALID -> {
                type = "cluster.updated";
                data = JSON.createObjectNode().put("cluster_name", "half applied " + index)
                        .put("hierarchical_grouping", 1);
                data.putObject("metadata").put("touched", true);
            }
            case START_WITHOUT_TASK -> {
                type = "cluster.execution.started";
                data = JSON.createObjectNode().put("note", "no task id");
            }
            case START_EMPTY_TASK -> {
                type = "cluster.execution.started";
                data = JSON.createObjectNode().put("task_id", "");
            }
            case START_NUMERIC_TASK -> {
                type = "cluster.execution.started";
                data = JSON.createObjectNode().put("task_id", 7);
            }
            case COMPLETE_NEGATIVE_COUNT -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index)).put("num_clusters", -1);
            }
            case COMPLETE_MISSING_DOCUMENTS -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index));
                data.remove("num_documents_clustered");
            }
            case COMPLETE_FRACTIONAL_COUNT -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index)).put("num_clusters", 2.5);
            }
            case COMPLETE_BAD_TIME -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index)).put("execution_time_seconds", "fast");
            }
            case COMPLETE_BAD_WITH_ERRORS -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index)).put("with_errors", "yes");
            }
            case COMPLETE_BAD_WEIGHTS -> {
                type = "cluster.execution.completed";
                data = completeData(currentOrBogusTask(sim, index));
                data.putArray("learned_weights").add(0.5);
            }
            case FAIL_BAD_ERRORS -> {
                type = "cluster.execution.failed";
                data = JSON.createObjectNode().put("task_id", currentOrBogusTask(sim, index))
                        .put("llm_labeling_errors", "everything failed");
            }
            case INVALID_DATA_BEFORE_STALE_TASK -> {
                type = "cluster.execution.completed";
                data = completeData("task_bogus_" + index).put("num_documents_clustered", -5);
            }
            case COMPLETE_STALE_TASK -> {
                type = "cluster.execution.completed";
                data = completeData("task_bogus_" + index);
            }
            case FAIL_STALE_TASK -> {
                type = "cluster.execution.failed";
                data = JSON.createObjectNode().put("task_id", "task_bogus_" + index);
            }
            case CANCEL_STALE_TASK -> {
                type = "cluster.execution.canceled";
                data = JSON.createObjectNode().put("task_id", "task_bogus_" + index);
            }
            case COMPLETE_PREVIOUS_TASK -> {
                type = "cluster.execution.completed";
                data = completeData(taskId(sim, sim.taskNumber - 1));
            }
            default -> throw new IllegalArgumentException("not a fold-level kind: " + kind);
        }
        ObjectNode e = envelope(sim, index, type, seq, data);
        e.put("namespace_id", owner.id()).put("organization_id", owner.organizationId());
        return record(index, sim.id, bytes(e), kind.expected, kind.name());
    }

    // ---------------------------------------------------------------- data builders

    private ObjectNode createData(Sim sim) {
        ObjectNode data = JSON.createObjectNode();
        data.put("cluster_name", "Cluster " + sim.id + " gen " + Math.max(1, sim.generation));
        ArrayNode inputs = data.putArray("input_collections");
        int inputCount = 1 + random.nextInt(3);
        for (int i = 0; i < inputCount; i++) {
            inputs.add("col_" + random.nextInt(50));
        }
        data.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
        if (random.nextDouble() < 0.5) {
            ObjectNode metadata = data.putObject("metadata");
            metadata.putObject("owner").put("team", pick(TEAMS)).put("oncall", "user" + random.nextInt(9));
            metadata.putArray("tags").add("t" + random.nextInt(5)).add("t" + random.nextInt(5));
            metadata.put("priority", random.nextInt(5));
            metadata.putNull("retired_at");
        }
        if (random.nextDouble() < 0.4) {
            ObjectNode filters = data.putObject("filters");
            filters.put("lang", random.nextBoolean() ? "en" : "de");
            filters.putObject("score").put("min", random.nextInt(10) / 4.0).putNull("max");
        }
        if (random.nextDouble() < 0.4) {
            data.put("algorithm", pick(ALGORITHMS));
            data.putObject("algorithm_params").put("k", 2 + random.nextInt(30))
                    .putObject("init").put("method", "k-means++").put("seed", random.nextInt(1000));
        }
        if (random.nextDouble() < 0.3) {
            data.putArray("source_bucket_ids").add("bucket_" + random.nextInt(10));
            data.putArray("feature_uris").add("feat://text/" + random.nextInt(5)).add("feat://image/0");
            data.put("multi_feature_strategy", "weighted_concat");
            data.putArray("clustered_attributes").add("title").add("body");
        }
        if (random.nextDouble() < 0.3) {
            data.put("hierarchical_grouping", random.nextBoolean());
            data.put("aggregation_method", "mean");
            data.putArray("output_collection_ids").add("oc_" + random.nextInt(100));
            data.putArray("output_collection_names").add("Output " + random.nextInt(100));
        }
        if (random.nextDouble() < 0.25) {
            data.put("enrich_source", true);
            data.putObject("source_enrichment_config").put("mode", "append").putArray("fields").add("label");
            data.putObject("llm_labeling").put("enabled", true).putObject("model").put("name", "small")
                    .put("temperature", 0.25);
        }
        if (random.nextDouble() < 0.15) {
            data.put("parent_cluster_id", otherClusterId(sim));
        }
        if (random.nextDouble() < 0.15) {
            data.putNull("algorithm");
            data.putNull("filters");
        }
        if (random.nextDouble() < 0.15) {
            // keys that are not configuration fields are ignored by cluster.created
            data.put("status", "COMPLETED").put("num_documents_clustered", 999).put("comment", "ignored");
        }
        return data;
    }

    private ObjectNode patch(Sim sim) {
        ObjectNode data = JSON.createObjectNode();
        int parts = random.nextDouble() < 0.05 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(15)) {
                case 0 -> data.put("cluster_name", "Renamed " + sim.id + " " + random.nextInt(1000));
                case 1 -> {
                    ObjectNode metadata = data.putObject("metadata");
                    metadata.putObject("owner").put("team", pick(TEAMS)).putNull("oncall");
                    metadata.put("priority", random.nextInt(5));
                    if (random.nextBoolean()) {
                        metadata.putNull("tags");
                    }
                    metadata.putObject("audit").put("by", "user" + random.nextInt(9)).putNull("ticket");
                }
                case 2 -> data.putNull("metadata");
                case 3 -> {
                    ObjectNode filters = data.putObject("filters");
                    filters.put("lang", "fr");
                    filters.putObject("score").put("max", 0.75).putNull("min");
                }
                case 4 -> data.putNull("filters");
                case 5 -> {
                    data.put("algorithm", pick(ALGORITHMS));
                    data.putObject("algorithm_params").put("min_cluster_size", 1 + random.nextInt(20)).putNull("k");
                }
                case 6 -> {
                    data.putArray("output_collection_ids").add("oc_" + random.nextInt(100)).add("oc_x");
                    data.putArray("output_collection_names").add("Output " + random.nextInt(100));
                }
                case 7 -> data.putNull("output_collection_ids").putNull("parent_cluster_id");
                case 8 -> {
                    data.put("enrich_source", random.nextBoolean());
                    data.putObject("source_enrichment_config").put("mode", "replace").putNull("fields");
                }
                case 9 -> data.putObject("llm_labeling").put("enabled", random.nextBoolean())
                        .putObject("model").put("temperature", random.nextInt(10) / 8.0).putNull("name");
                case 10 -> data.put("parent_cluster_id", otherClusterId(sim));
                case 11 -> data.putArray("input_collections").add("col_" + random.nextInt(50));
                case 12 -> data.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
                case 13 -> data.put("hierarchical_grouping", random.nextBoolean()).putNull("aggregation_method");
                default -> {
                    data.putArray("feature_uris").add("feat://text/" + random.nextInt(5));
                    data.putNull("source_bucket_ids").put("multi_feature_strategy", "mean");
                }
            }
        }
        return data;
    }

    private ObjectNode completeData(String task) {
        ObjectNode data = JSON.createObjectNode();
        data.put("task_id", task);
        data.put("num_clusters", random.nextInt(40));
        data.put("num_documents_clustered", random.nextDouble() < 0.1 ? 0 : random.nextInt(50000));
        if (random.nextBoolean()) {
            data.put("execution_time_seconds", random.nextInt(8000) / 8.0);
        } else {
            data.put("execution_time_seconds", random.nextInt(900));
        }
        double r = random.nextDouble();
        if (r < 0.2) {
            data.put("with_errors", true);
            data.putArray("llm_labeling_errors").addObject().put("cluster", random.nextInt(40))
                    .put("error", "label too long");
        } else if (r < 0.4) {
            data.put("with_errors", false);
        } else if (r < 0.45) {
            data.putNull("with_errors");
        }
        if (random.nextDouble() < 0.4) {
            data.putObject("learned_weights").put("text", 0.75).put("image", 0.25).putNull("audio");
            data.put("learning_quality_score", random.nextInt(100) / 100.0);
            data.put("effective_feature_method", "weighted");
        }
        if (random.nextDouble() < 0.3) {
            data.put("hierarchy_detected", true);
            data.putArray("child_cluster_ids").add("child_" + random.nextInt(100));
            data.putArray("hierarchy_relationships").addObject().put("parent", "p0")
                    .putObject("meta").put("depth", 1).putNull("note");
        }
        if (random.nextDouble() < 0.1) {
            data.putNull("learning_quality_score");
        }
        return data;
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode envelope(Sim sim, long index, String type, long seq, ObjectNode data) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", "evt_" + tag + "_" + index);
        e.put("event_type", type);
        e.put("cluster_id", sim.id);
        e.put("namespace_id", sim.namespace.id());
        e.put("organization_id", sim.namespace.organizationId());
        e.put("sequence", seq);
        e.put("occurred_at", nextTime(sim));
        e.set("data", data);
        return e;
    }

    private long nextSequence(Sim sim) {
        sim.sequenceCounter += random.nextDouble() < 0.1 ? 2 + random.nextInt(3) : 1;
        return sim.sequenceCounter;
    }

    private String nextTime(Sim sim) {
        sim.clock = sim.clock.plusMillis(200 + random.nextInt(90_000)).truncatedTo(ChronoUnit.MILLIS);
        double r = random.nextDouble();
        if (r < 0.8) {
            return MILLIS_Z.format(sim.clock);
        } else if (r < 0.9) {
            return WITH_OFFSET.format(sim.clock);
        } else if (r < 0.95) {
            return SECONDS_Z.format(sim.clock.truncatedTo(ChronoUnit.SECONDS));
        }
        return LOWER_CASE.format(sim.clock);
    }

    private String taskId(Sim sim, int number) {
        return "task_" + sim.id + "_" + number;
    }

    private String currentOrBogusTask(Sim sim, long index) {
        return sim.task != null ? sim.task : "task_bogus_" + index;
    }

    private String otherClusterId(Sim sim) {
        Sim other = sims.get(random.nextInt(sims.size()));
        return other == sim ? sims.get((sims.indexOf(sim) + 1) % sims.size()).id : other.id;
    }

    private Namespace otherNamespace(Namespace namespace) {
        int i = NAMESPACES.indexOf(namespace);
        return NAMESPACES.get((i + 1 + random.nextInt(NAMESPACES.size() - 1)) % NAMESPACES.size());
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private GeneratedRecord record(long index, String key, byte[] value, Outcome expected, String kind) {
        kindCounts.merge(kind, 1, Integer::sum);
        return new GeneratedRecord(index, key, value, expected, kind);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return utf8(text(node));
    }
}
