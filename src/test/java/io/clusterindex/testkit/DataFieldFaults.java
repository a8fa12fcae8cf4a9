package io.clusterindex.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wrong types and values for the configuration fields of a {@code cluster.created}: each makes the creation
 * {@code INVALID_DATA} (events.md; {@code null} only where the field is required, since it resets an optional one).
 */
final class DataFieldFaults {
    private static final Map<String, List<JsonNode>> FAULTS = Map.ofEntries(
            Map.entry("cluster_name", List.of(number(1), bool(), nul(), text(""), array(), object())),
            Map.entry("cluster_type", List.of(text("graph"), text(""), text("VECTOR"), number(3), nul(), array())),
            Map.entry("input_collections", List.of(text("docs"), array(), array().add(1), array().addNull(), nul(),
                    object())),
            Map.entry("source_bucket_ids", List.of(text("b"), array().add(1), object())),
            Map.entry("filters", List.of(text("lang=en"), array(), number(3))),
            Map.entry("feature_uris", List.of(array().add(object()), text("u"))),
            Map.entry("multi_feature_strategy", List.of(number(5), array())),
            Map.entry("hierarchical_grouping", List.of(text("true"), number(1), array())),
            Map.entry("enrich_source", List.of(text("no"), number(0))),
            Map.entry("output_collection_ids", List.of(array().add(1), text("x"))),
            Map.entry("algorithm_params", List.of(array(), text("k=3"))),
            Map.entry("metadata", List.of(text("x"), array(), number(1))),
            Map.entry("parent_cluster_id", List.of(number(5), object())));
    private static final List<String> FIELDS = FAULTS.keySet().stream().sorted().toList();

    private DataFieldFaults() {
    }

    /** Puts one wrong value into {@code data}, a valid creation's data. */
    static void apply(ObjectNode data, SplittableRandom random) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        List<JsonNode> values = FAULTS.get(field);
        data.set(field, values.get(random.nextInt(values.size())).deepCopy());
    }

    private static JsonNode number(int value) {
        return Json.NODES.numberNode(value);
    }

    private static JsonNode bool() {
        return Json.NODES.booleanNode(true);
    }

    private static JsonNode nul() {
        return Json.NODES.nullNode();
    }

    private static JsonNode text(String value) {
        return Json.NODES.textNode(value);
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode array() {
        return Json.NODES.arrayNode();
    }

    private static ObjectNode object() {
        return Json.NODES.objectNode();
    }
}
