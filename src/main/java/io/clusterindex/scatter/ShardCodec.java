package io.clusterindex.scatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The body of an internal endpoint's answer: {@code {"partitions": [0, 2], "positions": {"0": 12, "2": -1},
 * "value": ...}} where the value is a list share ({@code results}, {@code total}, {@code skipped}, {@code stats}), a cluster (or
 * null) or stats ({@code total_clusters}, {@code total_documents}, {@code clusters_by_status}).
 */
public final class ShardCodec {
    private static final String PARTITIONS = "partitions";
    private static final String POSITIONS = "positions";
    private static final String VALUE = "value";
    private static final String LAGS = "lags";

    private ShardCodec() {
    }

    public static ObjectNode encodeList(Answer<ListPage> served) {
        return encode(served, page -> {
            ObjectNode value = Json.NODES.objectNode();
            ArrayNode results = value.putArray("results");
            page.results().forEach(results::add);
            value.put("total", page.total());
            value.put("skipped", page.skipped());
            value.set("stats", statsNode(page.stats()));
            return value;
        });
    }

    public static ObjectNode encodeCluster(Answer<ObjectNode> served) {
        return encode(served, cluster -> cluster);
    }

    public static ObjectNode encodeStats(Answer<Stats> served) {
        return encode(served, ShardCodec::statsNode);
    }

    public static Answer<ListPage> decodeList(JsonNode body) {
        return decode(body, value -> {
            List<ObjectNode> results = new ArrayList<>();
            for (JsonNode result : require(value, "results")) {
                if (!result.isObject()) {
                    throw new IllegalArgumentException("a result is not an object");
                }
                results.add((ObjectNode) result);
            }
            return new ListPage(results, require(value, "total").longValue(), decodeStatsValue(require(value, "stats")),
                    require(value, "skipped").longValue());
        });
    }

    public static Answer<ObjectNode> decodeCluster(JsonNode body) {
        return decode(body, value -> value.isObject() ? (ObjectNode) value : null);
    }

    public static Answer<Stats> decodeStats(JsonNode body) {
        return decode(body, ShardCodec::decodeStatsValue);
    }

    /** A found or not-found answer (its value then written as null); a not-served one is an error status. */
    private static <T> ObjectNode encode(Answer<T> served, Function<T, JsonNode> value) {
        Basis basis = served.basis();
        ObjectNode root = Json.NODES.objectNode();
        ArrayNode partitions = root.putArray(PARTITIONS);
        basis.covered().forEach(partitions::add);
        ObjectNode positions = root.putObject(POSITIONS);
        basis.positions().forEach((partition, offset) -> positions.put(Integer.toString(partition), offset));
        if (!basis.lags().isEmpty()) {
            ObjectNode lags = root.putObject(LAGS);
            basis.lags().forEach((partition, lag) -> lags.put(Integer.toString(partition), lag));
        }
        root.set(VALUE, served instanceof Answer.Found<T> found ? value.apply(found.value()) : Json.NODES.nullNode());
        return root;
    }

    /** The answer an instance served: found, or not found when {@code value} decodes to null. */
    private static <T> Answer<T> decode(JsonNode body, Function<JsonNode, T> value) {
        SortedSet<Integer> partitions = new TreeSet<>();
        for (JsonNode partition : require(body, PARTITIONS)) {
            partitions.add(partition.intValue());
        }
        SortedMap<Integer, Long> positions = offsets(require(body, POSITIONS));
        SortedMap<Integer, Long> lags = body.has(LAGS) ? offsets(body.get(LAGS)) : new TreeMap<>();
        Basis basis = new Basis(positions, partitions, lags);
        T decoded = value.apply(require(body, VALUE));
        return decoded == null ? new Answer.NotFound<>(basis) : new Answer.Found<>(decoded, basis);
    }

    /** {@code {"0": 12, "2": -1}}: numbers by partition. */
    private static SortedMap<Integer, Long> offsets(JsonNode node) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().longValue());
        }
        return offsets;
    }

    private static ObjectNode statsNode(Stats stats) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("total_clusters", stats.totalClusters());
        node.put("total_documents", stats.totalDocuments());
        ObjectNode byStatus = node.putObject("clusters_by_status");
        stats.clustersByStatus().forEach(byStatus::put);
        return node;
    }

    private static Stats decodeStatsValue(JsonNode node) {
        SortedMap<String, Long> byStatus = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : require(node, "clusters_by_status").properties()) {
            byStatus.put(entry.getKey(), entry.getValue().longValue());
        }
        return new Stats(require(node, "total_clusters").longValue(), require(node, "total_documents").longValue(),
                byStatus);
    }

    private static JsonNode require(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing '" + field + "' in an instance's answer");
        }
        return value;
    }
}
