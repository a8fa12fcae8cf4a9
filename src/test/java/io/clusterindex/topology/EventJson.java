package io.clusterindex.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds event envelopes and other JSON of the tests. */
final class EventJson {
    private EventJson() {
    }

    static ObjectNode envelope(String eventId, String eventType, String clusterId, String namespaceId,
                               String organizationId, long sequence, String occurredAt, JsonNode data) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("event_id", eventId);
        node.put("event_type", eventType);
        node.put("cluster_id", clusterId);
        node.put("namespace_id", namespaceId);
        node.put("organization_id", organizationId);
        node.put("sequence", sequence);
        node.put("occurred_at", occurredAt);
        node.set("data", data);
        return node;
    }

    /** Parses JSON written with single quotes for readability ({@code {'a': 1}}). */
    static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) node(singleQuoted.replace('\'', '"'));
    }

    static JsonNode node(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return JsonSerdes.write(node);
    }
}
