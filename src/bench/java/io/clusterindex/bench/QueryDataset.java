package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.DevRegistration;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The clusters of the query benchmark: {@code N} clusters of one namespace (the development namespace
 * {@value DevRegistration#NAMESPACE_ID} of {@value DevRegistration#ORGANIZATION}), each published as a short, valid
 * lifecycle on {@code cluster-events}: {@code cluster.created} with a realistic configuration (name made of words,
 * {@code metadata} with team, env, owner, tier, cost center..., algorithm and its parameters), for about 15% one
 * {@code cluster.updated} of the metadata, then for most an execution: started and then completed (with a varied
 * {@code num_documents_clustered}), failed or canceled; a few are still running or never ran.
 *
 * <p>The distributions are chosen so that the benchmark's filters match a realistic share of the namespace (see
 * {@code QueryBenchmark}): status COMPLETED 72%, COMPLETED_WITH_ERRORS 3%, FAILED 8%, CANCELED 2%, PROCESSING 7%,
 * PENDING 8%; {@code created_at} uniform over {@link #CREATED_FROM} .. {@link #CREATED_UNTIL}; subjects and teams
 * skewed (the support-tickets subject is 28% of the names, and half of its clusters belong to the
 * support-analytics team); {@code metadata.priority} skewed low ({@link #priority}, drawn from a stream of its own so
 * that every other value is what it was before the field existed). Deterministic: the same {@code (N, seed)} always
 * gives the same bytes. The {@code draw...} methods draw values from the same distributions, for the benchmark's
 * varied queries.
 */
final class QueryDataset {
    static final String NAMESPACE = DevRegistration.NAMESPACE_ID;
    static final String ORGANIZATION = DevRegistration.ORGANIZATION;
    static final Instant CREATED_FROM = Instant.parse("2026-05-01T00:00:00Z");
    static final Instant CREATED_UNTIL = Instant.parse("2026-11-30T00:00:00Z");

    /** Receives the records in publishing order (the events of one cluster in sequence order). */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] key, byte[] value);
    }

    /** What {@link #generate} published, and the namespace stats the view must reach. */
    record Report(long events, long valueBytes, Map<String, Long> eventsByType, long totalDocuments,
                  Map<String, Long> clustersByStatus) {
        double averageValueBytes() {
            return events == 0 ? 0 : (double) valueBytes / events;
        }
    }

    private static final long SALT_IDS = 0x2545f4914f6cdd1dL;
    private static final long SALT_CLUSTER = 0x9e3779b97f4a7c15L;
    private static final long SALT_EVENT = 0x632be59bd9b4e019L;
    private static final long SALT_PRIORITY = 0xd6e8feb86659fd93L;

    /** The statuses a cluster of the dataset ends in. */
    static final List<String> STATUSES = List.of("COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED", "CANCELED",
            "PROCESSING", "PENDING");
    static final List<String> ALGORITHMS = List.of("hdbscan", "kmeans", "agglomerative", "dbscan");
    static final List<String> ENVS = List.of("prod", "staging", "dev");
    static final int PRIORITY_MAX = 1000;
    /** Priorities people like to type: a share of the clusters carries one of them instead of a drawn number. */
    private static final int[] ROUND_PRIORITIES = {0, 100, 250, 500, 1000};

    /** Subjects of the clusters, with their share of the names and the team that usually owns them. */
    private static final String[] SUBJECTS = {"support tickets", "product reviews", "chat transcripts",
        "bug reports", "news articles", "call notes", "survey answers", "invoices", "app store reviews",
        "incident reports", "job postings", "legal clauses"};
    private static final double[] SUBJECT_WEIGHTS = {28, 14, 10, 9, 8, 7, 6, 5, 5, 4, 2, 2};
    private static final String[] SUBJECT_OWNERS = {"support-analytics", "catalog", "support-analytics",
        "ml-platform", "content", "sales-ops", "growth", "risk", "growth", "trust-safety", "marketing", "risk"};
    private static final String[] ASPECTS = {"by topic", "by intent", "by sentiment", "by product area",
        "by root cause", "by language", "weekly themes", "escalations", "churn signals", "duplicates"};
    private static final String[] TEAMS = {"search", "growth", "support-analytics", "fraud", "catalog",
        "ml-platform", "marketing", "risk", "content", "data-quality", "sales-ops", "trust-safety"};
    private static final double[] TEAM_WEIGHTS = {18, 12, 12, 9, 9, 8, 8, 7, 6, 5, 3, 3};
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final double[] TIER_WEIGHTS = {40, 30, 20, 10};
    private static final String[] PEOPLE = {"alice", "bruno", "chen", "dana", "emeka", "farah", "gustav", "hana",
        "ivan", "jules", "keiko", "lena", "mateo", "nora", "omar", "priya", "quentin", "rosa", "sven", "tariq"};
    private static final String[] EMBEDDINGS = {"text-embedding-3-large", "text-embedding-3-small", "bge-m3",
        "e5-large-v2"};
    private static final String[] TEXT_FIELDS = {"title", "body", "summary", "subject", "comments"};
    private static final String[] ATTRIBUTES = {"product", "severity", "region", "channel", "plan", "language",
        "category", "customer_tier"};
    private static final String[] LLM_MODELS = {"gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-8b-instruct"};
    private static final String[] WORKERS = {"batch-a", "batch-b", "gpu-pool-1", "gpu-pool-2", "spot-pool"};

    private final int clusters;
    private final long seed;
    /** The {@code occurred_at} of the last event {@link #generate} emitted: the cluster's {@code updated_at}. */
    private String lastOccurredAt;

    QueryDataset(int clusters, long seed) {
        if (clusters < 1) {
            throw new IllegalArgumentException("need at least one cluster");
        }
        this.clusters = clusters;
        this.seed = seed;
    }

    int clusters() {
        return clusters;
    }

    String clusterId(int c) {
        return "clust_" + hex(mix(SALT_IDS ^ seed, c));
    }

    /**
     * Renders every cluster's events into {@code sink}, cluster after cluster; {@code finalStates} (may be null)
     * receives each cluster's final state as far as {@link QueryMix} looks at it ({@link QueryMix#facts}).
     */
    Report generate(Sink sink, Consumer<ObjectNode> finalStates) {
        long events = 0;
        long valueBytes = 0;
        long documents = 0;
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        long windowMs = CREATED_UNTIL.toEpochMilli() - CREATED_FROM.toEpochMilli();
        for (int c = 0; c < clusters; c++) {
            SplittableRandom random = new SplittableRandom(mix(SALT_CLUSTER ^ seed, c));
            String id = clusterId(c);
            byte[] key = id.getBytes(StandardCharsets.UTF_8);
            long time = CREATED_FROM.toEpochMilli() + (long) (random.nextDouble() * windowMs);
            int sequence = 0;

            ObjectNode created = envelope(id, c, ++sequence, "cluster.created", time);
            ObjectNode createdData = created.putObject("data");
            creation(random, createdData);
            String createdAt = created.get("occurred_at").textValue();
            ObjectNode metadata = (ObjectNode) createdData.get("metadata");
            metadata.put("priority", priority(new SplittableRandom(mix(SALT_PRIORITY ^ seed, c))));
            valueBytes += emit(sink, key, created, byType);
            events++;

            if (random.nextDouble() < 0.15) {
                time += gapMs(random, 6 * 3600_000L);
                ObjectNode updated = envelope(id, c, ++sequence, "cluster.updated", time);
                ObjectNode patch = updated.putObject("data").putObject("metadata")
                        .put("reviewed_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com")
                        .put("last_review", Timestamps.format(Instant.ofEpochMilli(time)).substring(0, 10));
                metadata = metadata.deepCopy().setAll(patch);
                valueBytes += emit(sink, key, updated, byType);
                events++;
            }

            double outcome = random.nextDouble();
            String status;
            Long clustered = null;
            if (outcome < 0.08) {
                status = "PENDING";
            } else {
                String taskId = "task_" + hex(mix(SALT_EVENT ^ ~seed, c));
                time += gapMs(random, 30 * 60_000L);
                ObjectNode started = envelope(id, c, ++sequence, "cluster.execution.started", time);
                started.putObject("data").put("task_id", taskId)
                        .put("trigger", random.nextInt(4) == 0 ? "manual" : "schedule")
                        .put("requested_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com")
                        .put("worker_pool", WORKERS[random.nextInt(WORKERS.length)]);
                valueBytes += emit(sink, key, started, byType);
                events++;
                double runSeconds = Math.min(6 * 3600.0, Math.max(5.0, Math.exp(5.7 + 1.1 * random.nextGaussian())));
                time += (long) (runSeconds * 1000);
                if (outcome < 0.15) {
                    status = "PROCESSING";
                } else if (outcome < 0.23) {
                    status = "FAILED";
                    ObjectNode failed = envelope(id, c, ++sequence, "cluster.execution.failed", time);
                    ObjectNode data = failed.putObject("data").put("task_id", taskId);
                    if (random.nextBoolean()) {
                        data.putArray("llm_labeling_errors").addObject().put("cluster_index", random.nextInt(40))
                                .put("error", "rate limited by the labeling model after 5 retries");
                    }
                    valueBytes += emit(sink, key, failed, byType);
                    events++;
                } else if (outcome < 0.25) {
                    status = "CANCELED";
                    ObjectNode canceled = envelope(id, c, ++sequence, "cluster.execution.canceled", time);
                    canceled.putObject("data").put("task_id", taskId);
                    valueBytes += emit(sink, key, canceled, byType);
                    events++;
                } else {
                    boolean withErrors = outcome < 0.28;
                    status = withErrors ? "COMPLETED_WITH_ERRORS" : "COMPLETED";
                    ObjectNode completed = envelope(id, c, ++sequence, "cluster.execution.completed", time);
                    long docs = completion(random, c, taskId, runSeconds, withErrors, completed.putObject("data"));
                    documents += docs;
                    clustered = docs;
                    valueBytes += emit(sink, key, completed, byType);
                    events++;
                }
            }
            byStatus.merge(status, 1L, Long::sum);
            if (finalStates != null) {
                finalStates.accept(QueryMix.facts(id, createdData, metadata, status, createdAt, lastOccurredAt,
                        clustered));
            }
        }
        return new Report(events, valueBytes, Collections.unmodifiableMap(byType), documents,
                Collections.unmodifiableMap(byStatus));
    }

    private ObjectNode envelope(String clusterId, int c, int sequence, String type, long timeMs) {
        return envelope("evt_" + hex(mix(SALT_EVENT ^ seed, (long) c * 8 + sequence)),
                clusterId, sequence, type, Instant.ofEpochMilli(timeMs));
    }

    /** An event of the dataset's namespace without its {@code data}. */
    static ObjectNode envelope(String eventId, String clusterId, int sequence, String type, Instant time) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("event_id", eventId);
        node.put("event_type", type);
        node.put("cluster_id", clusterId);
        node.put("namespace_id", NAMESPACE);
        node.put("organization_id", ORGANIZATION);
        node.put("sequence", sequence);
        node.put("occurred_at", Timestamps.format(time));
        return node;
    }

    /** Fills a {@code cluster.created} event's {@code data} with a realistic configuration. */
    static void creation(SplittableRandom random, ObjectNode data) {
        int subject = pick(random, SUBJECT_WEIGHTS);
        String subjectName = SUBJECTS[subject];
        String slug = subjectName.replace(' ', '_');
        boolean vector = random.nextInt(5) != 0;
        data.put("cluster_name", name(subject, random.nextInt(ASPECTS.length), random.nextInt(1, 10_000)));
        data.put("cluster_type", vector ? "vector" : "attribute");
        ArrayNode inputs = data.putArray("input_collections");
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            inputs.add("col_" + slug + "_" + hex(random.nextLong()).substring(0, 8));
        }
        ArrayNode buckets = data.putArray("source_bucket_ids");
        for (int i = random.nextInt(0, 3); i > 0; i--) {
            buckets.add("bkt_" + hex(random.nextLong()).substring(0, 10));
        }
        ObjectNode filters = data.putObject("filters");
        filters.put("language", random.nextInt(3) == 0 ? "de" : "en");
        filters.put("created_after", "2026-" + String.format(Locale.ROOT, "%02d", random.nextInt(1, 11)) + "-01");
        if (vector) {
            ArrayNode features = data.putArray("feature_uris");
            String model = EMBEDDINGS[random.nextInt(EMBEDDINGS.length)];
            int featureCount = random.nextInt(1, 3);
            int first = random.nextInt(TEXT_FIELDS.length);
            for (int i = 0; i < featureCount; i++) {
                features.add("features://embeddings/" + model + "/" + TEXT_FIELDS[(first + i) % TEXT_FIELDS.length]);
            }
            if (featureCount > 1) {
                data.put("multi_feature_strategy", random.nextBoolean() ? "concat" : "weighted_mean");
            }
        } else {
            ArrayNode attributes = data.putArray("clustered_attributes");
            int first = random.nextInt(ATTRIBUTES.length);
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                attributes.add(ATTRIBUTES[(first + i) % ATTRIBUTES.length]);
            }
            data.put("aggregation_method", random.nextBoolean() ? "mode" : "mean");
        }
        data.put("hierarchical_grouping", random.nextInt(4) == 0);
        data.putArray("output_collection_names").add(slug + "_clusters_" + random.nextInt(100));
        algorithm(random, data);
        boolean enrich = random.nextInt(3) == 0;
        data.put("enrich_source", enrich);
        if (enrich) {
            data.putObject("source_enrichment_config").put("write_back_field", "cluster_label")
                    .put("overwrite", false).put("batch_size", 500);
        }
        if (random.nextBoolean()) {
            data.putObject("llm_labeling").put("enabled", true)
                    .put("model", LLM_MODELS[random.nextInt(LLM_MODELS.length)])
                    .put("max_labels_per_cluster", random.nextInt(1, 6));
        }
        ObjectNode metadata = data.putObject("metadata");
        // half of a subject's clusters belong to its usual owner, the rest to any team
        metadata.put("team", random.nextBoolean() ? SUBJECT_OWNERS[subject] : TEAMS[pick(random, TEAM_WEIGHTS)]);
        double env = random.nextDouble();
        metadata.put("env", env < 0.65 ? "prod" : env < 0.90 ? "staging" : "dev");
        metadata.put("owner", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
        metadata.put("tier", TIERS[pick(random, TIER_WEIGHTS)]);
        metadata.put("cost_center", "cc-" + random.nextInt(1000, 2000));
        metadata.put("project", slug.replace('_', '-') + "-" + random.nextInt(1, 40));
        if (random.nextBoolean()) {
            metadata.put("jira", "DATA-" + random.nextInt(100, 9999));
        }
        metadata.put("retention_days", random.nextInt(4) == 0 ? 365 : 90);
    }

    /** A cluster name as the generator makes them: "Support tickets by topic #4821". */
    static String name(int subject, int aspect, int number) {
        String subjectName = SUBJECTS[subject];
        return Character.toUpperCase(subjectName.charAt(0)) + subjectName.substring(1) + " " + ASPECTS[aspect] + " #"
                + number;
    }

    /** A name drawn from the distribution of the dataset's names. */
    static String drawName(SplittableRandom random) {
        return name(pick(random, SUBJECT_WEIGHTS), random.nextInt(ASPECTS.length), random.nextInt(1, 10_000));
    }

    /** A team drawn from the teams' overall weights (a subject's owner is weighted in through the subjects). */
    static String drawTeam(SplittableRandom random) {
        return random.nextBoolean() ? SUBJECT_OWNERS[pick(random, SUBJECT_WEIGHTS)] : TEAMS[pick(random, TEAM_WEIGHTS)];
    }

    static String drawTier(SplittableRandom random) {
        return TIERS[pick(random, TIER_WEIGHTS)];
    }

    /** An instant of the creation window, to the millisecond, uniform as the clusters' {@code created_at}. */
    static Instant drawCreatedAt(SplittableRandom random) {
        return Instant.ofEpochMilli(random.nextLong(CREATED_FROM.toEpochMilli(), CREATED_UNTIL.toEpochMilli()));
    }

    /**
     * A {@code metadata.priority}, 0..{@value #PRIORITY_MAX}, skewed as in a real backlog: most clusters low
     * (exponential, mean 120), 15% on a round value people pick by hand (0, 100, 250, 500, 1000).
     */
    static int priority(SplittableRandom random) {
        if (random.nextInt(100) < 15) {
            return ROUND_PRIORITIES[random.nextInt(ROUND_PRIORITIES.length)];
        }
        return (int) Math.min(PRIORITY_MAX, -Math.log(1.0 - random.nextDouble()) * 120);
    }

    /** A {@code num_documents_clustered} drawn as a completed run's (log-normal around 20,000). */
    static long drawDocuments(SplittableRandom random) {
        return Math.min(5_000_000L, Math.max(50L, (long) Math.exp(9.9 + 1.5 * random.nextGaussian())));
    }

    /**
     * A word of the searchable text the generator writes (cluster names, teams, owners, tiers, projects, jira keys,
     * cost centers, algorithms): 60% a word of the fixed lists, 40% a numbered token with a drawn number.
     */
    static String drawWord(SplittableRandom random) {
        if (random.nextInt(10) < 6) {
            return VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        }
        return switch (random.nextInt(5)) {
            case 0 -> "#" + random.nextInt(1, 10_000);
            case 1 -> "DATA-" + random.nextInt(100, 9999);
            case 2 -> "cc-" + random.nextInt(1000, 2000);
            case 3 -> SUBJECTS[pick(random, SUBJECT_WEIGHTS)].replace(' ', '-') + "-" + random.nextInt(1, 40);
            default -> PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com";
        };
    }

    /** The fixed words of the searchable text, each at least 3 characters. */
    static final List<String> VOCABULARY = vocabulary();

    private static List<String> vocabulary() {
        TreeSet<String> words = new TreeSet<>();
        for (String[] list : new String[][] {SUBJECTS, ASPECTS, TEAMS, PEOPLE, TIERS}) {
            for (String phrase : list) {
                for (String word : phrase.split(" ")) {
                    if (word.length() >= 3) {
                        words.add(word);
                    }
                }
            }
        }
        words.addAll(ALGORITHMS);
        words.addAll(ENVS);
        words.add("example.com");
        return List.copyOf(words);
    }

    /** The aspects of the names that read "by ...": "topic", "root cause", ... */
    static List<String> byAspects() {
        return Arrays.stream(ASPECTS).filter(a -> a.startsWith("by ")).map(a -> a.substring(3)).toList();
    }

    private static void algorithm(SplittableRandom random, ObjectNode data) {
        ObjectNode params;
        switch (random.nextInt(4)) {
            case 0 -> {
                data.put("algorithm", "hdbscan");
                params = data.putObject("algorithm_params");
                params.put("min_cluster_size", random.nextInt(5, 60));
                params.put("min_samples", random.nextInt(1, 15));
                params.put("metric", "cosine");
            }
            case 1 -> {
                data.put("algorithm", "kmeans");
                params = data.putObject("algorithm_params");
                params.put("n_clusters", random.nextInt(4, 120));
                params.put("max_iter", 300);
                params.put("n_init", 10);
            }
            case 2 -> {
                data.put("algorithm", "agglomerative");
                params = data.putObject("algorithm_params");
                params.put("n_clusters", random.nextInt(4, 60));
                params.put("linkage", random.nextBoolean() ? "ward" : "average");
            }
            default -> {
                data.put("algorithm", "dbscan");
                params = data.putObject("algorithm_params");
                params.put("eps", Math.round(random.nextDouble(0.05, 0.6) * 1000) / 1000.0);
                params.put("min_samples", random.nextInt(3, 20));
                params.put("metric", "cosine");
            }
        }
    }

    /** The result of a run; returns its {@code num_documents_clustered}. */
    static long completion(SplittableRandom random, int c, String taskId, double runSeconds,
                                   boolean withErrors,
                                   ObjectNode data) {
        // documents in a run: log-normal around 20,000, from 50 to 5,000,000
        long documents = drawDocuments(random);
        data.put("task_id", taskId);
        data.put("num_clusters", random.nextInt(2, 80));
        data.put("num_documents_clustered", documents);
        data.put("execution_time_seconds", Math.round(runSeconds * 1000) / 1000.0);
        data.put("with_errors", withErrors);
        data.put("effective_feature_method", random.nextBoolean() ? "concat" : "weighted_mean");
        data.put("learning_quality_score", Math.round(random.nextDouble(0.35, 0.97) * 1000) / 1000.0);
        double first = Math.round(random.nextDouble(0.2, 0.8) * 100) / 100.0;
        data.putObject("learned_weights").put(TEXT_FIELDS[c % TEXT_FIELDS.length], first)
                .put(TEXT_FIELDS[(c + 1) % TEXT_FIELDS.length], Math.round((1 - first) * 100) / 100.0);
        data.put("hierarchy_detected", false);
        return documents;
    }

    private long emit(Sink sink, byte[] key, ObjectNode event, Map<String, Long> byType) {
        lastOccurredAt = event.get("occurred_at").textValue();
        byte[] value;
        try {
            value = Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byType.merge(event.get("event_type").textValue(), 1L, Long::sum);
        sink.accept(key, value);
        return value.length;
    }

    private static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** An exponential gap of the given mean, at least one second. */
    private static long gapMs(SplittableRandom random, long meanMs) {
        return 1000 + (long) (-Math.log(1.0 - random.nextDouble()) * meanMs);
    }

    /** SplitMix64's finalizer of {@code salt * golden + value}: a bijection of {@code value} for a fixed salt. */
    private static long mix(long salt, long value) {
        long z = salt * 0x9e3779b97f4a7c15L + value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0000000000000000".substring(digits.length()) + digits;
    }
}
