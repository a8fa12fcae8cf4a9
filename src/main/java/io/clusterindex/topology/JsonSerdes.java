package io.clusterindex.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.view.ClusterState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON serdes of the values the topology stores and exchanges. */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    public static Serde<ClusterState> clusterState() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : write(toJson(state)),
                (topic, bytes) -> bytes == null ? null : clusterStateFrom(read(bytes)));
    }

    public static Serde<NamespaceStats> namespaceStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : write(toJson(stats)),
                (topic, bytes) -> bytes == null ? null : namespaceStatsFrom(read(bytes)));
    }

    static Serde<StatsDelta> statsDelta() {
        return Serdes.serdeFrom((topic, delta) -> delta == null ? null : write(toJson(delta)),
                (topic, bytes) -> bytes == null ? null : statsDeltaFrom(read(bytes)));
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

    static ObjectNode toJson(ClusterState state) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("sequence", state.sequence());
        node.set("cluster", state.cluster() == null ? Json.NODES.nullNode() : state.cluster());
        return node;
    }

    static ClusterState clusterStateFrom(JsonNode node) {
        JsonNode cluster = node.get("cluster");
        return new ClusterState(node.get("sequence").longValue(), cluster.isObject() ? (ObjectNode) cluster : null);
    }

    private static ObjectNode toJson(StatsDelta delta) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("namespace_id", delta.namespaceId());
        putContribution(node, "removed", delta.removed());
        putContribution(node, "added", delta.added());
        return node;
    }

    private static void putContribution(ObjectNode node, String name, Contribution contribution) {
        if (contribution == null) {
            node.putNull(name);
        } else {
            node.putObject(name).put("status", contribution.status()).put("documents", contribution.documents());
        }
    }

    private static StatsDelta statsDeltaFrom(JsonNode node) {
        return new StatsDelta(node.get("namespace_id").textValue(), contribution(node.get("removed")),
                contribution(node.get("added")));
    }

    private static Contribution contribution(JsonNode node) {
        return node == null || node.isNull() ? null
                : new Contribution(node.get("status").textValue(), node.get("documents").longValue());
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
