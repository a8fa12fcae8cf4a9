package io.clusterindex.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The data of the API tests and their model, independent of the indexer's code: tenancy records, the lifecycle
 * events of a few hundred clusters (in per-cluster order), and the clusters those events must fold into according
 * to events.md, plus the expected list order, filters and stats computed here.
 */
final class ApiDataSet {
    static final String ORG_A = "org_a";
    static final String ORG_B = "org_b";
    static final String DUPLICATE_NAME = "nightly-embeddings";

    /** The fields of ClusterMetadata, in the order the API writes them. */
    static final List<String> CLUSTER_FIELDS = List.of("cluster_id", "namespace_id", "organization_id",
            "cluster_name", "cluster_type", "input_collections", "source_bucket_ids", "filters", "feature_uris",
            "multi_feature_strategy", "clustered_attributes", "hierarchical_grouping", "aggregation_method",
            "output_collection_ids", "output_collection_names", "algorithm", "algorithm_params", "enrich_source",
            "source_enrichment_config", "llm_labeling", "parent_cluster_id", "metadata", "status", "num_clusters",
            "num_documents_clustered", "execution_time_seconds", "learned_weights", "learning_quality_score",
            "effective_feature_method", "hierarchy_detected", "child_cluster_ids", "hierarchy_relationships",
            "llm_labeling_errors", "last_execution_task_id", "last_executed_at", "completed_at", "created_at",
            "updated_at");

    private static final DateTimeFormatter PLUS_TWO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.ofHours(2));
    private static final Instant BASE = Instant.parse("2025-06-01T00:00:00Z");
    private static final String[] TEAMS = {"search", "ranking", "ads", "Search", null};
    private static final String[] ENVS = {"prod", "dev", "staging", null};
    private static final String[] ALGORITHMS = {"kmeans", "hdbscan", "agglomerative", null};
    private static final String[] WORDS = {"alpha", "Beta", "gamma", "Delta", "epsilon", "zeta", "Eta", "theta"};

    record Namespace(String id, String name, String organizationId) {
    }

    record Event(String key, byte[] value) {
    }

    /** One cluster of the model, mutated while its events are generated. */
    static final class Cluster {
        final String id;
        final String namespaceId;
        final String organizationId;
        boolean live;
        long sequence;
        String name;
        String type;
        List<String> inputCollections;
        String algorithm;
        Integer algorithmK;
        Map<String, Object> metadata;
        String status;
        Integer numClusters;
        Long numDocuments;
        Double executionTime;
        String taskId;
        Instant lastExecutedAt;
        Instant completedAt;
        Instant createdAt;
        Instant updatedAt;
        Instant clock;
        int runs;

        Cluster(String id, Namespace ns) {
            this.id = id;
            this.namespaceId = ns.id();
            this.organizationId = ns.organizationId();
        }

        String team() {
            return (String) metadata.get("team");
        }

        String env() {
            return (String) metadata.get("env");
        }

        /** The ClusterMetadata JSON that events.md gives for this state (normalised through the mapper). */
        JsonNode json() {
            ObjectNode node = Json.NODES.objectNode();
            node.put("cluster_id", id);
            node.put("namespace_id", namespaceId);
            node.put("organization_id", organizationId);
            node.put("cluster_name", name);
            node.put("cluster_type", type);
            ArrayNode inputs = node.putArray("input_collections");
            inputCollections.forEach(inputs::add);
            for (String field : List.of("source_bucket_ids", "filters", "feature_uris", "multi_feature_strategy",
                    "clustered_attributes", "hierarchical_grouping", "aggregation_method")) {
                node.putNull(field);
            }
            node.putArray("output_collection_ids");
            node.putArray("output_collection_names");
            node.put("algorithm", algorithm);
            if (algorithmK == null) {
                node.putNull("algorithm_params");
            } else {
                node.putObject("algorithm_params").put("n_clusters", algorithmK);
            }
            node.put("enrich_source", false);
            node.putNull("source_enrichment_config");
            node.putNull("llm_labeling");
            node.putNull("parent_cluster_id");
            node.set("metadata", Json.MAPPER.valueToTree(metadata));
            node.put("status", status);
            node.put("num_clusters", numClusters);
            node.put("num_documents_clustered", numDocuments);
            node.put("execution_time_seconds", executionTime);
            node.putNull("learned_weights");
            node.putNull("learning_quality_score");
            node.putNull("effective_feature_method");
            node.put("hierarchy_detected", false);
            node.putNull("child_cluster_ids");
            node.putNull("hierarchy_relationships");
            node.putNull("llm_labeling_errors");
            node.put("last_execution_task_id", taskId);
            node.put("last_executed_at", text(lastExecutedAt));
            node.put("completed_at", text(completedAt));
            node.put("created_at", text(createdAt));
            node.put("updated_at", text(updatedAt));
            return normalise(node);
        }

        @Override
        public String toString() {
            return id + "(" + namespaceId + ", " + name + ", " + status + ")";
        }
    }

    /** Running stats as api.md defines them. */
    record Stats(long totalClusters, long totalDocuments, double average, Map<String, Long> byStatus) {
        static Stats of(Collection<Cluster> clusters) {
            long documents = 0;
            Map<String, Long> byStatus = new TreeMap<>();
            for (Cluster c : clusters) {
                documents += c.numDocuments == null ? 0 : c.numDocuments;
                byStatus.merge(c.status, 1L, Long::sum);
            }
            return new Stats(clusters.size(), documents,
                    clusters.isEmpty() ? 0.0 : (double) documents / clusters.size(), byStatus);
        }
    }

    final Random random;
    final String keyA;
    final String keyB;
    final String revocableKeyA;
    final Namespace nsA1 = new Namespace("ns_a1", "prod", ORG_A);
    final Namespace nsA2 = new Namespace("ns_a2", "staging", ORG_A);
    final Namespace nsB1 = new Namespace("ns_b1", "prod", ORG_B);
    final List<Namespace> namespaces = List.of(nsA1, nsA2, nsB1);
    /** Every cluster ever created, by id (deleted ones stay with {@code live == false}). */
    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, List<Event>> eventsByCluster = new LinkedHashMap<>();
    private int eventCounter;
    /** The ns_a1 cluster whose name is the id of an ns_b1 cluster. */
    Cluster nameClashA;
    /** The ns_b1 cluster whose id is the name of {@link #nameClashA}. */
    Cluster nameClashB;

    ApiDataSet(long seed) {
        random = new Random(seed);
        String suffix = Long.toHexString(random.nextLong());
        keyA = "sk_a_" + suffix;
        keyB = "sk_b_" + suffix;
        revocableKeyA = "sk_a_revocable_" + suffix;
        generate(nsA1, 140);
        generate(nsA2, 80);
        generate(nsB1, 110);
        addSpecialClusters();
    }

    String keyOf(String organizationId) {
        return organizationId.equals(ORG_A) ? keyA : keyB;
    }

    List<Cluster> live(String namespaceId) {
        return clusters.values().stream().filter(c -> c.live && c.namespaceId.equals(namespaceId)).toList();
    }

    List<Cluster> live(String namespaceId, Predicate<Cluster> filter, Comparator<Cluster> order) {
        return live(namespaceId).stream().filter(filter).sorted(order).toList();
    }

    Stats stats(String namespaceId) {
        return Stats.of(live(namespaceId));
    }

    /** Events in publishing order: round robin over the clusters, each cluster's events in sequence order. */
    List<Event> events() {
        List<Event> all = new ArrayList<>();
        List<List<Event>> lists = new ArrayList<>(eventsByCluster.values());
        for (int round = 0; ; round++) {
            boolean any = false;
            for (List<Event> list : lists) {
                if (round < list.size()) {
                    all.add(list.get(round));
                    any = true;
                }
            }
            if (!any) {
                return all;
            }
        }
    }

    // ---------------------------------------------------------------- expected order (api.md, "Sort")

    /** Sort by a scalar extracted from the model; missing values last in both directions; ties by id. */
    static <T extends Comparable<? super T>> Comparator<Cluster> order(Function<Cluster, T> key, boolean descending) {
        Comparator<T> values = descending ? Comparator.<T>naturalOrder().reversed() : Comparator.naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(values)).thenComparing(c -> c.id, ApiDataSet::byCodePoint);
    }

    static final Comparator<Cluster> DEFAULT_ORDER = order(c -> c.createdAt, true);

    static final Comparator<Cluster> NAME_ASC = Comparator.<Cluster, String>comparing(c -> c.name, ApiDataSet::byCodePoint)
            .thenComparing(c -> c.id, ApiDataSet::byCodePoint);

    static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    // ---------------------------------------------------------------- generation

    private void generate(Namespace ns, int count) {
        Cluster previous = null;
        for (int i = 0; i < count; i++) {
            Instant created = BASE.plusSeconds(random.nextInt(60 * 86_400)).plusMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(1000));
            if (previous != null && i % 9 == 8) {
                created = previous.createdAt; // a tie on created_at, broken by cluster_id
            }
            String name = WORDS[random.nextInt(WORDS.length)] + "-" + ns.name() + "-" + i;
            Cluster c = create(ns, newId(), name, created);
            lifecycle(c);
            if (random.nextInt(100) < 10) {
                delete(c);
                if (random.nextInt(100) < 35) {
                    recreate(c);
                    if (random.nextBoolean()) {
                        start(c);
                        complete(c, false);
                    }
                }
            }
            if (random.nextInt(100) < 6) {
                replayAnEarlierEvent(c);
            }
            previous = c;
        }
    }

    private void lifecycle(Cluster c) {
        if (random.nextInt(100) < 15) {
            update(c);
        }
        int r = random.nextInt(100);
        if (r < 12) {
            return; // PENDING
        }
        start(c);
        if (r < 22) {
            return; // PROCESSING
        }
        if (r < 67) {
            complete(c, random.nextInt(10) == 0);
        } else if (r < 82) {
            terminal(c, "cluster.execution.failed", "FAILED");
        } else if (r < 88) {
            terminal(c, "cluster.execution.canceled", "CANCELED");
        } else {
            complete(c, false);
            start(c); // a re-run: PROCESSING again, the previous results stay
        }
        if (random.nextInt(100) < 8) {
            update(c);
        }
    }

    private void addSpecialClusters() {
        // several clusters of one name in ns_a1: GET by name answers the most recently created live one
        Instant day = BASE.plus(Duration.ofDays(70));
        Cluster oldest = create(nsA1, newId(), DUPLICATE_NAME, day);
        start(oldest);
        complete(oldest, false);
        Cluster second = create(nsA1, newId(), DUPLICATE_NAME, day.plus(Duration.ofDays(5)));
        Cluster expected = create(nsA1, newId(), DUPLICATE_NAME, day.plus(Duration.ofDays(10)));
        start(expected);
        Cluster newest = create(nsA1, newId(), DUPLICATE_NAME, day.plus(Duration.ofDays(15)));
        delete(newest);
        // the oldest is updated last, so "most recently updated" would pick the wrong one
        oldest.clock = day.plus(Duration.ofDays(30));
        update(oldest);
        second.clock = day.plus(Duration.ofDays(29));
        update(second);
        // the same name elsewhere is newer still, but belongs to other namespaces
        create(nsA2, newId(), DUPLICATE_NAME, day.plus(Duration.ofDays(20)));
        create(nsB1, newId(), DUPLICATE_NAME, day.plus(Duration.ofDays(25)));

        // a cluster of org_a named like the id of a cluster of org_b
        nameClashB = create(nsB1, newId(), "clash-b", BASE.plus(Duration.ofDays(3)));
        nameClashA = create(nsA1, newId(), nameClashB.id, BASE.plus(Duration.ofDays(4)));

        // names that sort differently by UTF-16 unit and by code point (U+FB00 vs U+1D4B3)
        create(nsA1, newId(), "\uFB00-ligature", BASE.plus(Duration.ofDays(6)));
        create(nsA1, newId(), "\uD835\uDCB3-script", BASE.plus(Duration.ofDays(7)));
    }

    private String newId() {
        while (true) {
            StringBuilder id = new StringBuilder("clust_");
            for (int i = 0; i < 10; i++) {
                id.append("0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36)));
            }
            if (!clusters.containsKey(id.toString())) {
                return id.toString();
            }
        }
    }

    private Cluster create(Namespace ns, String id, String name, Instant created) {
        Cluster c = new Cluster(id, ns);
        clusters.put(id, c);
        eventsByCluster.put(id, new ArrayList<>());
        c.clock = created;
        configure(c, name);
        return c;
    }

    /** A cluster.created at the cluster's clock (a first creation or a re-creation after a delete). */
    private void configure(Cluster c, String name) {
        c.live = true;
        c.name = name;
        c.type = random.nextBoolean() ? "vector" : "attribute";
        c.inputCollections = List.of("col_" + random.nextInt(20));
        c.algorithm = ALGORITHMS[random.nextInt(ALGORITHMS.length)];
        c.algorithmK = random.nextInt(3) == 0 ? 2 + random.nextInt(30) : null;
        c.metadata = new TreeMap<>();
        String team = TEAMS[random.nextInt(TEAMS.length)];
        String env = ENVS[random.nextInt(ENVS.length)];
        if (team != null) {
            c.metadata.put("team", team);
        }
        if (env != null) {
            c.metadata.put("env", env);
        }
        c.metadata.put("priority", random.nextInt(5));
        c.status = "PENDING";
        c.numClusters = null;
        c.numDocuments = null;
        c.executionTime = null;
        c.taskId = null;
        c.lastExecutedAt = null;
        c.completedAt = null;
        c.runs = 0;
        c.createdAt = c.clock;
        c.updatedAt = c.clock;

        ObjectNode data = Json.NODES.objectNode();
        data.put("cluster_name", name);
        data.putArray("input_collections").add(c.inputCollections.get(0));
        data.put("cluster_type", c.type);
        if (c.algorithm != null) {
            data.put("algorithm", c.algorithm);
        }
        if (c.algorithmK != null) {
            data.putObject("algorithm_params").put("n_clusters", c.algorithmK);
        }
        data.set("metadata", Json.MAPPER.valueToTree(c.metadata));
        emit(c, "cluster.created", data);
    }

    private void update(Cluster c) {
        advance(c);
        ObjectNode data = Json.NODES.objectNode();
        ObjectNode patch = data.putObject("metadata");
        switch (random.nextInt(3)) {
            case 0 -> {
                patch.putNull("team");
                c.metadata.remove("team");
            }
            case 1 -> {
                String env = ENVS[random.nextInt(ENVS.length - 1)];
                patch.put("env", env);
                c.metadata.put("env", env);
            }
            default -> {
                patch.put("team", "ads");
                c.metadata.put("team", "ads");
            }
        }
        c.updatedAt = c.clock;
        emit(c, "cluster.updated", data);
    }

    private void start(Cluster c) {
        advance(c);
        c.runs++;
        c.taskId = "task_" + c.id + "_" + c.runs;
        c.status = "PROCESSING";
        c.lastExecutedAt = c.clock;
        c.updatedAt = c.clock;
        emit(c, "cluster.execution.started", Json.NODES.objectNode().put("task_id", c.taskId));
    }

    private void complete(Cluster c, boolean withErrors) {
        advance(c);
        c.numClusters = random.nextInt(40);
        c.numDocuments = random.nextInt(8) == 0 ? 0L : (long) random.nextInt(5000);
        c.executionTime = random.nextInt(2000) + 0.25 * (1 + random.nextInt(3));
        c.status = withErrors ? "COMPLETED_WITH_ERRORS" : "COMPLETED";
        c.completedAt = c.clock;
        c.updatedAt = c.clock;
        ObjectNode data = Json.NODES.objectNode()
                .put("task_id", c.taskId)
                .put("num_clusters", c.numClusters)
                .put("num_documents_clustered", c.numDocuments)
                .put("execution_time_seconds", c.executionTime);
        if (withErrors || random.nextBoolean()) {
            data.put("with_errors", withErrors);
        }
        emit(c, "cluster.execution.completed", data);
    }

    private void terminal(Cluster c, String type, String status) {
        advance(c);
        c.status = status;
        c.updatedAt = c.clock;
        emit(c, type, Json.NODES.objectNode().put("task_id", c.taskId));
    }

    private void delete(Cluster c) {
        advance(c);
        c.live = false;
        emit(c, "cluster.deleted", Json.NODES.objectNode());
    }

    private void recreate(Cluster c) {
        advance(c);
        configure(c, "reborn-" + c.id);
    }

    /** Re-sends one of the cluster's earlier events unchanged: a stale sequence, skipped by the indexer. */
    private void replayAnEarlierEvent(Cluster c) {
        List<Event> events = eventsByCluster.get(c.id);
        events.add(events.get(random.nextInt(events.size())));
    }

    private void advance(Cluster c) {
        c.clock = c.clock.plusSeconds(60 + random.nextInt(6 * 3600)).plusMillis(random.nextInt(1000));
    }

    private void emit(Cluster c, String type, ObjectNode data) {
        c.sequence += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0); // gaps are allowed
        ObjectNode envelope = Json.NODES.objectNode();
        envelope.put("event_id", "evt_api_" + (++eventCounter));
        envelope.put("event_type", type);
        envelope.put("cluster_id", c.id);
        envelope.put("namespace_id", c.namespaceId);
        envelope.put("organization_id", c.organizationId);
        envelope.put("sequence", c.sequence);
        // some producers write a local offset: the view must still answer in UTC
        envelope.put("occurred_at", random.nextInt(10) == 0 ? PLUS_TWO.format(c.clock) : c.clock.toString());
        envelope.set("data", data);
        eventsByCluster.get(c.id).add(new Event(c.id, bytes(envelope)));
    }

    // ---------------------------------------------------------------- JSON helpers

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static byte[] bytes(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same JSON with the node types a parse of its text gives (int vs long, and so on). */
    static JsonNode normalise(JsonNode node) {
        try {
            return Json.MAPPER.readTree(bytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
