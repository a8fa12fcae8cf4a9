package io.clusterindex.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The JSON of generated events: envelopes with {@code occurred_at} in the formats producers send (canonical
 * RFC 3339, with or without milliseconds, with an offset, with a lower-case {@code t} and {@code z}), and realistic
 * {@code data} for every event type (configurations, merge patches, runs and their results). Deterministic: the same
 * seed, cluster and random state give the same bytes.
 */
final class EventRenderer {
    /** How {@code occurred_at} is written. */
    enum TimeFormat {
        /** ISO-8601 instants as {@code fold.Timestamps} formats them: what the indexer itself writes. */
        CANONICAL,
        MILLIS_Z,
        SECONDS_Z,
        WITH_OFFSET,
        LOWER_CASE_T_AND_Z
    }

    private static final long SALT_CONFIG = 0x3c6ef372fe94f82bL;
    private static final DateTimeFormatter MILLIS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOWER_CASE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd't'HH:mm:ss.SSS'z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WITH_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.ofHours(2));

    private static final String[] TEAMS = {"search", "growth", "support-analytics", "fraud", "catalog",
        "ml-platform", "marketing", "risk", "content", "data-quality", "sales-ops", "trust-safety"};
    private static final String[] PEOPLE = {"alice", "bruno", "chen", "dana", "emeka", "farah", "gustav", "hana",
        "ivan", "jules", "keiko", "lena", "mateo", "nora", "omar", "priya", "quentin", "rosa", "sven", "tariq"};
    private static final String[] SUBJECTS = {"support_tickets", "product_reviews", "news_articles",
        "chat_transcripts", "bug_reports", "invoices", "call_notes", "survey_answers", "job_postings",
        "legal_clauses", "app_store_reviews", "incident_reports"};
    private static final String[] ASPECTS = {"by topic", "by intent", "by sentiment", "by product area",
        "by root cause", "by language", "weekly themes", "escalations", "churn signals", "duplicates"};
    private static final String[] EMBEDDINGS = {"text-embedding-3-large", "text-embedding-3-small",
        "bge-m3", "e5-large-v2"};
    private static final String[] TEXT_FIELDS = {"title", "body", "summary", "subject", "comments"};
    private static final String[] ATTRIBUTES = {"product", "severity", "region", "channel", "plan", "language",
        "category", "customer_tier"};
    private static final String[] LLM_MODELS = {"gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-8b-instruct"};
    private static final String[] WORKERS = {"batch-a", "batch-b", "gpu-pool-1", "gpu-pool-2", "spot-pool"};

    private final long seed;
    private final IntFunction<String> parentIds;

    /** @param parentIds the id of cluster {@code c}, named as the parent in hierarchy relationships */
    EventRenderer(long seed, IntFunction<String> parentIds) {
        this.seed = seed;
        this.parentIds = parentIds;
    }

    static ObjectNode envelope(String eventId, String type, String clusterId, Namespace namespace, long sequence,
                               String occurredAt) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("event_id", eventId);
        node.put("event_type", type);
        node.put("cluster_id", clusterId);
        node.put("namespace_id", namespace.id());
        node.put("organization_id", namespace.organizationId());
        node.put("sequence", sequence);
        node.put("occurred_at", occurredAt);
        return node;
    }

    static String occurredAt(Instant time, TimeFormat format) {
        return switch (format) {
            case CANONICAL -> DateTimeFormatter.ISO_INSTANT.format(time);
            case MILLIS_Z -> MILLIS_Z.format(time);
            case SECONDS_Z -> SECONDS_Z.format(time.truncatedTo(ChronoUnit.SECONDS));
            case WITH_OFFSET -> WITH_OFFSET.format(time);
            case LOWER_CASE_T_AND_Z -> LOWER_CASE.format(time);
        };
    }

    /** Mostly milliseconds with {@code Z}, sometimes an offset, whole seconds or lower case. */
    static TimeFormat mixedFormat(SplittableRandom random) {
        double r = random.nextDouble();
        return r < 0.8 ? TimeFormat.MILLIS_Z : r < 0.9 ? TimeFormat.WITH_OFFSET : r < 0.95 ? TimeFormat.SECONDS_Z
                : TimeFormat.LOWER_CASE_T_AND_Z;
    }

    private String parentId(int c) {
        return parentIds.apply(c);
    }

    /** Fills a {@code cluster.created}'s {@code data} with cluster {@code c}'s configuration (the same every time). */
    void creation(int c, ObjectNode data) {
        SplittableRandom random = new SplittableRandom(mix(SALT_CONFIG ^ seed, c));
        String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
        boolean vector = random.nextInt(5) != 0;
        data.put("cluster_name", capitalize(subject.replace('_', ' ')) + " " + ASPECTS[random.nextInt(ASPECTS.length)]
                + " #" + random.nextInt(1, 10_000));
        data.put("cluster_type", vector ? "vector" : "attribute");
        ArrayNode inputs = data.putArray("input_collections");
        int inputCount = random.nextInt(1, 4);
        for (int i = 0; i < inputCount; i++) {
            inputs.add("col_" + subject + "_" + hex(random.nextLong()).substring(0, 8));
        }
        ArrayNode buckets = data.putArray("source_bucket_ids");
        for (int i = random.nextInt(0, 3); i > 0; i--) {
            buckets.add("bkt_" + hex(random.nextLong()).substring(0, 10));
        }
        ObjectNode filters = data.putObject("filters");
        filters.put("language", random.nextInt(3) == 0 ? "de" : "en");
        filters.put("created_after", "2026-" + String.format(Locale.ROOT, "%02d", random.nextInt(1, 11)) + "-01");
        if (random.nextBoolean()) {
            filters.putArray("status").add("open").add("pending");
        }
        if (vector) {
            ArrayNode features = data.putArray("feature_uris");
            String model = EMBEDDINGS[random.nextInt(EMBEDDINGS.length)];
            int featureCount = random.nextInt(1, 3);
            for (int i = 0; i < featureCount; i++) {
                features.add("features://embeddings/" + model + "/" + TEXT_FIELDS[(i + c) % TEXT_FIELDS.length]);
            }
            if (featureCount > 1) {
                data.put("multi_feature_strategy", random.nextBoolean() ? "concat" : "weighted_mean");
            }
        } else {
            ArrayNode attributes = data.putArray("clustered_attributes");
            int attributeCount = random.nextInt(1, 4);
            for (int i = 0; i < attributeCount; i++) {
                attributes.add(ATTRIBUTES[(c + i) % ATTRIBUTES.length]);
            }
            data.put("aggregation_method", random.nextBoolean() ? "mode" : "mean");
        }
        data.put("hierarchical_grouping", random.nextInt(4) == 0);
        ArrayNode outputNames = data.putArray("output_collection_names");
        outputNames.add(subject + "_clusters_" + random.nextInt(100));
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
                    .put("max_labels_per_cluster", random.nextInt(1, 6))
                    .put("prompt_template", "Name the common theme of these " + subject.replace('_', ' ')
                            + " in at most five words.");
        }
        ObjectNode metadata = data.putObject("metadata");
        metadata.put("team", TEAMS[random.nextInt(TEAMS.length)]);
        double env = random.nextDouble();
        metadata.put("env", env < 0.7 ? "prod" : env < 0.9 ? "staging" : "dev");
        metadata.put("owner", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
        metadata.put("cost_center", "cc-" + random.nextInt(1000, 2000));
        if (random.nextBoolean()) {
            metadata.put("ticket", "DATA-" + random.nextInt(100, 9999));
        }
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
                params.put("cluster_selection_method", random.nextBoolean() ? "eom" : "leaf");
            }
            case 1 -> {
                data.put("algorithm", "kmeans");
                params = data.putObject("algorithm_params");
                params.put("n_clusters", random.nextInt(4, 120));
                params.put("max_iter", 300);
                params.put("n_init", 10);
                params.put("random_state", random.nextInt(1000));
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

    /** One to three merge patches of the configuration, as an operator or a backend would send them. */
    static void patch(SplittableRandom random, ObjectNode data) {
        int parts = random.nextInt(10) < 5 ? 1 : random.nextInt(10) < 7 ? 2 : 3;
        int done = 0;
        while (Integer.bitCount(done) < parts) {
            int part = random.nextInt(7);
            if ((done & (1 << part)) != 0) {
                continue;
            }
            done |= 1 << part;
            switch (part) {
                case 0 -> object(data, "metadata")
                        .put("owner", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com")
                        .put("reviewed", true)
                        .put("reviewed_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
                case 1 -> data.put("cluster_name", capitalize(SUBJECTS[random.nextInt(SUBJECTS.length)]
                        .replace('_', ' ')) + " " + ASPECTS[random.nextInt(ASPECTS.length)] + " (v"
                        + random.nextInt(2, 9) + ")");
                case 2 -> object(data, "algorithm_params").put("min_cluster_size", random.nextInt(5, 60))
                        .put("min_samples", random.nextInt(1, 15));
                case 3 -> {
                    data.putArray("output_collection_names").add("clusters_" + hex(random.nextLong()).substring(0, 6));
                    data.putArray("output_collection_ids").add("col_" + hex(random.nextLong()).substring(0, 12));
                }
                case 4 -> object(data, "filters").putNull("language")
                        .put("created_after", "2026-" + String.format(Locale.ROOT, "%02d", random.nextInt(1, 11))
                                + "-15");
                case 5 -> {
                    if (random.nextBoolean()) {
                        data.putNull("llm_labeling");
                    } else {
                        data.putObject("llm_labeling").put("enabled", true)
                                .put("model", LLM_MODELS[random.nextInt(LLM_MODELS.length)])
                                .put("max_labels_per_cluster", random.nextInt(1, 6));
                    }
                }
                default -> {
                    object(data, "metadata").put("env", random.nextBoolean() ? "prod" : "staging")
                            .putNull("ticket").put("last_review", "2026-11-" + random.nextInt(10, 29));
                    data.put("hierarchical_grouping", random.nextBoolean());
                }
            }
        }
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    /** The result of a run of cluster {@code c} with task {@code taskId} that took {@code runMillis}. */
    void completion(SplittableRandom random, int c, String taskId, long runMillis, ObjectNode data) {
        data.put("task_id", taskId);
        int clustersFound = random.nextInt(2, 80);
        data.put("num_clusters", clustersFound);
        data.put("num_documents_clustered", documents(random));
        data.put("execution_time_seconds", runMillis / 1000.0);
        data.put("with_errors", random.nextInt(20) == 0);
        data.put("effective_feature_method", random.nextBoolean() ? "concat" : "weighted_mean");
        data.put("learning_quality_score", Math.round(random.nextDouble(0.35, 0.97) * 1000) / 1000.0);
        ObjectNode weights = data.putObject("learned_weights");
        double first = Math.round(random.nextDouble(0.2, 0.8) * 100) / 100.0;
        weights.put(TEXT_FIELDS[c % TEXT_FIELDS.length], first);
        weights.put(TEXT_FIELDS[(c + 1) % TEXT_FIELDS.length], Math.round((1 - first) * 100) / 100.0);
        boolean hierarchy = random.nextInt(5) == 0;
        data.put("hierarchy_detected", hierarchy);
        if (hierarchy) {
            ArrayNode children = data.putArray("child_cluster_ids");
            ArrayNode relations = data.putArray("hierarchy_relationships");
            for (int i = random.nextInt(2, 5); i > 0; i--) {
                String child = "clust_" + hex(random.nextLong());
                children.add(child);
                relations.addObject().put("parent", parentId(c)).put("child", child)
                        .put("similarity", Math.round(random.nextDouble(0.5, 1.0) * 1000) / 1000.0);
            }
        }
    }

    /** Documents in a run: log-normal around 20,000, from 50 to 5,000,000. */
    private static long documents(SplittableRandom random) {
        return Math.min(5_000_000L, Math.max(50L, (long) Math.exp(9.9 + 1.5 * random.nextGaussian())));
    }

    static void started(SplittableRandom random, String taskId, ObjectNode data) {
        data.put("task_id", taskId);
        data.put("trigger", random.nextInt(4) == 0 ? "manual" : "schedule");
        data.put("requested_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
        data.put("worker_pool", WORKERS[random.nextInt(WORKERS.length)]);
        data.put("pipeline_version", "2026.11." + random.nextInt(1, 30));
        data.put("estimated_documents", documents(random));
        data.put("input_snapshot_id", "snap_" + hex(random.nextLong()));
        data.put("priority", random.nextInt(5) == 0 ? "high" : "normal");
    }

    static void failed(SplittableRandom random, String taskId, ObjectNode data) {
        data.put("task_id", taskId);
        if (random.nextBoolean()) {
            ArrayNode errors = data.putArray("llm_labeling_errors");
            errors.addObject().put("cluster_index", random.nextInt(40))
                    .put("error", "rate limited by the labeling model after 5 retries");
        }
        data.put("failure_reason", random.nextBoolean() ? "worker lost (preempted spot instance)"
                : "input collection snapshot expired before the run finished");
    }

    static void canceled(SplittableRandom random, String taskId, ObjectNode data) {
        data.put("task_id", taskId);
        data.put("canceled_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
        data.put("reason", random.nextBoolean() ? "superseded by a newer run" : "configuration changed while running");
    }

    static void deleted(SplittableRandom random, ObjectNode data) {
        data.put("deleted_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
        data.put("reason", random.nextBoolean() ? "no longer needed" : "replaced by a new cluster");
    }

    static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    /** SplitMix64's finalizer of {@code salt * golden + value}: a bijection of {@code value} for a fixed salt. */
    static long mix(long salt, long value) {
        long z = salt * 0x9e3779b97f4a7c15L + value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
