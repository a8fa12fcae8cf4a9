package io.clusterindex.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.stats.NamespaceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON of what the indexer publishes for others: namespace stats on {@code cluster-stats}, views. */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    public static Serde<NamespaceStats> namespaceStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : write(toJson(stats)),
                (topic, bytes) -> bytes == null ? null : namespaceStatsFrom(read(bytes)));
    }

    /** The JSON of a namespace's stats, as on {@code cluster-stats} and in the HTTP API. */
    public static ObjectNode toJson(NamespaceStats stats) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("namespace_id", stats.namespaceId());
        node.put("total_clusters", stats.totalClusters());
        node.put("total_documents", stats.totalDocuments());
        node.put("avg_documents_per_cluster", stats.avgDocumentsPerCluster());
        ObjectNode byStatus = node.putObject("clusters_by_status");
        stats.clustersByStatus().forEach(byStatus::put);
        return node;
    }

    public static NamespaceStats namespaceStatsFrom(JsonNode node) {
        Map<String, Long> byStatus = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.get("clusters_by_status").properties()) {
            byStatus.put(e.getKey(), e.getValue().longValue());
        }
        return new NamespaceStats(node.get("namespace_id").textValue(), node.get("total_clusters").longValue(),
                node.get("total_documents").longValue(), byStatus);
    }

    public static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new SerializationException("stored value is not the JSON this version writes", e);
        }
    }
}
