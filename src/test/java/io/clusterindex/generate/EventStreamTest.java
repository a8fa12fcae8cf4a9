package io.clusterindex.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.events.ErrorCode;
import io.clusterindex.testkit.ExpectedView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventStreamTest {
    @Test
    void thePipelineBenchmarksStreamIsByteForByteTheOneItsFiguresWereMeasuredOn() throws NoSuchAlgorithmException {
        EventStream stream = EventStream.pipeline(30_000, 5_000, 7, 3, 7);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        StreamReport report = stream.generate((key, value, kind) -> {
            digest.update(key);
            digest.update((byte) 0);
            digest.update(value);
            digest.update((byte) kind.ordinal());
        });

        // the digest of LifecycleStreamGenerator(30000, 5000, 7, 3, 7) before the generators were merged
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("c90314d3909034434decfc12b3107d4654db56137994fcbfead825d7562105c1");
        assertThat(report.validByType()).isEqualTo(stream.validEventsByType());
        assertThat(stream.generate((key, value, kind) -> { })).as("a second pass, as after the offline fold")
                .isEqualTo(report);
        assertThat(report.badByExpectedCode()).isEqualTo(Map.of("INVALID_DATA", 17L, "INVALID_ENVELOPE", 15L,
                "MALFORMED_JSON", 10L, "UNKNOWN_CLUSTER", 10L, "UNKNOWN_EVENT_TYPE", 8L));
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20261128L})
    void everyTestRecordGetsTheOutcomeTheIndependentReplayPredicts(long seed) {
        EventStream stream = EventStream.forTests(seed, 150, 3_000);
        List<GeneratedRecord> records = new ArrayList<>(stream.next(2_000));
        records.addAll(stream.coverRemainingBadKinds());
        records.addAll(stream.next(1_000));
        records.addAll(stream.deleteAllLive("ns_gamma"));

        ExpectedView replay = ExpectedView.replay(records.stream()
                .map(r -> new ExpectedView.Input(0, r.index(), r.key(), r.value(), r.index())).toList());

        assertThat(stream.uncoveredKinds()).isEmpty();
        assertThat(replay.outcomes()).allSatisfy(e -> assertThat(e.getValue()).as("%s", records.stream()
                .filter(r -> r.index() == e.getKey().index()).findFirst().orElseThrow())
                .isEqualTo(records.stream().filter(r -> r.index() == e.getKey().index()).findFirst().orElseThrow()
                        .expected()));
        assertThat(records).extracting(r -> r.expected().code()).contains(ErrorCode.values());
        assertThat(replay.namespace("ns_gamma")).isEmpty();
        assertThat(replay.liveClusters()).hasSizeGreaterThan(30);
        assertThat(records).extracting(GeneratedRecord::index).doesNotHaveDuplicates();
        assertThat(stream.kindCounts()).containsKeys("cluster.created", "duplicate");
    }

    @Test
    void theTestsStreamIsByteForByteTheOneTheTestsWereWrittenAgainst() throws NoSuchAlgorithmException {
        EventStream stream = EventStream.forTests(20261203L, 60, 900);
        List<GeneratedRecord> records = new ArrayList<>(stream.next(600));
        records.addAll(stream.coverRemainingBadKinds());
        records.addAll(stream.next(300));
        records.addAll(stream.deleteAllLive("ns_beta"));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        for (GeneratedRecord record : records) {
            digest.update(record.toString().getBytes(StandardCharsets.UTF_8));
            digest.update(record.value() == null ? new byte[] {(byte) 0xFF} : record.value());
            record.headers().forEach(h -> {
                digest.update(h.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update(h.getValue());
            });
        }

        // the digest of these calls before the generator moved from the test fixtures into the product
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(
                "31573d77381b09e58815e6d2b5eeee4f941c1d3a65276a226c269e434d453b48");
    }
}
