package io.clusterindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.events.Rejection;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One line of {@code produce}'s input checked as the indexer will check it: keyed by its {@code cluster_id}, then
 * read by the indexer's own {@link EventParser}, so that a line that would be dead-lettered for its envelope
 * ({@code MALFORMED_JSON}, {@code INVALID_ENVELOPE}, {@code UNKNOWN_EVENT_TYPE}) is refused before it is published.
 * Rules that depend on the cluster's state (an update of an unknown cluster, ...) are the fold's, and are not checked.
 */
final class EventLines {
    /** The record key the line is published with (null when it has no textual {@code cluster_id}), or why not. */
    record Checked(String key, Rejection rejection) {
        boolean valid() {
            return rejection == null;
        }
    }

    private EventLines() {
    }

    static Checked check(byte[] line) {
        String key = clusterId(line);
        ParseResult result = EventParser.parse(key == null ? null : key.getBytes(StandardCharsets.UTF_8), line);
        return new Checked(key, result instanceof ParseResult.Invalid invalid ? invalid.rejection() : null);
    }

    private static String clusterId(byte[] line) {
        try {
            JsonNode id = Json.MAPPER.readTree(line).get("cluster_id");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
