package io.clusterindex.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming fast path of {@link EventParser} against the full reader: every value gets the same answer both
 * ways, the fast path accepts only events the full reader accepts (and reads them equal), and it really is the path
 * valid events take.
 */
class StreamedEnvelopeTest {
    private static final String KEY = "clust_a1b2c3";
    private static final String VALID = """
            {"event_id": "evt_1", "event_type": "cluster.execution.completed", "cluster_id": "clust_a1b2c3",
             "namespace_id": "ns_1", "organization_id": "org_1", "sequence": 4, "extra": true,
             "occurred_at": "2026-11-28T10:15:30.250Z", "data": {"task_id": "task_9", "m": {"a": [1, {"b": null}]}}}""";

    @Test
    void readsEveryValidEventOfTheGeneratorAsTheFullReaderDoes() {
        List<GeneratedRecord> records = EventStream.forTests(16L, 200, 4_000).next(4_000);
        int fast = 0;
        for (GeneratedRecord record : records) {
            ParseResult full = EventParser.parseTree(record.keyBytes(), record.value());
            ClusterEvent streamed = record.value() == null ? null
                    : StreamedEnvelope.read(record.keyBytes(), record.value());
            if (streamed != null) {
                fast++;
                assertThat(full).as(record.toString()).isEqualTo(new ParseResult.Parsed(streamed));
            }
            assertThat(EventParser.parse(record.keyBytes(), record.value())).as(record.toString()).isEqualTo(full);
        }
        long envelopeValid = records.stream()
                .filter(r -> EventParser.parseTree(r.keyBytes(), r.value()) instanceof ParseResult.Parsed).count();
        assertThat(fast).as("valid envelopes read by the streaming path").isEqualTo((int) envelopeValid);
        assertThat(envelopeValid).isGreaterThan(3_000);
    }

    @Test
    void answersAsTheFullReaderForEveryBadRecordKindOfTheGenerator() {
        EventStream stream = EventStream.forTests(17L, 50, 500);
        List<GeneratedRecord> records = new ArrayList<>(stream.next(500));
        records.addAll(stream.coverRemainingBadKinds());
        for (GeneratedRecord record : records) {
            assertThat(EventParser.parse(record.keyBytes(), record.value())).as(record.kind())
                    .isEqualTo(EventParser.parseTree(record.keyBytes(), record.value()));
        }
    }

    /** Random byte edits of a valid event: whatever either reader makes of them, the answers are the same. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void answersAsTheFullReaderForMutatedEvents(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\":,0123456789-.eE \\tnulfasrxd_".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] value = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(value.length);
                switch (random.nextInt(3)) {
                    case 0 -> value[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> value = remove(value, at);
                    default -> value = insert(value, at, alphabet[random.nextInt(alphabet.length)]);
                }
            }
            byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
            ParseResult full = EventParser.parseTree(key, value);
            ClusterEvent streamed = StreamedEnvelope.read(key, value);
            if (streamed != null) {
                accepted++;
                assertThat(full).as(new String(value, StandardCharsets.UTF_8)).isEqualTo(new ParseResult.Parsed(streamed));
            }
            assertThat(EventParser.parse(key, value)).as(new String(value, StandardCharsets.UTF_8)).isEqualTo(full);
        }
        assertThat(accepted).as("some mutations still valid (e.g. inside data's strings)").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // duplicate keys at the top level, in data, deep in data, in an unnamed structure
        "{\"event_id\": \"evt_1\", \"event_id\": \"evt_2\", %s}",
        "{\"extra\": 1, \"extra\": 2, %s}",
        "{%s, \"data\": {}}",
        "{\"extra\": {\"a\": 1, \"a\": 2}, %s}",
        // trailing tokens, not an object, a structure where a string belongs
        "{%s} {}",
        "[{%s}]",
        "{\"event_type\": [\"cluster.created\"], %s}",
    })
    void leavesDuplicatesTrailingTokensAndWrongShapesToTheFullReader(String template) {
        String rest = """
                "event_type": "cluster.deleted", "cluster_id": "clust_a1b2c3", "namespace_id": "ns_1",
                "organization_id": "org_1", "sequence": 2, "occurred_at": "2026-11-28T10:15:30Z", "data": {}""";
        String withoutDuplicates = template.contains("event_id") ? rest : "\"event_id\": \"evt_1\", " + rest;
        byte[] value = template.formatted(withoutDuplicates).getBytes(StandardCharsets.UTF_8);
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);

        assertThat(StreamedEnvelope.read(key, value)).isNull();
        assertThat(EventParser.parse(key, value)).isEqualTo(EventParser.parseTree(key, value))
                .isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void rejectsADuplicateKeyInsideDataAsMalformedJson() {
        byte[] value = VALID.replace("\"m\":", "\"task_id\": \"again\", \"m\":").getBytes(StandardCharsets.UTF_8);
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);

        assertThat(StreamedEnvelope.read(key, value)).isNull();
        assertThat(EventParser.parse(key, value)).isInstanceOfSatisfying(ParseResult.Invalid.class,
                invalid -> assertThat(invalid.rejection().code()).isEqualTo(ErrorCode.MALFORMED_JSON));
    }

    private static byte[] remove(byte[] value, int at) {
        byte[] out = new byte[value.length - 1];
        System.arraycopy(value, 0, out, 0, at);
        System.arraycopy(value, at + 1, out, at, value.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] value, int at, byte b) {
        byte[] out = new byte[value.length + 1];
        System.arraycopy(value, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(value, at, out, at + 1, value.length - at);
        return out;
    }
}
