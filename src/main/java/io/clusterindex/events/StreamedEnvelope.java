package io.clusterindex.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.JsonTrees;
import io.clusterindex.time.Rfc3339;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fast path of {@link EventParser}: reads a well-formed event with Jackson's streaming parser, taking the
 * envelope's fields as strings and a number and building a tree of {@code data} only ({@link JsonTrees}), instead of
 * a tree of the whole value (no node per envelope field, no duplicate-key hash set per object: a duplicate inside
 * {@code data} is found when its tree is built, at the top level by the fields already seen).
 *
 * <p>It answers only for events that pass every check; for anything else (bad JSON, a duplicate key, a missing or
 * mistyped field, an object or array in a field the envelope does not name, an id too long, an unknown type) it
 * answers null and the caller reads the value again the full way, which names the problem. So a rejection's code and
 * message never depend on this class, and an accepted event equals the one the full way reads (checked by
 * {@code StreamedEnvelopeTest} over valid, mutated and bad events).
 */
final class StreamedEnvelope {
    /**
     * Same parser limits as {@code Json.MAPPER}; duplicate keys found while the tree of {@code data} is built instead
     * of by a hash set per object in the parser.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private static final int EVENT_ID = 1;
    private static final int EVENT_TYPE = 1 << 1;
    private static final int CLUSTER_ID = 1 << 2;
    private static final int NAMESPACE_ID = 1 << 3;
    private static final int ORGANIZATION_ID = 1 << 4;
    private static final int SEQUENCE = 1 << 5;
    private static final int OCCURRED_AT = 1 << 6;
    private static final int DATA = 1 << 7;
    private static final int ALL = (1 << 8) - 1;

    private StreamedEnvelope() {
    }

    /**
     * The event in {@code value} (strict UTF-8 without surrogate escapes: the caller checked), or null when it is
     * not a valid event or this reader is not sure.
     */
    static ClusterEvent read(byte[] key, byte[] value) {
        try (JsonParser parser = MAPPER.createParser(value)) {
            return read(key, parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ClusterEvent read(byte[] key, JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        List<String> otherNames = null;
        String eventId = null;
        String type = null;
        String clusterId = null;
        String namespaceId = null;
        String organizationId = null;
        long sequence = 0;
        String occurredAt = null;
        ObjectNode data = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            int field = field(name);
            if ((seen & field) != 0) {
                return null;
            }
            seen |= field;
            switch (field) {
                case EVENT_ID -> eventId = string(parser, valueToken);
                case EVENT_TYPE -> type = string(parser, valueToken);
                case CLUSTER_ID -> clusterId = string(parser, valueToken);
                case NAMESPACE_ID -> namespaceId = string(parser, valueToken);
                case ORGANIZATION_ID -> organizationId = string(parser, valueToken);
                case OCCURRED_AT -> occurredAt = string(parser, valueToken);
                case SEQUENCE -> {
                    if (valueToken != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return null;
                    }
                    sequence = parser.getLongValue();
                }
                case DATA -> {
                    if (valueToken != JsonToken.START_OBJECT) {
                        return null;
                    }
                    JsonNode tree = JsonTrees.read(parser);
                    if (tree == null) {
                        return null;
                    }
                    data = (ObjectNode) tree;
                }
                default -> {
                    // a field the envelope does not name: a scalar is skipped; a structure is left to the full reader,
                    // which checks its keys for duplicates
                    if (valueToken.isStructStart()) {
                        return null;
                    }
                    if (otherNames == null) {
                        otherNames = new ArrayList<>(2);
                    } else if (otherNames.contains(name)) {
                        return null;
                    }
                    otherNames.add(name);
                }
            }
        }
        if (parser.nextToken() != null || seen != ALL || !valid(key, eventId, clusterId, namespaceId, organizationId)
                || sequence < 1 || data == null) {
            return null;
        }
        Instant occurred = occurredAt == null ? null : Rfc3339.parse(occurredAt);
        Optional<EventType> eventType = EventType.fromWireName(type);
        if (occurred == null || eventType.isEmpty()) {
            return null;
        }
        return new ClusterEvent(eventId, eventType.get(), clusterId, namespaceId, organizationId, sequence, occurred,
                data);
    }

    private static int field(String name) {
        return switch (name) {
            case "event_id" -> EVENT_ID;
            case "event_type" -> EVENT_TYPE;
            case "cluster_id" -> CLUSTER_ID;
            case "namespace_id" -> NAMESPACE_ID;
            case "organization_id" -> ORGANIZATION_ID;
            case "sequence" -> SEQUENCE;
            case "occurred_at" -> OCCURRED_AT;
            case "data" -> DATA;
            default -> 0;
        };
    }

    /** The string value at the parser, or null (not a string: the full reader says so). */
    private static String string(JsonParser parser, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static boolean valid(byte[] key, String eventId, String clusterId, String namespaceId,
            String organizationId) {
        return EventParser.isId(eventId) && EventParser.isId(clusterId) && EventParser.isId(namespaceId)
                && EventParser.isId(organizationId) && key != null
                && Arrays.equals(key, clusterId.getBytes(StandardCharsets.UTF_8));
    }
}
