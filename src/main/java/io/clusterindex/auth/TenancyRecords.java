package io.clusterindex.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusterindex.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of the {@code namespaces} and {@code api-keys} records (events.md, "Topics"), as the development key's
 * registration and the command line publish them: fields in alphabetical order, timestamps as ISO-8601 instants.
 */
public final class TenancyRecords {
    private TenancyRecords() {
    }

    /** The value of a {@code namespaces} record, keyed by {@code namespaceId}. */
    public static byte[] namespace(String namespaceId, String namespaceName, String organizationId) {
        return json(Map.of("namespace_id", namespaceId, "namespace_name", namespaceName,
                "organization_id", organizationId));
    }

    /** The value of an {@code api-keys} record, keyed by {@link ApiKeys#hash} of the raw key. */
    public static byte[] apiKey(String organizationId, String name, Instant createdAt) {
        return json(Map.of("organization_id", organizationId, "name", name, "created_at", createdAt.toString()));
    }

    private static byte[] json(Map<String, String> fields) {
        try {
            return Json.MAPPER.writeValueAsBytes(new TreeMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
