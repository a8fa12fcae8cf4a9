package io.clusterindex.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    private static final String KEY = "clust_a1b2c3";
    private static final String EVENT_ID = "evt_01J9Z3K4";
    private static final String VALID = """
            {"event_id": "evt_01J9Z3K4", "event_type": "cluster.execution.completed", "cluster_id": "clust_a1b2c3",
             "namespace_id": "ns_abc123def456", "organization_id": "org_42", "sequence": 4,
             "occurred_at": "2026-11-28T10:15:30.250Z",
             "data": {"task_id": "task_9", "num_clusters": 3, "metadata": {"a": null, "b": [1, "x"]}}}""";
    /** Marks a field that the test removes from the envelope. */
    private static final String MISSING = "<missing>";

    // ---------------------------------------------------------------- valid events

    @Test
    void parsesAValidEnvelopeIntoAClusterEvent() {
        ClusterEvent event = parsed(bytes(KEY), bytes(VALID));

        assertThat(event.eventId()).isEqualTo(EVENT_ID);
        assertThat(event.type()).isEqualTo(EventType.EXECUTION_COMPLETED);
        assertThat(event.clusterId()).isEqualTo("clust_a1b2c3");
        assertThat(event.namespaceId()).isEqualTo("ns_abc123def456");
        assertThat(event.organizationId()).isEqualTo("org_42");
        assertThat(event.sequence()).isEqualTo(4L);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.250Z"));
        assertThat(event.data()).isEqualTo(json("""
                {"task_id": "task_9", "num_clusters": 3, "metadata": {"a": null, "b": [1, "x"]}}"""));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void parsesEachOfTheSevenEventTypesByWireName(EventType type) {
        ObjectNode envelope = envelope();
        envelope.put("event_type", type.wireName());

        assertThat(parsed(bytes(KEY), write(envelope)).type()).isEqualTo(type);
        assertThat(EventType.fromWireName(type.wireName())).contains(type);
    }

    @Test
    void wireNamesAreTheSevenOfTheContract() {
        assertThat(EventType.values()).extracting(EventType::wireName).containsExactly(
                "cluster.created", "cluster.updated", "cluster.execution.started", "cluster.execution.completed",
                "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted");
    }

    @Test
    void acceptsEmptyDataObject() {
        ObjectNode envelope = envelope();
        envelope.putObject("data");

        assertThat(parsed(bytes(KEY), write(envelope)).data()).isEqualTo(Json.NODES.objectNode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestampsWithTheirInstants")
    void normalisesOccurredAtToAUtcInstant(String occurredAt, String utc) {
        ObjectNode envelope = envelope();
        envelope.put("occurred_at", occurredAt);

        assertThat(parsed(bytes(KEY), write(envelope)).occurredAt()).isEqualTo(Instant.parse(utc));
    }

    static Stream<Arguments> timestampsWithTheirInstants() {
        return Stream.of(
                Arguments.of("2026-11-28T12:15:30.250+02:00", "2026-11-28T10:15:30.250Z"),
                Arguments.of("2026-11-28T00:30:00-05:30", "2026-11-28T06:00:00Z"),
                Arguments.of("2026-11-28T10:15:30Z", "2026-11-28T10:15:30Z"),
                Arguments.of("2026-11-28T10:15:30+00:00", "2026-11-28T10:15:30Z"),
                Arguments.of("2026-11-28t10:15:30.5z", "2026-11-28T10:15:30.500Z"),
                Arguments.of("2026-11-28T10:15:30.123456789Z", "2026-11-28T10:15:30.123456789Z"),
                Arguments.of("2027-01-01T01:00:00+02:00", "2026-12-31T23:00:00Z"));
    }

    @Test
    void acceptsIdsOfOneAndOfAHundredTwentyEightCharacters() {
        String longId = "c".repeat(128);
        ObjectNode envelope = envelope();
        envelope.put("event_id", "e");
        envelope.put("cluster_id", longId);
        envelope.put("namespace_id", "n".repeat(128));
        envelope.put("organization_id", "o");

        ClusterEvent event = parsed(bytes(longId), write(envelope));

        assertThat(event.eventId()).isEqualTo("e");
        assertThat(event.clusterId()).isEqualTo(longId);
        assertThat(event.namespaceId()).hasSize(128);
        assertThat(event.organizationId()).isEqualTo("o");
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 1_000_000_000_000L, Long.MAX_VALUE})
    void acceptsEveryIntegerSequenceFromOneToLongMax(long sequence) {
        ObjectNode envelope = envelope();
        envelope.put("sequence", sequence);

        assertThat(parsed(bytes(KEY), write(envelope)).sequence()).isEqualTo(sequence);
    }

    // ---------------------------------------------------------------- MALFORMED_JSON

    @Test
    void rejectsNullValueAsMalformedJson() {
        Rejection rejection = invalid(bytes(KEY), null);

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.eventId()).isNull();
        assertThat(rejection.message()).contains("null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8Values")
    void rejectsInvalidUtf8AsMalformedJson(String description, byte[] value) {
        Rejection rejection = invalid(bytes(KEY), value);

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.message()).contains("UTF-8");
    }

    static Stream<Arguments> invalidUtf8Values() {
        String withMarker = VALID.replace("\"task_9\"", "\"task_MARK\"");
        return Stream.of(
                Arguments.of("lone continuation byte 0x80", replaceMarker(withMarker, new byte[] {(byte) 0x80})),
                Arguments.of("byte 0xFF", replaceMarker(withMarker, new byte[] {(byte) 0xFF})),
                Arguments.of("latin-1 e-acute 0xE9", replaceMarker(withMarker, new byte[] {(byte) 0xE9, 'x'})),
                Arguments.of("overlong encoding of '/'", replaceMarker(withMarker, new byte[] {(byte) 0xC0, (byte) 0xAF})),
                Arguments.of("encoded surrogate", replaceMarker(withMarker,
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                Arguments.of("truncated two-byte sequence at the end", concat(bytes(VALID), new byte[] {(byte) 0xC3})));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "   ",
        "hello",
        "{",
        "{\"event_id\": }",
        "{'event_id': 'evt_1'}",
        "{event_id: \"evt_1\"}",
        "{\"event_id\": \"evt_1\",}",
        "{\"event_id\": \"evt_1\" /* comment */}",
        "[]",
        "[{\"event_id\": \"evt_1\"}]",
        "\"cluster.created\"",
        "42",
        "4.5",
        "true",
        "null",
    })
    void rejectsValuesThatAreNotAJsonObjectAsMalformedJson(String value) {
        Rejection rejection = invalid(bytes(KEY), bytes(value));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.eventId()).isNull();
        assertThat(rejection.message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ud800\\u0041", "\\udc00\\ud800",
        "\\ud83d\\ud83d\\ude00"})
    void rejectsAnUnpairedSurrogateEscapeInAnyStringAsMalformedJson(String escape) {
        for (String place : List.of("\"task_9\"", "\"ns_abc123def456\"", "\"x\"", "\"b\"")) {
            Rejection rejection = invalid(bytes(KEY), bytes(VALID.replace(place,
                    place.substring(0, place.length() - 1) + escape + "\"")));

            assertThat(rejection.code()).as("%s in %s", escape, place).isEqualTo(ErrorCode.MALFORMED_JSON);
            assertThat(rejection.message()).contains("surrogate");
        }
    }

    @Test
    void rejectsAClusterIdWithALoneSurrogateEvenWhenTheKeyIsWhatJavaWouldEncodeItAs() {
        String lone = VALID.replace("\"clust_a1b2c3\"", "\"clust_a1b2c3\\ud800\"");

        assertThat(invalid(bytes("clust_a1b2c3?"), bytes(lone)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(invalid(bytes(KEY), bytes(lone)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void acceptsSurrogatePairsWrittenAsEscapesAndAnEscapedBackslashBeforeU() {
        ClusterEvent event = parsed(bytes(KEY), bytes(VALID.replace("\"task_9\"",
                "\"task_\\ud83d\\ude00 \\uD834\\uDD1E \\\\ud800\"")));

        assertThat(event.data().get("task_id").textValue()).isEqualTo("task_\ud83d\ude00 \ud834\udd1e \\ud800");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondTheParserLimits")
    void rejectsValuesBeyondTheParserLimitsAsMalformedJson(String description, String value) {
        Rejection rejection = invalid(bytes(KEY), bytes(value));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.eventId()).isNull();
    }

    static Stream<Arguments> beyondTheParserLimits() {
        return Stream.of(
                Arguments.of("10,000 levels of arrays in data", VALID.replace("\"task_9\"",
                        "[".repeat(10_000) + "]".repeat(10_000))),
                Arguments.of("1,001 levels in all", VALID.replace("\"task_9\"", "{\"a\":".repeat(999) + "1"
                        + "}".repeat(999))),
                Arguments.of("10,000 opening brackets", "[".repeat(10_000)),
                Arguments.of("a sequence of 5,000 digits", VALID.replace("\"sequence\": 4", "\"sequence\": "
                        + "9".repeat(5_000))));
    }

    @Test
    void acceptsNestingUpToTheParsersLimit() {
        ClusterEvent event = parsed(bytes(KEY), bytes(VALID.replace("\"task_9\"",
                "{\"a\":".repeat(998) + "1" + "}".repeat(998))));

        assertThat(event.data().at("/task_id" + "/a".repeat(998)).intValue()).isEqualTo(1);
    }

    @Test
    void acceptsEscapedNulInStringsAndRejectsARawNulByte() {
        String escaped = VALID.replace("\"task_9\"", "\"task\\u0000nine\"");
        String raw = VALID.replace("\"task_9\"", "\"task\u0000nine\"");

        assertThat(parsed(bytes(KEY), bytes(escaped)).data().get("task_id").textValue()).isEqualTo("task\u0000nine");
        assertThat(invalid(bytes(KEY), bytes(raw)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void acceptsAUtf8ByteOrderMarkBeforeTheObject() {
        assertThat(parsed(bytes(KEY), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(VALID)))
                .eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void rejectsAnArrayHoldingAValidEnvelopeAsMalformedJson() {
        Rejection rejection = invalid(bytes(KEY), bytes("[" + VALID + "]"));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.message()).contains("not an object");
    }

    @ParameterizedTest(name = "[{index}] valid envelope followed by {0}")
    @ValueSource(strings = {"x", " garbage", "{}", " " + "{\"a\": 1}", "]", "}", ",", "1", "null"})
    void rejectsTrailingGarbageAfterTheObjectAsMalformedJson(String trailing) {
        Rejection rejection = invalid(bytes(KEY), bytes(VALID + trailing));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void acceptsTrailingWhitespace() {
        assertThat(parsed(bytes(KEY), bytes(VALID + " \n\t ")).eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void rejectsDuplicateEnvelopeKeysAsMalformedJson() {
        String duplicated = VALID.replace("\"sequence\": 4,", "\"sequence\": 4, \"sequence\": 5,");

        Rejection rejection = invalid(bytes(KEY), bytes(duplicated));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.message()).contains("sequence");
    }

    @Test
    void rejectsDuplicateKeysInsideDataAsMalformedJson() {
        String duplicated = VALID.replace("\"num_clusters\": 3,", "\"num_clusters\": 3, \"num_clusters\": 4,");

        Rejection rejection = invalid(bytes(KEY), bytes(duplicated));

        assertThat(rejection.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(rejection.message()).contains("num_clusters");
    }

    @Test
    void rejectsDuplicateKeysDeepInsideMetadataAsMalformedJson() {
        String duplicated = VALID.replace("{\"a\": null,", "{\"a\": null, \"a\": 1,");

        assertThat(invalid(bytes(KEY), bytes(duplicated)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    // ---------------------------------------------------------------- INVALID_ENVELOPE

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidEnvelopeFields")
    void rejectsEnvelopeFieldThatIsMissingOrHasTheWrongTypeOrRange(String field, String rawValue) {
        ObjectNode envelope = envelope();
        if (rawValue.equals(MISSING)) {
            envelope.remove(field);
        } else {
            envelope.set(field, json(rawValue));
        }

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).as("the message names the field").contains(field);
        if (!field.equals("event_id")) {
            assertThat(rejection.eventId()).isEqualTo(EVENT_ID);
        } else if (!rawValue.startsWith("\"")) {
            assertThat(rejection.eventId()).as("an event_id that is not a string cannot be read").isNull();
        }
    }

    static Stream<Arguments> invalidEnvelopeFields() {
        List<Arguments> cases = new ArrayList<>();
        for (String field : List.of("event_id", "event_type", "cluster_id", "namespace_id", "organization_id",
                "sequence", "occurred_at", "data")) {
            cases.add(Arguments.of(field, MISSING));
            cases.add(Arguments.of(field, "null"));
        }
        for (String field : List.of("event_id", "cluster_id", "namespace_id", "organization_id")) {
            for (String raw : List.of("5", "true", "{}", "[\"clust_a1b2c3\"]", "\"\"",
                    "\"" + "x".repeat(129) + "\"")) {
                cases.add(Arguments.of(field, raw));
            }
        }
        for (String raw : List.of("5", "true", "{}", "[\"cluster.created\"]")) {
            cases.add(Arguments.of("event_type", raw));
        }
        for (String raw : List.of("0", "-1", "-9223372036854775808", "1.5", "\"3\"", "true",
                "[4]", "{}", "9223372036854775808", "99999999999999999999")) {
            cases.add(Arguments.of("sequence", raw));
        }
        for (String raw : List.of("\"2026-11-28T10:15:30\"", "\"2026-11-28T10:15:30.250\"", "\"2026-11-28\"",
                "\"10:15:30Z\"", "\"yesterday\"", "\"\"", "1764324930", "1764324930250", "true", "{}",
                "\"2026-13-28T10:15:30Z\"", "\"2026-02-30T10:15:30Z\"", "\"2026-11-28T25:15:30Z\"",
                "\"2026-11-28T10:15:30+0200\"", "\"2026-11-28T10:15:30+02\"", "\"2026-11-28T10:15:30.250Z junk\"",
                "\"Sat, 28 Nov 2026 10:15:30 GMT\"")) {
            cases.add(Arguments.of("occurred_at", raw));
        }
        for (String raw : List.of("[]", "[{}]", "\"{}\"", "5", "true")) {
            cases.add(Arguments.of("data", raw));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {"other_cluster", "CLUST_A1B2C3", "clust_a1b2c3 ", ""})
    void rejectsKeyThatDiffersFromClusterId(String key) {
        Rejection rejection = invalid(bytes(key), bytes(VALID));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).contains("cluster_id").contains("key");
        assertThat(rejection.eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void rejectsNullKey() {
        Rejection rejection = invalid(null, bytes(VALID));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).contains("cluster_id").contains("null");
        assertThat(rejection.eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void comparesKeyAndClusterIdAsUtf8Text() {
        ObjectNode envelope = envelope();
        envelope.put("cluster_id", "clüster_ü");

        assertThat(parsed(bytes("clüster_ü"), write(envelope)).clusterId()).isEqualTo("clüster_ü");
    }

    // ---------------------------------------------------------------- UNKNOWN_EVENT_TYPE

    @ParameterizedTest
    @ValueSource(strings = {"cluster.exploded", "CLUSTER.CREATED", "cluster.created ", "created", "cluster.execution",
        "cluster.execution.cancelled", ""})
    void rejectsEventTypeThatIsNotOneOfTheSeven(String eventType) {
        ObjectNode envelope = envelope();
        envelope.put("event_type", eventType);

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(rejection.code()).isEqualTo(ErrorCode.UNKNOWN_EVENT_TYPE);
        assertThat(rejection.message()).contains("event_type");
        assertThat(rejection.eventId()).isEqualTo(EVENT_ID);
    }

    // ---------------------------------------------------------------- precedence

    @Test
    void invalidEnvelopeWinsOverUnknownEventTypeWhenDataIsMissing() {
        ObjectNode envelope = envelope();
        envelope.put("event_type", "cluster.exploded");
        envelope.remove("data");

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).contains("data");
    }

    @Test
    void invalidEnvelopeWinsOverUnknownEventTypeWhenKeyDiffers() {
        ObjectNode envelope = envelope();
        envelope.put("event_type", "cluster.exploded");

        assertThat(invalid(bytes("another"), write(envelope)).code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
    }

    @Test
    void invalidEnvelopeWinsOverUnknownEventTypeWhenSequenceIsZero() {
        ObjectNode envelope = envelope();
        envelope.put("event_type", "cluster.exploded");
        envelope.put("sequence", 0);

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).contains("sequence");
    }

    @Test
    void invalidEnvelopeWinsOverUnknownEventTypeWhenOccurredAtHasNoOffset() {
        ObjectNode envelope = envelope();
        envelope.put("event_type", "nope");
        envelope.put("occurred_at", "2026-11-28T10:15:30");

        assertThat(invalid(bytes(KEY), write(envelope)).code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
    }

    @Test
    void malformedJsonWinsOverEverythingElse() {
        String value = "{\"event_type\": \"nope\", \"event_type\": \"nope\", \"sequence\": 0}";

        assertThat(invalid(null, bytes(value)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(invalid(null, bytes("[1, 2]")).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(invalid(null, null).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void errorCodesAreDeclaredInPrecedenceOrder() {
        assertThat(ErrorCode.values()).containsExactly(ErrorCode.MALFORMED_JSON, ErrorCode.INVALID_ENVELOPE,
                ErrorCode.UNKNOWN_EVENT_TYPE, ErrorCode.UNKNOWN_CLUSTER, ErrorCode.ALREADY_EXISTS,
                ErrorCode.OWNERSHIP_MISMATCH, ErrorCode.IMMUTABLE_FIELD, ErrorCode.INVALID_DATA, ErrorCode.STALE_TASK);
    }

    // ---------------------------------------------------------------- event_id in rejections

    @Test
    void capturesEventIdInEveryRejectionAfterItCouldBeRead() {
        ObjectNode badSequence = envelope();
        badSequence.put("sequence", -1);
        ObjectNode unknownType = envelope();
        unknownType.put("event_type", "nope");

        assertThat(invalid(bytes(KEY), write(badSequence)).eventId()).isEqualTo(EVENT_ID);
        assertThat(invalid(bytes("other"), bytes(VALID)).eventId()).isEqualTo(EVENT_ID);
        assertThat(invalid(bytes(KEY), write(unknownType)).eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void leavesEventIdNullWhenItCannotBeRead() {
        ObjectNode missing = envelope();
        missing.remove("event_id");
        ObjectNode number = envelope();
        number.put("event_id", 12);

        assertThat(invalid(bytes(KEY), write(missing)).eventId()).isNull();
        assertThat(invalid(bytes(KEY), write(number)).eventId()).isNull();
    }

    @Test
    void abbreviatesVeryLongValuesInMessages() {
        ObjectNode envelope = envelope();
        envelope.put("occurred_at", "z".repeat(10_000));

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(rejection.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE);
        assertThat(rejection.message()).contains("occurred_at").hasSizeLessThan(300);
    }

    @Test
    void abbreviatesWithoutSplittingASurrogatePair() {
        ObjectNode envelope = envelope();
        envelope.put("occurred_at", "z".repeat(60) + "\ud83d\ude00" + "z".repeat(100));

        Rejection rejection = invalid(bytes(KEY), write(envelope));

        assertThat(UnpairedSurrogates.in(rejection.message())).as(rejection.message()).isFalse();
        assertThat(rejection.message()).contains("z".repeat(60) + "...");
    }

    // ---------------------------------------------------------------- helpers

    private static ClusterEvent parsed(byte[] key, byte[] value) {
        ParseResult result = EventParser.parse(key, value);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    private static Rejection invalid(byte[] key, byte[] value) {
        ParseResult result = EventParser.parse(key, value);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) result).rejection();
    }

    private static ObjectNode envelope() {
        return (ObjectNode) json(VALID);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceMarker(String text, byte[] replacement) {
        int at = text.indexOf("MARK");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(text.substring(0, at)));
        out.writeBytes(replacement);
        out.writeBytes(bytes(text.substring(at + "MARK".length())));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
