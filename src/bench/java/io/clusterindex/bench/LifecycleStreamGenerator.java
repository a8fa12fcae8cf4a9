package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.fold.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic, synthetic {@code cluster-events} stream that looks like live traffic (events.md): {@code N}
 * events over {@code C} clusters in a few namespaces and organizations. Each cluster is created with a realistic
 * configuration, gets a few {@code cluster.updated} merge patches and one to three execution cycles (started, then
 * mostly completed, sometimes failed or canceled; now and then one still running), and about 5% are deleted.
 * Clusters are interleaved by the time of their events, as a broker would see them. On top of that, about 0.5% of
 * the records are byte-identical re-sends of a recent event (skipped as duplicates) and about 0.2% are bad records
 * (dead-lettered), so every path of the topology is exercised.
 *
 * <p>The same arguments always give the same bytes in the same order, and exactly {@link #events()} records.
 * Memory: about 8 bytes per event plus 8 bytes per cluster; the JSON is rendered lazily in {@link #generate}.
 */
public final class LifecycleStreamGenerator {
    public static final int DEFAULT_NAMESPACES = 20;
    public static final int DEFAULT_ORGANIZATIONS = 4;
    public static final double DUPLICATE_RATE = 0.005;
    public static final double BAD_RATE = 0.002;
    public static final double DELETE_RATE = 0.05;

    /** What a generated record is meant to be. */
    public enum Kind {
        /** A new event of its cluster, to be applied. */
        VALID,
        /** A byte-identical re-send of an earlier event: skipped by the sequence rule. */
        DUPLICATE,
        /** A record the indexer must dead-letter. */
        BAD
    }

    /** Receives the records in stream order. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] key, byte[] value, Kind kind);
    }

    /** What {@link #generate} produced. */
    public record Report(long records, long valid, long duplicates, long bad, long keyBytes, long valueBytes,
                         int minValueBytes, int maxValueBytes, Map<String, Long> validByType,
                         Map<String, Long> badByExpectedCode) {
        public double averageValueBytes() {
            return records == 0 ? 0 : (double) valueBytes / records;
        }
    }

    static final Instant STREAM_START = Instant.parse("2026-11-02T00:00:00Z");
    private static final long WINDOW_MS = 7L * 24 * 3600 * 1000;
    private static final int MAX_EVENTS_PER_CLUSTER = 4095;
    private static final int RECENT = 4096;

    private static final byte CREATED = 0;
    private static final byte UPDATED = 1;
    private static final byte STARTED = 2;
    private static final byte COMPLETED = 3;
    private static final byte FAILED = 4;
    private static final byte CANCELED = 5;
    private static final byte DELETED = 6;
    private static final String[] TYPE_NAMES = {"cluster.created", "cluster.updated", "cluster.execution.started",
        "cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted"};

    private static final long SALT_COUNTS = 0x1f2e3d4c5b6a7988L;
    private static final long SALT_PLAN = 0x6a09e667f3bcc908L;
    private static final long SALT_EVENT = 0xbb67ae8584caa73bL;
    private static final long SALT_CONFIG = 0x3c6ef372fe94f82bL;
    private static final long SALT_IDS = 0xa54ff53a5f1d36f1L;
    private static final long SALT_STREAM = 0x510e527fade682d1L;

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

    private final long events;
    private final int clusters;
    private final long seed;
    private final long valid;
    private final long duplicates;
    private final long bad;
    private final String[] namespaceIds;
    private final String[] organizationIds;
    private final int[] clusterNamespace;
    private final byte[] updates;
    private final byte[] cycles;
    /** bit 0: a last execution still running; bit 1: deleted at the end. */
    private final byte[] flags;
    private final long[] order;
    private final int clusterBits;
    private final int ordinalBits;
    private final int timeShift;
    private final long[] plannedByType = new long[TYPE_NAMES.length];

    public LifecycleStreamGenerator(long events, int clusters, long seed) {
        this(events, clusters, DEFAULT_NAMESPACES, DEFAULT_ORGANIZATIONS, seed);
    }

    /**
     * Plans the stream; the records are rendered by {@link #generate}.
     *
     * @throws IllegalArgumentException if the valid events (events minus duplicates and bad records) cannot give
     *                                  each cluster its creation event, or would need more than 4095 per cluster
     */
    public LifecycleStreamGenerator(long events, int clusters, int namespaces, int organizations, long seed) {
        if (clusters < 1 || namespaces < 1 || organizations < 1 || organizations > namespaces) {
            throw new IllegalArgumentException("need clusters >= 1 and 1 <= organizations <= namespaces");
        }
        this.events = events;
        this.clusters = clusters;
        this.seed = seed;
        this.duplicates = Math.round(events * DUPLICATE_RATE);
        this.bad = Math.round(events * BAD_RATE);
        this.valid = events - duplicates - bad;
        if (valid < clusters) {
            throw new IllegalArgumentException("--events " + events + " leaves " + valid + " valid events (after "
                    + duplicates + " duplicates and " + bad + " bad records): need at least one per cluster ("
                    + clusters + ")");
        }
        if (valid > (long) clusters * (MAX_EVENTS_PER_CLUSTER - 8)) {
            throw new IllegalArgumentException("too many events per cluster: use more clusters");
        }
        this.namespaceIds = new String[namespaces];
        this.organizationIds = new String[namespaces];
        for (int n = 0; n < namespaces; n++) {
            namespaceIds[n] = "ns_" + hex(mix(SALT_IDS ^ seed, 1_000_000_000L + n)).substring(0, 12);
            organizationIds[n] = "org_" + hex(mix(SALT_IDS ^ seed, 2_000_000_000L + n % organizations))
                    .substring(0, 8);
        }
        this.clusterNamespace = new int[clusters];
        this.updates = new byte[clusters];
        this.cycles = new byte[clusters];
        this.flags = new byte[clusters];
        planCounts(namespaces);
        this.clusterBits = Math.max(1, 64 - Long.numberOfLeadingZeros(clusters - 1L));
        int longest = 1;
        for (int c = 0; c < clusters; c++) {
            longest = Math.max(longest, length(c));
        }
        this.ordinalBits = Math.max(1, 64 - Long.numberOfLeadingZeros(longest - 1L));
        this.order = new long[Math.toIntExact(valid)];
        int timeBits = 63 - clusterBits - ordinalBits;
        long maxTime = 0;
        int next = 0;
        Plan[] plans = new Plan[clusters];
        for (int c = 0; c < clusters; c++) {
            Plan plan = plan(c);
            maxTime = Math.max(maxTime, plan.times[plan.length - 1]);
            plans[c] = plan;
        }
        int shift = 0;
        while ((maxTime >>> shift) >= (1L << timeBits)) {
            shift++;
        }
        this.timeShift = shift;
        for (int c = 0; c < clusters; c++) {
            Plan plan = plans[c];
            plans[c] = null;
            for (int j = 0; j < plan.length; j++) {
                order[next++] = ((plan.times[j] >>> shift) << (clusterBits + ordinalBits))
                        | ((long) c << ordinalBits) | j;
                plannedByType[plan.types[j]]++;
            }
        }
        if (next != valid) {
            throw new IllegalStateException("planned " + next + " valid events instead of " + valid);
        }
        Arrays.sort(order);
    }

    public long events() {
        return events;
    }

    public int clusters() {
        return clusters;
    }

    public long validEvents() {
        return valid;
    }

    public long duplicateEvents() {
        return duplicates;
    }

    public long badEvents() {
        return bad;
    }

    public int namespaces() {
        return namespaceIds.length;
    }

    /** Planned valid events per event type. */
    public Map<String, Long> validEventsByType() {
        Map<String, Long> byType = new LinkedHashMap<>();
        for (int t = 0; t < TYPE_NAMES.length; t++) {
            byType.put(TYPE_NAMES[t], plannedByType[t]);
        }
        return byType;
    }

    /** Renders the whole stream, in order, into {@code sink}. */
    public Report generate(Sink sink) {
        SplittableRandom random = new SplittableRandom(mix(SALT_STREAM, seed));
        long[] recent = new long[RECENT];
        int recentCount = 0;
        long remainingValid = valid;
        long remainingDuplicates = duplicates;
        long remainingBad = bad;
        int nextValid = 0;
        long ghosts = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        int minSize = Integer.MAX_VALUE;
        int maxSize = 0;
        long[] byType = new long[TYPE_NAMES.length];
        Map<String, Long> badCodes = new TreeMap<>();
        for (long i = 0; i < events; i++) {
            long remaining = remainingValid + remainingDuplicates + remainingBad;
            long pick = random.nextLong(remaining);
            byte[] key;
            byte[] value;
            Kind kind;
            if (pick < remainingDuplicates && recentCount > 0) {
                long packed = recent[random.nextInt(Math.min(recentCount, RECENT))];
                int c = clusterOf(packed);
                key = utf8(clusterId(c));
                value = write(eventNode(plan(c), ordinalOf(packed)));
                kind = Kind.DUPLICATE;
                remainingDuplicates--;
            } else if (pick >= remainingDuplicates && pick < remainingDuplicates + remainingBad
                    || remainingValid == 0 && remainingDuplicates == 0) {
                BadRecord badRecord = badRecord(random, recent, recentCount, ghosts++);
                key = badRecord.key;
                value = badRecord.value;
                badCodes.merge(badRecord.expectedCode, 1L, Long::sum);
                kind = Kind.BAD;
                remainingBad--;
            } else if (remainingValid > 0) {
                long packed = order[nextValid++];
                int c = clusterOf(packed);
                int j = ordinalOf(packed);
                Plan plan = plan(c);
                key = utf8(clusterId(c));
                value = write(eventNode(plan, j));
                byType[plan.types[j]]++;
                recent[recentCount % RECENT] = packed;
                recentCount++;
                kind = Kind.VALID;
                remainingValid--;
            } else {
                // only duplicates left and nothing sent yet: impossible, since valid >= clusters >= 1
                throw new IllegalStateException("no event to duplicate");
            }
            keyBytes += key.length;
            valueBytes += value.length;
            minSize = Math.min(minSize, value.length);
            maxSize = Math.max(maxSize, value.length);
            sink.accept(key, value, kind);
        }
        Map<String, Long> validByType = new LinkedHashMap<>();
        for (int t = 0; t < TYPE_NAMES.length; t++) {
            validByType.put(TYPE_NAMES[t], byType[t]);
        }
        return new Report(events, valid - remainingValid, duplicates - remainingDuplicates, bad - remainingBad,
                keyBytes, valueBytes, events == 0 ? 0 : minSize, maxSize, Collections.unmodifiableMap(validByType),
                Collections.unmodifiableMap(badCodes));
    }

    // ---------------------------------------------------------------- planning

    /** Draws each cluster's natural life, then trims or extends lives until the valid events add up exactly. */
    private void planCounts(int namespaces) {
        SplittableRandom random = new SplittableRandom(mix(SALT_COUNTS, seed));
        double[] cumulative = new double[namespaces];
        double total = 0;
        for (int n = 0; n < namespaces; n++) {
            total += 1.0 / Math.pow(n + 1, 0.7);
            cumulative[n] = total;
        }
        long sum = 0;
        for (int c = 0; c < clusters; c++) {
            double x = random.nextDouble() * total;
            int n = 0;
            while (n < namespaces - 1 && cumulative[n] < x) {
                n++;
            }
            clusterNamespace[c] = n;
            double u = random.nextDouble();
            updates[c] = (byte) (u < 0.40 ? 0 : u < 0.70 ? 1 : u < 0.90 ? 2 : 3);
            double k = random.nextDouble();
            cycles[c] = (byte) (k < 0.55 ? 1 : k < 0.85 ? 2 : 3);
            int f = 0;
            if (random.nextDouble() < 0.08) {
                f |= 1;
            }
            if (random.nextDouble() < DELETE_RATE) {
                f |= 2;
            }
            flags[c] = (byte) f;
            sum += length(c);
        }
        int[] sweep = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            sweep[c] = c;
        }
        for (int c = clusters - 1; c > 0; c--) {
            int other = random.nextInt(c + 1);
            int tmp = sweep[c];
            sweep[c] = sweep[other];
            sweep[other] = tmp;
        }
        boolean allowUndelete = false;
        while (sum != valid) {
            long before = sum;
            for (int s = 0; s < clusters && sum != valid; s++) {
                int c = sweep[s];
                sum += sum > valid ? shrink(c, sum - valid, random, allowUndelete) : grow(c, valid - sum, random);
            }
            if (sum == before) {
                if (allowUndelete) {
                    throw new IllegalStateException("cannot fit " + valid + " events over " + clusters + " clusters");
                }
                allowUndelete = true;
            }
        }
    }

    /** Removes one or two events from cluster {@code c} (never more than {@code excess}); returns minus that. */
    private int shrink(int c, long excess, SplittableRandom random, boolean allowUndelete) {
        boolean running = (flags[c] & 1) != 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            switch (random.nextInt(3)) {
                case 0:
                    if (updates[c] > 0) {
                        updates[c]--;
                        return -1;
                    }
                    break;
                case 1:
                    if (cycles[c] > 1 && excess >= 2) {
                        cycles[c]--;
                        return -2;
                    }
                    if (cycles[c] > 1 && !running) {
                        cycles[c]--;
                        flags[c] |= 1;
                        return -1;
                    }
                    break;
                default:
                    if (running) {
                        flags[c] &= ~1;
                        return -1;
                    }
                    break;
            }
        }
        if (cycles[c] > 0 && updates[c] == 0 && !running && (cycles[c] > 1 || excess >= 2)) {
            cycles[c]--;
            return -2;
        }
        if (cycles[c] == 1 && !running && updates[c] == 0) {
            cycles[c] = 0;
            flags[c] |= 1;
            return -1;
        }
        if (allowUndelete && (flags[c] & 2) != 0) {
            flags[c] &= ~2;
            return -1;
        }
        return 0;
    }

    /** Adds one or two events to cluster {@code c} (never more than {@code missing}); returns that. */
    private int grow(int c, long missing, SplittableRandom random) {
        if (length(c) + 2 > MAX_EVENTS_PER_CLUSTER) {
            return 0;
        }
        if (missing >= 2 && random.nextInt(3) != 0) {
            cycles[c]++;
            return 2;
        }
        updates[c]++;
        return 1;
    }

    private int length(int c) {
        return 1 + updates[c] + 2 * cycles[c] + (flags[c] & 1) + ((flags[c] >> 1) & 1);
    }

    /** The life of one cluster: event types, times (ms after {@link #STREAM_START}), sequences, cycle numbers. */
    private static final class Plan {
        final int cluster;
        final int length;
        final byte[] types;
        final long[] times;
        final long[] sequences;
        final int[] cycleNumbers;

        Plan(int cluster, int length) {
            this.cluster = cluster;
            this.length = length;
            this.types = new byte[length];
            this.times = new long[length];
            this.sequences = new long[length];
            this.cycleNumbers = new int[length];
        }
    }

    private Plan plan(int c) {
        SplittableRandom random = new SplittableRandom(mix(SALT_PLAN ^ seed, c));
        int u = updates[c];
        int k = cycles[c];
        boolean running = (flags[c] & 1) != 0;
        boolean deleted = (flags[c] & 2) != 0;
        Plan plan = new Plan(c, length(c));
        byte[] tokens = new byte[u + k];
        Arrays.fill(tokens, 0, u, UPDATED);
        Arrays.fill(tokens, u, u + k, STARTED);
        for (int i = tokens.length - 1; i > 0; i--) {
            int other = random.nextInt(i + 1);
            byte tmp = tokens[i];
            tokens[i] = tokens[other];
            tokens[other] = tmp;
        }
        long time = (long) (random.nextDouble() * WINDOW_MS);
        long sequence = 1;
        int n = 0;
        int cycle = 0;
        plan.types[n] = CREATED;
        plan.times[n] = time;
        plan.sequences[n++] = sequence;
        for (byte token : tokens) {
            sequence += random.nextInt(50) == 0 ? 2 : 1;
            if (token == UPDATED) {
                time += gap(random, 3 * 3600_000L);
                plan.types[n] = UPDATED;
                plan.times[n] = time;
                plan.sequences[n++] = sequence;
                continue;
            }
            cycle++;
            time += gap(random, 40 * 60_000L);
            plan.types[n] = STARTED;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
            double outcome = random.nextDouble();
            byte terminal = outcome < 0.85 ? COMPLETED : outcome < 0.95 ? FAILED : CANCELED;
            // execution time: log-normal around ~5 minutes, 5 s .. 6 h
            double seconds = Math.min(6 * 3600.0, Math.max(5.0, Math.exp(5.7 + 1.1 * random.nextGaussian())));
            if (terminal == CANCELED) {
                seconds *= random.nextDouble();
            }
            time += Math.max(1, (long) (seconds * 1000));
            sequence += random.nextInt(50) == 0 ? 2 : 1;
            plan.types[n] = terminal;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
        }
        if (running) {
            cycle++;
            time += gap(random, 40 * 60_000L);
            sequence++;
            plan.types[n] = STARTED;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
        }
        if (deleted) {
            time += gap(random, 24 * 3600_000L);
            sequence++;
            plan.types[n] = DELETED;
            plan.times[n] = time;
            plan.sequences[n++] = sequence;
        }
        if (n != plan.length) {
            throw new IllegalStateException("plan of cluster " + c + " has " + n + " events, not " + plan.length);
        }
        return plan;
    }

    /** An exponential gap of the given mean, at least one second. */
    private static long gap(SplittableRandom random, long meanMs) {
        return 1000 + (long) (-Math.log(1.0 - random.nextDouble()) * meanMs);
    }

    private int clusterOf(long packed) {
        return (int) ((packed >>> ordinalBits) & ((1L << clusterBits) - 1));
    }

    private int ordinalOf(long packed) {
        return (int) (packed & ((1L << ordinalBits) - 1));
    }

    // ---------------------------------------------------------------- rendering

    String clusterId(int c) {
        return "clust_" + hex(mix(SALT_IDS ^ seed, c));
    }

    private String eventId(int c, int ordinal) {
        return "evt_" + hex(mix(SALT_EVENT ^ seed, (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + ordinal));
    }

    private String taskId(int c, int cycle) {
        return "task_" + hex(mix(SALT_EVENT ^ ~seed, (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + cycle));
    }

    private ObjectNode envelope(String eventId, String type, String clusterId, int namespace, long sequence,
                                long timeMs) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("event_id", eventId);
        node.put("event_type", type);
        node.put("cluster_id", clusterId);
        node.put("namespace_id", namespaceIds[namespace]);
        node.put("organization_id", organizationIds[namespace]);
        node.put("sequence", sequence);
        node.put("occurred_at", Timestamps.format(STREAM_START.plusMillis(timeMs)));
        return node;
    }

    private ObjectNode eventNode(Plan plan, int j) {
        int c = plan.cluster;
        byte type = plan.types[j];
        ObjectNode node = envelope(eventId(c, j), TYPE_NAMES[type], clusterId(c), clusterNamespace[c],
                plan.sequences[j], plan.times[j]);
        SplittableRandom random = new SplittableRandom(mix(SALT_EVENT ^ seed ^ 0x5bd1e995L,
                (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + j));
        ObjectNode data = node.putObject("data");
        switch (type) {
            case CREATED -> creation(c, data);
            case UPDATED -> patch(random, data);
            case STARTED -> {
                data.put("task_id", taskId(c, plan.cycleNumbers[j]));
                data.put("trigger", random.nextInt(4) == 0 ? "manual" : "schedule");
                data.put("requested_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
                data.put("worker_pool", WORKERS[random.nextInt(WORKERS.length)]);
                data.put("pipeline_version", "2026.11." + random.nextInt(1, 30));
                data.put("estimated_documents", documents(random));
                data.put("input_snapshot_id", "snap_" + hex(random.nextLong()));
                data.put("priority", random.nextInt(5) == 0 ? "high" : "normal");
            }
            case COMPLETED -> completion(random, plan, j, data);
            case FAILED -> {
                data.put("task_id", taskId(c, plan.cycleNumbers[j]));
                if (random.nextBoolean()) {
                    ArrayNode errors = data.putArray("llm_labeling_errors");
                    errors.addObject().put("cluster_index", random.nextInt(40))
                            .put("error", "rate limited by the labeling model after 5 retries");
                }
                data.put("failure_reason", random.nextBoolean() ? "worker lost (preempted spot instance)"
                        : "input collection snapshot expired before the run finished");
            }
            case CANCELED -> {
                data.put("task_id", taskId(c, plan.cycleNumbers[j]));
                data.put("canceled_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
                data.put("reason", random.nextBoolean() ? "superseded by a newer run"
                        : "configuration changed while running");
            }
            case DELETED -> {
                data.put("deleted_by", PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com");
                data.put("reason", random.nextBoolean() ? "no longer needed" : "replaced by a new cluster");
            }
            default -> throw new IllegalStateException("type " + type);
        }
        return node;
    }

    private void creation(int c, ObjectNode data) {
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
    private static void patch(SplittableRandom random, ObjectNode data) {
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

    private void completion(SplittableRandom random, Plan plan, int j, ObjectNode data) {
        int c = plan.cluster;
        data.put("task_id", taskId(c, plan.cycleNumbers[j]));
        int clustersFound = random.nextInt(2, 80);
        data.put("num_clusters", clustersFound);
        data.put("num_documents_clustered", documents(random));
        data.put("execution_time_seconds", (plan.times[j] - plan.times[j - 1]) / 1000.0);
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
                relations.addObject().put("parent", clusterId(c)).put("child", child)
                        .put("similarity", Math.round(random.nextDouble(0.5, 1.0) * 1000) / 1000.0);
            }
        }
    }

    /** Documents in a run: log-normal around 20,000, from 50 to 5,000,000. */
    private static long documents(SplittableRandom random) {
        return Math.min(5_000_000L, Math.max(50L, (long) Math.exp(9.9 + 1.5 * random.nextGaussian())));
    }

    // ---------------------------------------------------------------- bad records

    private record BadRecord(byte[] key, byte[] value, String expectedCode) {
    }

    private BadRecord badRecord(SplittableRandom random, long[] recent, int recentCount, long ghost) {
        int kind = random.nextInt(8);
        if (recentCount == 0 && kind < 5) {
            kind = 5 + random.nextInt(3);
        }
        if (kind >= 5) {
            String ghostId = "clust_ghost_" + hex(mix(SALT_IDS ^ ~seed, ghost)).substring(0, 12);
            int namespace = random.nextInt(namespaceIds.length);
            ObjectNode node = envelope("evt_bad_" + ghost, kind == 5 ? TYPE_NAMES[STARTED] : TYPE_NAMES[CREATED],
                    ghostId, namespace, 1, random.nextLong(WINDOW_MS));
            ObjectNode data = node.putObject("data");
            if (kind == 5) {
                data.put("task_id", "task_ghost_" + ghost);
                return new BadRecord(utf8(ghostId), write(node), "UNKNOWN_CLUSTER");
            }
            creation((int) (ghost % clusters), data);
            if (kind == 6) {
                data.put("cluster_type", "graph");
            } else {
                data.putArray("input_collections");
            }
            return new BadRecord(utf8(ghostId), write(node), "INVALID_DATA");
        }
        long packed = recent[random.nextInt(Math.min(recentCount, RECENT))];
        int c = clusterOf(packed);
        ObjectNode node = eventNode(plan(c), ordinalOf(packed));
        node.put("event_id", "evt_bad_" + ghost);
        byte[] key = utf8(clusterId(c));
        switch (kind) {
            case 0 -> {
                byte[] full = write(node);
                return new BadRecord(key, Arrays.copyOf(full, full.length / 2), "MALFORMED_JSON");
            }
            case 1 -> {
                byte[] full = write(node);
                int at = full.length / 3;
                full[at] = (byte) 0xC3;
                full[at + 1] = (byte) 0x28;
                return new BadRecord(key, full, "MALFORMED_JSON");
            }
            case 2 -> {
                long otherPacked = recent[random.nextInt(Math.min(recentCount, RECENT))];
                String other = clusterId(clusterOf(otherPacked));
                if (other.equals(clusterId(c))) {
                    node.remove("occurred_at");
                } else {
                    key = utf8(other);
                }
                return new BadRecord(key, write(node), "INVALID_ENVELOPE");
            }
            case 3 -> {
                node.put("sequence", 0);
                return new BadRecord(key, write(node), "INVALID_ENVELOPE");
            }
            default -> {
                node.put("event_type", "cluster.archived");
                return new BadRecord(key, write(node), "UNKNOWN_EVENT_TYPE");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** SplitMix64's finalizer of {@code salt * golden + value}: a bijection of {@code value} for a fixed salt. */
    static long mix(long salt, long value) {
        long z = salt * 0x9e3779b97f4a7c15L + value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
