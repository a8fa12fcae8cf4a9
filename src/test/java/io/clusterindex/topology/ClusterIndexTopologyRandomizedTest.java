package io.clusterindex.topology;

import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.generate.Outcome;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.testkit.ExpectedView;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Replays generated streams (lifecycles with re-creations, duplicates, stale replays, gaps, bad records of every
 * code) through the driver and checks that the store, the three output topics and the stats agree with each other
 * and with the independent replay model ({@link ExpectedView}: its clusters and its recount), that each record had
 * the outcome the generator intended, and that a replay into a fresh driver gives byte-identical outputs.
 * Rerun one seed with {@code -Dclusterindex.seed=<seed>}.
 */
class ClusterIndexTopologyRandomizedTest {
    private static final long[] FIXED_SEEDS = {20261128L, 42L, 7_777_777L};
    private static final int CLUSTERS = 200;
    /** The namespace that the end of every generated stream empties (its stats must then be absent). */
    private static final String SMALL_NAMESPACE = "ns_delta";
    /** ns_delta is the last, so the smallest: it runs empty at times, and its stats go away and come back. */
    private static final List<Namespace> NAMESPACES = List.of(new Namespace("ns_alpha", "org_1"),
            new Namespace("ns_beta", "org_1"), new Namespace("ns_gamma", "org_2"), new Namespace(SMALL_NAMESPACE,
                    "org_2"));
    private static final HexFormat HEX = HexFormat.of();

    private static Logger foldLogger;
    private static Level foldLevel;

    @BeforeAll
    static void quietDeadLetterLogs() {
        foldLogger = (Logger) LoggerFactory.getLogger(FoldProcessor.class);
        foldLevel = foldLogger.getLevel();
        foldLogger.setLevel(Level.WARN);
    }

    @AfterAll
    static void restoreLogs() {
        foldLogger.setLevel(foldLevel);
    }

    static Stream<Long> seeds() {
        String override = System.getProperty("clusterindex.seed");
        if (override != null && !override.isBlank()) {
            return Stream.of(Long.parseLong(override.trim()));
        }
        long randomSeed = new SecureRandom().nextLong();
        return Stream.concat(Stream.of(FIXED_SEEDS[0], FIXED_SEEDS[1], FIXED_SEEDS[2]), Stream.of(randomSeed));
    }

    /** What the driver wrote to the three output topics. */
    record Outputs(List<TestRecord<byte[], byte[]>> view, List<TestRecord<byte[], byte[]>> stats,
                   List<TestRecord<byte[], byte[]>> deadLetters) {
        List<String> fingerprint() {
            List<String> lines = new ArrayList<>();
            view.forEach(r -> lines.add("view " + line(r)));
            stats.forEach(r -> lines.add("stats " + line(r)));
            deadLetters.forEach(r -> lines.add("dlq " + line(r)));
            return lines;
        }

        private static String line(TestRecord<byte[], byte[]> r) {
            StringBuilder text = new StringBuilder()
                    .append(r.key() == null ? "null" : HEX.formatHex(r.key())).append(' ')
                    .append(r.value() == null ? "null" : HEX.formatHex(r.value())).append(' ')
                    .append(r.timestamp());
            for (Header header : r.headers().toArray()) {
                text.append(' ').append(header.key()).append('=')
                        .append(header.value() == null ? "null" : HEX.formatHex(header.value()));
            }
            return text.toString();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aReplayedRandomStreamKeepsStoreViewStatsAndDeadLettersConsistentAndIsDeterministic(long seed) {
        int count = 3_000 + new Random(seed).nextInt(2_001);
        EventStream generator = EventStream.forTests(seed, CLUSTERS, count, NAMESPACES);
        List<GeneratedRecord> input = new ArrayList<>(generator.next(count));
        input.addAll(generator.coverRemainingBadKinds());
        input.addAll(generator.deleteAllLive(SMALL_NAMESPACE));
        System.out.printf("ClusterIndexTopologyRandomizedTest seed=%d records=%d %s (rerun: -Dclusterindex.seed=%d)%n",
                seed, input.size(), summary(input), seed);

        Outputs first;
        Map<String, ClusterState> firstClusters;
        Map<String, NamespaceStats> firstStats;
        try (TopologyHarness harness = new TopologyHarness()) {
            first = replay(harness, input, seed);
            verify(seed, harness, first, input);
            firstClusters = TopologyHarness.contents(harness.clusters());
            firstStats = harness.namespaceStats();
        }

        // (e) determinism: the same input into a fresh driver gives byte-identical outputs and the same state
        try (TopologyHarness again = new TopologyHarness()) {
            Outputs second = replay(again, input, seed);
            assertThat(second.fingerprint()).as("seed %d: outputs of the second replay", seed)
                    .containsExactlyElementsOf(first.fingerprint());
            assertThat(TopologyHarness.contents(again.clusters())).as("seed %d: clusters store", seed)
                    .isEqualTo(firstClusters);
            assertThat(again.namespaceStats()).as("seed %d: stats store", seed)
                    .isEqualTo(firstStats);
        }
    }

    /**
     * Pipes the records, letting the fold task send its summed stats on after runs of 1 to ~60 records (as the
     * commit interval does), at points that depend only on the seed, and once more at the end.
     */
    private static Outputs replay(TopologyHarness harness, List<GeneratedRecord> input, long seed) {
        Random flushes = new Random(seed ^ 0x5EED);
        harness.flushStatsAfterEachRecord = false;
        List<TestRecord<byte[], byte[]>> view = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> stats = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> dead = new ArrayList<>();
        int i = 0;
        for (GeneratedRecord g : input) {
            harness.pipe(g.keyBytes(), g.value(), headers(g));
            if (flushes.nextInt(30) == 0) {
                harness.flushStats();
            }
            if (++i % 500 == 0) {
                view.addAll(harness.view.readRecordsToList());
                stats.addAll(harness.stats.readRecordsToList());
                dead.addAll(harness.deadLetters.readRecordsToList());
            }
        }
        harness.flushStats();
        view.addAll(harness.view.readRecordsToList());
        stats.addAll(harness.stats.readRecordsToList());
        dead.addAll(harness.deadLetters.readRecordsToList());
        return new Outputs(view, stats, dead);
    }

    private static Headers headers(GeneratedRecord g) {
        RecordHeaders headers = new RecordHeaders();
        g.headers().forEach(h -> headers.add(h.getKey(), h.getValue().clone()));
        return headers;
    }

    private static void verify(long seed, TopologyHarness harness, Outputs out, List<GeneratedRecord> input) {
        List<ExpectedView.Input> inputs = new ArrayList<>();
        for (int offset = 0; offset < input.size(); offset++) {
            GeneratedRecord g = input.get(offset);
            inputs.add(new ExpectedView.Input(0, offset, g.key(), g.value(), offset));
        }
        ExpectedView expected = ExpectedView.replay(inputs);
        Map<String, ClusterState> clusters = TopologyHarness.contents(harness.clusters());
        Map<String, NamespaceStats> storedStats = harness.namespaceStats();
        Map<String, ObjectNode> live = new TreeMap<>();
        clusters.forEach((id, state) -> {
            if (state.isLive()) {
                live.put(id, state.cluster());
            }
        });

        // the generator's intent is what the independent replay predicts, record by record
        for (Map.Entry<ExpectedView.Input, Outcome> e : expected.outcomes()) {
            GeneratedRecord g = input.get((int) e.getKey().index());
            assertThat(e.getValue()).as("seed %d: outcome of %s", seed, g).isEqualTo(g.expected());
        }

        // (a) the store holds the replay's clusters; the stats store equals the replay's recount over them
        assertThat(live).as("seed %d: live clusters vs the replay", seed).isEqualTo(expected.liveClusters());
        assertThat(clusters.keySet()).as("seed %d: clusters in the store", seed).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(expected.liveClusters().keySet().stream(),
                        expected.deletedClusters().keySet().stream()).toList());
        Map<String, ExpectedView.Stats> stored = new TreeMap<>();
        storedStats.forEach((ns, st) -> stored.put(ns, stats(st)));
        assertThat(stored).as("seed %d: stats store vs recount", seed).isEqualTo(expected.stats());
        assertThat(storedStats).as("seed %d: the emptied namespace", seed).doesNotContainKey(SMALL_NAMESPACE);

        // (b) the last value per namespace on cluster-stats equals the stats store (tombstone = absent)
        Map<String, NamespaceStats> lastStats = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : out.stats()) {
            lastStats.put(utf8(r.key()), r.value() == null ? null : TopologyHarness.decodeStats(r.value()));
        }
        assertThat(lastStats).as("seed %d: the emptied namespace ends with a tombstone", seed)
                .containsEntry(SMALL_NAMESPACE, null);
        lastStats.values().removeIf(v -> v == null);
        assertThat(new TreeMap<>(lastStats)).as("seed %d: last values on cluster-stats vs stats store", seed)
                .isEqualTo(new TreeMap<>(storedStats));

        // (c) the last value per cluster on clusters-view equals the live clusters of the store (tombstone = deleted)
        Map<String, JsonNode> lastView = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : out.view()) {
            lastView.put(utf8(r.key()), r.value() == null ? null : EventJson.parse(r.value()));
        }
        assertThat(lastView.keySet()).as("seed %d: every cluster in the store has a view record", seed)
                .containsExactlyInAnyOrderElementsOf(clusters.keySet());
        Map<String, JsonNode> lastLiveView = new TreeMap<>(lastView.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(lastLiveView).as("seed %d: last values on clusters-view vs live clusters", seed)
                .isEqualTo(new TreeMap<String, JsonNode>(live));

        // (d) exactly the intended bad records are dead-lettered, unchanged, with the intended codes
        Map<Long, String> expectedCodes = new TreeMap<>();
        for (int offset = 0; offset < input.size(); offset++) {
            GeneratedRecord g = input.get(offset);
            if (g.expected().kind() == Outcome.Kind.REJECTED) {
                expectedCodes.put((long) offset, g.expected().code() + " <- " + g.kind());
            }
        }
        Map<Long, String> actualCodes = new TreeMap<>();
        for (TestRecord<byte[], byte[]> letter : out.deadLetters()) {
            long offset = Long.parseLong(headerValues(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET).get(0));
            GeneratedRecord g = input.get((int) offset);
            actualCodes.put(offset, String.join(",", headerValues(letter.headers(), DeadLetterHeaders.ERROR_CODE))
                    + " <- " + g.kind());
            assertThat(letter.key()).as("seed %d: dead letter key at offset %d", seed, offset).isEqualTo(g.keyBytes());
            assertThat(letter.value()).as("seed %d: dead letter value at offset %d", seed, offset).isEqualTo(g.value());
            assertThat(List.of(letter.headers().toArray())).as("seed %d: producer headers at offset %d", seed, offset)
                    .containsAll(List.of(headers(g).toArray()));
            ErrorCode code = g.expected().code();
            if (code != null && code.compareTo(ErrorCode.UNKNOWN_EVENT_TYPE) >= 0) {
                assertThat(headerValues(letter.headers(), DeadLetterHeaders.EVENT_ID))
                        .as("seed %d: event_id header at offset %d", seed, offset)
                        .containsExactly(EventJson.parse(g.value()).get("event_id").textValue());
            }
        }
        assertThat(out.deadLetters()).as("seed %d: dead letter count", seed).hasSize(expectedCodes.size());
        assertThat(actualCodes).as("seed %d: dead-letter codes by offset", seed).isEqualTo(expectedCodes);

        // the counters and the view agree with the generator's outcomes
        long applied = input.stream().filter(g -> g.expected().kind() == Outcome.Kind.APPLIED).count();
        long duplicates = input.stream().filter(g -> g.expected().kind() == Outcome.Kind.SKIPPED).count();
        assertThat(harness.counters.appliedCount()).as("seed %d: applied", seed).isEqualTo(applied);
        assertThat(harness.counters.duplicateCount()).as("seed %d: duplicates", seed).isEqualTo(duplicates);
        assertThat(harness.counters.deadLetteredCount()).as("seed %d: dead-lettered", seed)
                .isEqualTo(expectedCodes.size());
        assertThat(out.view()).as("seed %d: one view record per applied event", seed).hasSize((int) applied);

        // the generator exercised every code and every outcome
        assertThat(input.stream().map(g -> g.expected().code()).filter(c -> c != null).distinct())
                .as("seed %d: codes generated", seed).containsExactlyInAnyOrder(ErrorCode.values());
        assertThat(duplicates).isPositive();
        assertThat(live).isNotEmpty();
    }

    private static ExpectedView.Stats stats(NamespaceStats s) {
        return new ExpectedView.Stats(s.namespaceId(), s.totalClusters(), s.totalDocuments(),
                s.avgDocumentsPerCluster(), new TreeMap<>(s.clustersByStatus()));
    }

    private static String summary(List<GeneratedRecord> input) {
        Map<Outcome.Kind, Integer> outcomes = new EnumMap<>(Outcome.Kind.class);
        Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
        for (GeneratedRecord g : input) {
            outcomes.merge(g.expected().kind(), 1, Integer::sum);
            if (g.expected().code() != null) {
                codes.merge(g.expected().code(), 1, Integer::sum);
            }
        }
        return outcomes + " " + codes;
    }
}
