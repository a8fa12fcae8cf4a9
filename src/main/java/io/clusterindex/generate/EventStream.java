package io.clusterindex.generate;

import static io.clusterindex.generate.EventRenderer.mix;
import static io.clusterindex.generate.EventRenderer.utf8;
import static io.clusterindex.generate.EventRenderer.write;
import static io.clusterindex.generate.LifecyclePlan.CREATED;
import static io.clusterindex.generate.LifecyclePlan.DELETED;
import static io.clusterindex.generate.LifecyclePlan.STARTED;
import static io.clusterindex.generate.LifecyclePlan.TYPE_NAMES;
import static io.clusterindex.generate.LifecyclePlan.WINDOW_MS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.generate.BadRecords.BadKind;
import io.clusterindex.generate.BadRecords.Target;
import io.clusterindex.generate.EventRenderer.TimeFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The generator of {@code cluster-events} traffic that the command line, the tests and the benchmarks share: a
 * deterministic stream
 * of {@code N} records over {@code C} clusters, planned by {@link LifecyclePlan} (which cluster does what), rendered
 * by {@link PlannedEvents} and {@link EventRenderer} (the JSON bytes) and mixed with re-sent events and records of the {@link BadRecords}
 * catalogue, each with the outcome it must get. Since the stream is rendered in order, the generator knows each
 * cluster's state when it places a bad record, so state-dependent kinds (an update of a deleted cluster, a stale
 * task) get the code they must.
 *
 * <p>Three profiles: {@link Profile#DEMO} (every record a valid new event: what {@code generate} writes by default
 * and {@code serve --demo} publishes), {@link Profile#PIPELINE}, the pipeline benchmark's stream (0.5% byte-identical re-sends, 0.2%
 * bad records of eight kinds, canonical timestamps; the same arguments give the same bytes as before the
 * generators were merged, so its figures compare across versions), and {@link Profile#TESTS} (more deletions and
 * re-creations, 4% re-sends, 10% records of every kind of the catalogue including stale ones, every timestamp
 * format, producer headers). Not thread-safe.
 */
public final class EventStream {
    public static final int DEFAULT_NAMESPACES = 20;
    public static final int DEFAULT_ORGANIZATIONS = 4;
    /** The namespaces of the integration tests: two of {@code org_1}, one of {@code org_2}. */
    public static final List<Namespace> TEST_NAMESPACES = List.of(new Namespace("ns_alpha", "org_1"),
            new Namespace("ns_beta", "org_1"), new Namespace("ns_gamma", "org_2"));

    /** The mix of a stream. */
    public record Profile(double duplicateRate, double badRate, double deleteRate, double recreateRate,
                          boolean mixedTimeFormats, boolean producerHeaders, boolean everyBadKind) {
        public static final Profile PIPELINE = new Profile(0.005, 0.002, 0.05, 0, false, false, false);
        public static final Profile TESTS = new Profile(0.04, 0.10, 0.3, 0.4, true, true, true);
        public static final Profile DEMO = new Profile(0, 0, 0.1, 0.2, false, false, false);
    }

    /** What a generated record is meant to be. */
    public enum Kind {
        /** A new event of its cluster, to be applied. */
        VALID,
        /** A byte-identical re-send of an earlier event: skipped by the sequence rule. */
        DUPLICATE,
        /** A record of the bad-record catalogue: dead-lettered, or skipped when stale as well. */
        BAD
    }

    /** Receives the records in stream order. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] key, byte[] value, Kind kind);
    }

    private static final int RECENT = 4096;
    private static final long SALT_STREAM = 0x510e527fade682d1L;

    private final Profile profile;
    private final long events;
    private final long seed;
    private final long duplicates;
    private final long bad;
    private final LifecyclePlan plan;
    private final PlannedEvents planned;
    private SplittableRandom random;
    private final int[] lastOrdinal;
    private final long[] recent = new long[RECENT];
    private final List<String> ghostIds = new ArrayList<>();
    private final EnumSet<BadKind> uncovered = EnumSet.allOf(BadKind.class);
    private final TreeMap<String, Integer> kindCounts = new TreeMap<>();
    private final BadRecords.Context context;
    private int recentCount;
    private long remainingValid;
    private long remainingDuplicates;
    private long remainingBad;
    private int nextValid;
    private long ghosts;
    private long rendered;
    private long index;
    private boolean ended;

    private EventStream(Profile profile, long events, int clusters, List<Namespace> namespaces, long seed) {
        this.profile = profile;
        this.events = events;
        this.seed = seed;
        this.duplicates = Math.round(events * profile.duplicateRate());
        this.bad = Math.round(events * profile.badRate());
        long valid = events - duplicates - bad;
        if (valid < clusters) {
            throw new IllegalArgumentException("--events " + events + " leaves " + valid + " valid events (after "
                    + duplicates + " duplicates and " + bad + " bad records): need at least one per cluster ("
                    + clusters + ")");
        }
        this.plan = new LifecyclePlan(valid, clusters, namespaces, profile.deleteRate(), profile.recreateRate(),
                seed);
        this.planned = new PlannedEvents(plan, seed, profile.mixedTimeFormats());
        this.lastOrdinal = new int[clusters];
        this.context = new StreamContext();
        restart();
    }

    /** Back to the stream's first record. */
    private void restart() {
        random = new SplittableRandom(mix(SALT_STREAM, seed));
        Arrays.fill(lastOrdinal, -1);
        ghostIds.clear();
        uncovered.addAll(EnumSet.allOf(BadKind.class));
        kindCounts.clear();
        recentCount = 0;
        remainingValid = plan.validEvents();
        remainingDuplicates = duplicates;
        remainingBad = bad;
        nextValid = 0;
        ghosts = 0;
        rendered = 0;
        index = 0;
        ended = false;
    }

    /**
     * The pipeline benchmark's stream: {@code events} records over {@code clusters} clusters in {@code namespaces}
     * generated namespaces of {@code organizations} organizations, namespace sizes skewed.
     *
     * @throws IllegalArgumentException if the valid events (events minus re-sends and bad records) cannot give
     *                                  each cluster its creation event, or would need more than 4095 per cluster
     */
    public static EventStream pipeline(long events, int clusters, int namespaces, int organizations, long seed) {
        if (namespaces < 1 || organizations < 1 || organizations > namespaces) {
            throw new IllegalArgumentException("need 1 <= organizations <= namespaces");
        }
        return new EventStream(Profile.PIPELINE, events, clusters,
                PlannedEvents.namespaces(namespaces, organizations, seed), seed);
    }

    /** A stream of the {@link Profile#TESTS} profile over the given namespaces (sizes skewed: the last is small). */
    public static EventStream forTests(long seed, int clusters, long events, List<Namespace> namespaces) {
        return new EventStream(Profile.TESTS, events, clusters, namespaces, seed);
    }

    /** A stream of {@code profile} over the given namespaces (sizes skewed: the last is small). */
    public static EventStream of(Profile profile, long seed, int clusters, long events, List<Namespace> namespaces) {
        return new EventStream(profile, events, clusters, namespaces, seed);
    }

    /** A stream of the {@link Profile#TESTS} profile over {@link #TEST_NAMESPACES}. */
    public static EventStream forTests(long seed, int clusters, long events) {
        return forTests(seed, clusters, events, TEST_NAMESPACES);
    }

    /** The organization of one of {@link #TEST_NAMESPACES}. */
    public static String organizationOf(String namespaceId) {
        return TEST_NAMESPACES.stream().filter(ns -> ns.id().equals(namespaceId)).findFirst().orElseThrow()
                .organizationId();
    }

    public long events() {
        return events;
    }

    public int clusters() {
        return plan.clusters();
    }

    public long validEvents() {
        return plan.validEvents();
    }

    public long duplicateEvents() {
        return duplicates;
    }

    public long badEvents() {
        return bad;
    }

    public int namespaces() {
        return plan.namespaces().size();
    }

    /** Planned valid events per event type. */
    public Map<String, Long> validEventsByType() {
        long[] planned = plan.plannedByType();
        Map<String, Long> byType = new LinkedHashMap<>();
        for (int t = 0; t < TYPE_NAMES.length; t++) {
            byType.put(TYPE_NAMES[t], planned[t]);
        }
        return byType;
    }

    /** Every cluster id the stream may use: the planned clusters and the ghosts (never created) used so far. */
    public List<String> clusterIds() {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < plan.clusters(); c++) {
            ids.add(clusterId(c));
        }
        ids.addAll(ghostIds);
        return ids;
    }

    /** Kinds of bad records not generated yet. */
    public Set<BadKind> uncoveredKinds() {
        return uncovered.isEmpty() ? Set.of() : EnumSet.copyOf(uncovered);
    }

    /** How many records of each kind were generated so far. */
    public TreeMap<String, Integer> kindCounts() {
        return new TreeMap<>(kindCounts);
    }

    /** Renders the whole stream, from its first record and in order, into {@code sink}. */
    public StreamReport generate(Sink sink) {
        restart();
        StreamReport.Tally tally = new StreamReport.Tally();
        while (rendered < events) {
            Rendered r = step();
            tally.add(r.key, r.value, r.kind, r.type, r.expected);
            sink.accept(r.key, r.value, r.kind);
        }
        return tally.report();
    }

    /** The next {@code count} records of the stream (at most what is left of its {@link #events()}). */
    public List<GeneratedRecord> next(int count) {
        if (ended) {
            throw new IllegalStateException("the stream was ended by deleteAllLive");
        }
        List<GeneratedRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count && rendered < events; i++) {
            long position = index;
            Rendered r = step();
            out.add(record(position, r.key == null ? null : new String(r.key, StandardCharsets.UTF_8), r.value,
                    r.expected, r.label));
        }
        return out;
    }

    /** Records for every bad kind not generated yet (where some cluster allows it). */
    public List<GeneratedRecord> coverRemainingBadKinds() {
        List<GeneratedRecord> out = new ArrayList<>();
        int start = random.nextInt(plan.clusters());
        for (BadKind kind : EnumSet.copyOf(uncovered)) {
            for (int i = 0; i <= plan.clusters(); i++) {
                Target target = i == plan.clusters() ? ghost() : target((start + i) % plan.clusters());
                if (kind.applicable(target)) {
                    out.add(badRecord(kind, target));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A valid {@code cluster.deleted} for every live cluster of the namespace, each followed by a byte-identical
     * re-send of it. Ends the stream: the planned events of those clusters would no longer apply.
     */
    public List<GeneratedRecord> deleteAllLive(String namespaceId) {
        ended = true;
        List<GeneratedRecord> out = new ArrayList<>();
        for (int c = 0; c < plan.clusters(); c++) {
            Target t = target(c);
            if (t.live() && t.namespace().id().equals(namespaceId)) {
                ObjectNode e = EventRenderer.envelope("evt_end_" + Long.toHexString(seed) + "_" + c,
                        TYPE_NAMES[DELETED], t.clusterId(), t.namespace(), t.lastApplied() + 1, t.occurredAt());
                EventRenderer.deleted(random, e.putObject("data"));
                byte[] value = write(e);
                out.add(record(index++, t.clusterId(), value, Outcome.APPLIED, TYPE_NAMES[DELETED]));
                out.add(record(index++, t.clusterId(), value, Outcome.SKIPPED, "duplicate"));
            }
        }
        return out;
    }

    private record Rendered(byte[] key, byte[] value, Kind kind, Outcome expected, int type, String label) {
    }

    private Rendered step() {
        rendered++;
        index++;
        long remaining = remainingValid + remainingDuplicates + remainingBad;
        long pick = random.nextLong(remaining);
        if (pick < remainingDuplicates && recentCount > 0) {
            long packed = recent[random.nextInt(Math.min(recentCount, RECENT))];
            int c = plan.clusterOf(packed);
            remainingDuplicates--;
            return new Rendered(utf8(clusterId(c)), write(planned.event(plan.plan(c), plan.ordinalOf(packed))),
                    Kind.DUPLICATE, Outcome.SKIPPED, -1, "duplicate");
        } else if (pick >= remainingDuplicates && pick < remainingDuplicates + remainingBad
                || remainingValid == 0 && remainingDuplicates == 0) {
            remainingBad--;
            return profile.everyBadKind() ? anyBadKind(ghosts++) : pipelineBadKind(ghosts++);
        } else if (remainingValid > 0) {
            long packed = plan.packed(nextValid++);
            int c = plan.clusterOf(packed);
            int j = plan.ordinalOf(packed);
            LifecyclePlan.Plan life = plan.plan(c);
            recent[recentCount % RECENT] = packed;
            recentCount++;
            lastOrdinal[c] = j;
            remainingValid--;
            return new Rendered(utf8(clusterId(c)), write(planned.event(life, j)), Kind.VALID, Outcome.APPLIED,
                    life.types[j], TYPE_NAMES[life.types[j]]);
        }
        // only duplicates left and nothing sent yet: impossible, since valid >= clusters >= 1
        throw new IllegalStateException("no event to duplicate");
    }

    /** The pipeline benchmark's bad records: eight kinds, on recent events or on clusters that never exist. */
    private Rendered pipelineBadKind(long ghost) {
        int kind = random.nextInt(8);
        if (recentCount == 0 && kind < 5) {
            kind = 5 + random.nextInt(3);
        }
        BadKind bad = BadRecords.PIPELINE_KINDS.get(kind);
        if (kind >= 5) {
            String ghostId = planned.ghostId(ghost);
            Namespace namespace = plan.namespaces().get(random.nextInt(plan.namespaces().size()));
            ObjectNode node = EventRenderer.envelope("evt_bad_" + ghost, TYPE_NAMES[kind == 5 ? STARTED : CREATED],
                    ghostId, namespace, 1, EventRenderer.occurredAt(PlannedEvents.STREAM_START.plusMillis(random.nextLong(WINDOW_MS)),
                            TimeFormat.CANONICAL));
            Target target = new Target((int) (ghost % plan.clusters()), ghostId, namespace, false, 0, null, null, 0,
                    null);
            BadRecords.fold(bad, target, node, ghost, context);
            return bad(ghostId, write(node), bad, bad.expected);
        }
        long packed = recent[random.nextInt(Math.min(recentCount, RECENT))];
        int c = plan.clusterOf(packed);
        ObjectNode node = planned.event(plan.plan(c), plan.ordinalOf(packed));
        node.put("event_id", "evt_bad_" + ghost);
        if (bad == BadKind.KEY_MISMATCH) {
            String other = clusterId(plan.clusterOf(recent[random.nextInt(Math.min(recentCount, RECENT))]));
            if (other.equals(clusterId(c))) {
                bad = BadKind.MISSING_OCCURRED_AT;
            } else {
                return bad(other, write(node), bad, bad.expected);
            }
        }
        BadRecords.Built built = BadRecords.corrupt(bad, clusterId(c), node, ghost, context);
        return bad(built.key(), built.value(), bad, built.expected());
    }

    /** A record of any kind of the catalogue that fits a recent, random or ghost cluster, uncovered kinds first. */
    private Rendered anyBadKind(long ghost) {
        double r = random.nextDouble();
        Target target = r < 0.1 ? ghost() : r < 0.55 && recentCount > 0
                ? target(plan.clusterOf(recent[random.nextInt(Math.min(recentCount, RECENT))]))
                : target(random.nextInt(plan.clusters()));
        List<BadKind> candidates = new ArrayList<>();
        for (BadKind kind : uncovered) {
            if (kind.applicable(target)) {
                candidates.add(kind);
            }
        }
        if (candidates.isEmpty() || random.nextDouble() < 0.5) {
            for (BadKind kind : BadKind.values()) {
                if (kind.applicable(target)) {
                    candidates.add(kind);
                }
            }
        }
        BadKind kind = candidates.get(random.nextInt(candidates.size()));
        uncovered.remove(kind);
        BadRecords.Built built = BadRecords.build(kind, target, badEventId(ghost), ghost, context);
        return bad(built.key(), built.value(), kind, built.expected());
    }

    private Rendered bad(String key, byte[] value, BadKind kind, Outcome expected) {
        uncovered.remove(kind);
        return new Rendered(key == null ? null : utf8(key), value, Kind.BAD, expected, -1, kind.name());
    }

    private GeneratedRecord badRecord(BadKind kind, Target target) {
        uncovered.remove(kind);
        long position = index++;
        BadRecords.Built built = BadRecords.build(kind, target, badEventId(position), position, context);
        return record(position, built.key(), built.value(), built.expected(), kind.name());
    }

    private GeneratedRecord record(long position, String key, byte[] value, Outcome expected, String label) {
        kindCounts.merge(label, 1, Integer::sum);
        return new GeneratedRecord(position, key, value, profile.producerHeaders() ? headers(position) : List.of(),
                expected, label);
    }

    private String badEventId(long n) {
        return profile.everyBadKind() ? "evt_bad_" + Long.toHexString(seed) + "_" + n : "evt_bad_" + n;
    }

    /** Producer headers of a record: none for most, a trace id for some, and now and then a binary value. */
    private List<Map.Entry<String, byte[]>> headers(long position) {
        SplittableRandom r = new SplittableRandom(mix(SALT_STREAM ^ seed, position));
        int pick = r.nextInt(10);
        if (pick < 6) {
            return List.of();
        }
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        headers.add(Map.entry("trace-id", utf8("trace-" + r.nextInt(1_000_000))));
        if (pick == 9) {
            headers.add(Map.entry("source-service", new byte[] {1, 2, (byte) 0xFE}));
        }
        return headers;
    }

    /** Cluster {@code c} as the events rendered so far left it. */
    private Target target(int c) {
        return planned.stateAfter(c, lastOrdinal[c]);
    }

    /** A cluster id that is never created. */
    private Target ghost() {
        String id = planned.ghostId(ghostIds.size() + 1_000_000L);
        ghostIds.add(id);
        int c = random.nextInt(plan.clusters());
        return new Target(c, id, plan.namespaces().get(random.nextInt(plan.namespaces().size())), false, 0, null,
                null, 0, EventRenderer.occurredAt(PlannedEvents.STREAM_START, TimeFormat.CANONICAL));
    }

    String clusterId(int c) {
        return planned.clusterId(c);
    }

    /** Other clusters and namespaces, and realistic data, for the bad records. */
    private final class StreamContext implements BadRecords.Context {
        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public String otherClusterId(String clusterId) {
            String other = clusterId(random.nextInt(plan.clusters()));
            return other.equals(clusterId) ? clusterId(0).equals(clusterId) ? clusterId(1) : clusterId(0) : other;
        }

        @Override
        public Namespace otherNamespace(Namespace namespace) {
            List<Namespace> all = plan.namespaces();
            int i = all.indexOf(namespace);
            return all.size() < 2 ? new Namespace(namespace.id() + "_other", namespace.organizationId())
                    : all.get((Math.max(0, i) + 1 + random.nextInt(all.size() - 1)) % all.size());
        }

        @Override
        public ObjectNode creation(int c) {
            return planned.creation(c);
        }

        @Override
        public ObjectNode completion(int c, String task) {
            return planned.completion(random, c, task);
        }
    }
}
