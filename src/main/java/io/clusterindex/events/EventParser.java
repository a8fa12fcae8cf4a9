package io.clusterindex.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.time.Rfc3339;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a raw {@code cluster-events} record into a {@link ClusterEvent}, checking the rules that come before the
 * fold: {@code MALFORMED_JSON}, then {@code INVALID_ENVELOPE}, then {@code UNKNOWN_EVENT_TYPE}. A value is
 * {@code MALFORMED_JSON} unless it is strict UTF-8, JSON within the parser's limits (nesting depth 1,000, numbers of
 * 1,000 digits, strings of 20 million characters), an object, and Unicode text in every string (no unpaired
 * surrogate escape).
 *
 * <p>A value is read first by {@link StreamedEnvelope} (a streaming parse that builds a tree of {@code data} only);
 * when that does not accept it, it is read again in full ({@link #parseTree}), which decides the rejection.
 */
public final class EventParser {
    static final int MAX_ID_LENGTH = 128;

    private EventParser() {
    }

    public static ParseResult parse(byte[] key, byte[] value) {
        if (value != null && (isAscii(value) || isStrictUtf8(value)) && !UnpairedSurrogates.mayBeIn(value)) {
            ClusterEvent event = StreamedEnvelope.read(key, value);
            if (event != null) {
                return new ParseResult.Parsed(event);
            }
        }
        return parseTree(key, value);
    }

    /** The full way: a tree of the whole value, every check in order, a rejection that names the problem. */
    static ParseResult parseTree(byte[] key, byte[] value) {
        if (value == null) {
            return invalid(ErrorCode.MALFORMED_JSON, "value is null (tombstone); an event must be a JSON object", null);
        }
        if (!isAscii(value) && !isStrictUtf8(value)) {
            return invalid(ErrorCode.MALFORMED_JSON, "value is not valid UTF-8", null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(value);
        } catch (JacksonException e) {
            return invalid(ErrorCode.MALFORMED_JSON, "value is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            return invalid(ErrorCode.MALFORMED_JSON, "value cannot be read: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            return invalid(ErrorCode.MALFORMED_JSON, "value is JSON but not an object", null);
        }
        if (UnpairedSurrogates.mayBeIn(value) && UnpairedSurrogates.in(root)) {
            return invalid(ErrorCode.MALFORMED_JSON,
                    "value holds an unpaired surrogate escape (such as \\ud800): a string that is not Unicode text", null);
        }
        return readEnvelope(key, (ObjectNode) root);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static ParseResult readEnvelope(byte[] key, ObjectNode root) {
        JsonNode eventIdNode = root.get("event_id");
        String eventId = isIdString(eventIdNode) ? eventIdNode.textValue() : null;
        if (eventId == null) {
            return invalid(ErrorCode.INVALID_ENVELOPE, idMessage("event_id", eventIdNode), null);
        }
        JsonNode typeNode = root.get("event_type");
        if (typeNode == null || !typeNode.isTextual()) {
            return invalid(ErrorCode.INVALID_ENVELOPE, "event_type " + describe(typeNode) + "; must be a string", eventId);
        }
        for (String field : new String[] {"cluster_id", "namespace_id", "organization_id"}) {
            JsonNode node = root.get(field);
            if (!isIdString(node)) {
                return invalid(ErrorCode.INVALID_ENVELOPE, idMessage(field, node), eventId);
            }
        }
        String clusterId = root.get("cluster_id").textValue();
        if (key == null || !Arrays.equals(key, clusterId.getBytes(StandardCharsets.UTF_8))) {
            String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
            return invalid(ErrorCode.INVALID_ENVELOPE,
                    "record key " + (keyText == null ? "is null" : "'" + abbreviate(keyText) + "'")
                            + " differs from cluster_id '" + clusterId + "'", eventId);
        }
        JsonNode sequenceNode = root.get("sequence");
        if (sequenceNode == null || !sequenceNode.isIntegralNumber() || !sequenceNode.canConvertToLong()
                || sequenceNode.longValue() < 1) {
            return invalid(ErrorCode.INVALID_ENVELOPE,
                    "sequence " + describe(sequenceNode) + "; must be an integer >= 1", eventId);
        }
        Optional<Instant> occurredAt = parseTimestamp(root.get("occurred_at"));
        if (occurredAt.isEmpty()) {
            return invalid(ErrorCode.INVALID_ENVELOPE, "occurred_at " + describe(root.get("occurred_at"))
                    + "; must be an RFC 3339 date-time with offset", eventId);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            return invalid(ErrorCode.INVALID_ENVELOPE, "data " + describe(data) + "; must be an object", eventId);
        }
        Optional<EventType> type = EventType.fromWireName(typeNode.textValue());
        if (type.isEmpty()) {
            return invalid(ErrorCode.UNKNOWN_EVENT_TYPE,
                    "event_type '" + abbreviate(typeNode.textValue()) + "' is not one of the seven types", eventId);
        }
        return new ParseResult.Parsed(new ClusterEvent(eventId, type.get(), clusterId,
                root.get("namespace_id").textValue(), root.get("organization_id").textValue(),
                sequenceNode.longValue(), occurredAt.get(), (ObjectNode) data));
    }

    /** Parses an RFC 3339 date-time with an offset; empty when {@code node} is not one. */
    public static Optional<Instant> parseTimestamp(JsonNode node) {
        return node == null || !node.isTextual() ? Optional.empty() : Optional.ofNullable(Rfc3339.parse(node.textValue()));
    }

    private static boolean isIdString(JsonNode node) {
        return node != null && node.isTextual() && isId(node.textValue());
    }

    /** An id of 1..{@link #MAX_ID_LENGTH} characters. */
    static boolean isId(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_ID_LENGTH;
    }

    private static String idMessage(String field, JsonNode node) {
        return field + " " + describe(node) + "; must be a string of 1.." + MAX_ID_LENGTH + " characters";
    }

    static String describe(JsonNode node) {
        if (node == null) {
            return "is missing";
        }
        if (node.isNull()) {
            return "is null";
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? "is an empty string"
                    : "is '" + abbreviate(node.textValue()) + "' (" + node.textValue().length() + " chars)";
        }
        return "is " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node.toString());
    }

    /** The first 61 characters and "...", never ending on half of a surrogate pair (the header must be UTF-8). */
    static String abbreviate(String text) {
        if (text.length() <= 64) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(60)) ? 60 : 61) + "...";
    }

    private static ParseResult invalid(ErrorCode code, String message, String eventId) {
        return new ParseResult.Invalid(new Rejection(code, message, eventId));
    }
}
