package io.clusterindex.topology;

import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.generate.Outcome;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.PoisonKind;
import io.clusterindex.testkit.PoisonRecord;
import io.clusterindex.testkit.PoisonStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The poison-pill fuzz stream ({@link PoisonStream}: every {@link PoisonKind} mixed into a generated lifecycle
 * stream) through the driver: nothing throws, each bad record is dead-lettered exactly once with its bytes and the
 * code the generator intends, and the store, view and stats equal the independent replay of the same records.
 */
class PoisonPillTopologyTest {
    private static final long SEED = 20261203L;
    private static final int RECORDS = 4_000;

    @Test
    void everyPoisonPillIsDeadLetteredOnceWithItsCodeAndEveryValidEventIsApplied() {
        List<PoisonRecord> input = PoisonStream.all(PoisonStream.Options.forTests(SEED, RECORDS));
        assertThat(input.stream().map(PoisonRecord::kind)).as("every kind is in the stream")
                .containsAll(Arrays.stream(PoisonKind.values()).map(Enum::name).toList());

        try (TopologyHarness harness = new TopologyHarness()) {
            harness.flushStatsAfterEachRecord = false;
            List<TestRecord<byte[], byte[]>> view = new ArrayList<>();
            List<TestRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
            for (PoisonRecord record : input) {
                RecordHeaders headers = new RecordHeaders();
                record.headers().forEach(h -> headers.add(h.getKey(), h.getValue().clone()));
                harness.pipe(record.key(), record.value(), headers);
                if (record.index() % 200 == 0) {
                    view.addAll(harness.view.readRecordsToList());
                    deadLetters.addAll(harness.deadLetters.readRecordsToList());
                    harness.flushStats();
                }
            }
            harness.flushStats();
            view.addAll(harness.view.readRecordsToList());
            deadLetters.addAll(harness.deadLetters.readRecordsToList());

            ExpectedView expected = replay(input);
            Map<String, String> wrongOutcomes = new TreeMap<>();
            for (Map.Entry<ExpectedView.Input, Outcome> outcome : expected.outcomes()) {
                PoisonRecord record = input.get((int) outcome.getKey().index());
                if (!outcome.getValue().equals(record.expected())) {
                    wrongOutcomes.putIfAbsent(record.kind() + " " + outcome.getValue(), record.toString());
                }
            }
            assertThat(wrongOutcomes).as("kinds whose replayed outcome is not the intended one").isEmpty();
            assertDeadLetters(input, deadLetters);
            assertViewAndStats(harness, expected, view);
            assertThat(harness.counters.appliedCount()).as("applied")
                    .isEqualTo(input.stream().filter(r -> r.expected().kind() == Outcome.Kind.APPLIED).count());
        }
    }

    /** The replay model takes keys as text: invalid UTF-8 becomes U+FFFD, which differs from any cluster id too. */
    static ExpectedView replay(List<PoisonRecord> input) {
        List<ExpectedView.Input> inputs = new ArrayList<>();
        for (PoisonRecord r : input) {
            inputs.add(new ExpectedView.Input(0, r.index(), r.keyText(), r.value(), r.index()));
        }
        return ExpectedView.replay(inputs);
    }

    private static void assertDeadLetters(List<PoisonRecord> input, List<TestRecord<byte[], byte[]>> deadLetters) {
        Map<Long, String> expectedCodes = new TreeMap<>();
        for (PoisonRecord r : input) {
            if (r.expected().kind() == Outcome.Kind.REJECTED) {
                expectedCodes.put(r.index(), r.expected().code() + " <- " + r.kind());
            }
        }
        Map<Long, String> actualCodes = new TreeMap<>();
        for (TestRecord<byte[], byte[]> letter : deadLetters) {
            long offset = Long.parseLong(headerValues(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET).get(0));
            PoisonRecord r = input.get((int) offset);
            String previous = actualCodes.put(offset,
                    String.join(",", headerValues(letter.headers(), DeadLetterHeaders.ERROR_CODE)) + " <- " + r.kind());
            assertThat(previous).as("a second dead letter of %s", r).isNull();
            assertThat(letter.key()).as("dead letter key of %s", r).isEqualTo(r.key());
            assertThat(letter.value()).as("dead letter value of %s", r).isEqualTo(r.value());
        }
        assertThat(actualCodes).as("dead-letter codes by offset").isEqualTo(expectedCodes);
    }

    private static void assertViewAndStats(TopologyHarness harness, ExpectedView expected,
                                           List<TestRecord<byte[], byte[]>> view) {
        Map<String, JsonNode> live = new TreeMap<>();
        TopologyHarness.contents(harness.clusters()).forEach((id, state) -> {
            if (state.isLive()) {
                live.put(id, state.cluster());
            }
        });
        assertThat(live).as("live clusters vs the replay").isEqualTo(new TreeMap<String, JsonNode>(expected.liveClusters()));

        Map<String, JsonNode> lastView = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : view) {
            lastView.put(utf8(r.key()), r.value() == null ? null : EventJson.parse(r.value()));
        }
        lastView.values().removeIf(v -> v == null);
        assertThat(new TreeMap<>(lastView)).as("last values on clusters-view vs the replay")
                .isEqualTo(new TreeMap<String, JsonNode>(expected.liveClusters()));

        Map<String, ExpectedView.Stats> stored = new TreeMap<>();
        for (Map.Entry<String, NamespaceStats> e : harness.namespaceStats().entrySet()) {
            NamespaceStats s = e.getValue();
            stored.put(e.getKey(), new ExpectedView.Stats(s.namespaceId(), s.totalClusters(), s.totalDocuments(),
                    s.avgDocumentsPerCluster(), new TreeMap<>(s.clustersByStatus())));
        }
        assertThat(stored).as("stats store vs the replay's recount").isEqualTo(expected.stats());
    }
}
