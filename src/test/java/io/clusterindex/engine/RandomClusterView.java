package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterStatus;
import io.clusterindex.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random {@code ClusterMetadata} documents with tricky metadata: nesting, arrays, nulls, mixed types, Unicode. */
public final class RandomClusterView {
    public static final List<String> WORDS = List.of("alpha", "Alpha", "ALPHA", "beta", "Beta-2", "gamma ray", "delta_x",
            "École", "école", "straße", "STRASSE", "İstanbul", "istanbul", "naïve", "😀smile", "x", "", "search",
            "Search", "ads", "ADS", "kmeans", "k-means", "col_a", "Col_A", "red tape", "Red", "blue", "\uFF5Ewide",
            "2026", "a1 b2");
    public static final List<String> METADATA_KEYS = List.of("team", "score", "tags", "owner", "nested", "flag", "items",
            "note", "Team", "x");
    private static final List<Instant> SHARED_INSTANTS = List.of(Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00.500Z"), Instant.parse("2025-06-30T23:59:59.999Z"),
            Instant.parse("2026-03-15T12:00:00Z"), Instant.parse("2024-02-29T08:30:00.123456789Z"));

    private final Random random;

    private RandomClusterView(Random random) {
        this.random = random;
    }

    /** A generator of random scalars, numbers and texts of the kinds found in generated clusters. */
    public static RandomClusterView values(Random random) {
        return new RandomClusterView(random);
    }

    public static List<ObjectNode> generate(Random random, int size) {
        RandomClusterView generator = new RandomClusterView(random);
        Set<String> ids = new HashSet<>();
        List<ObjectNode> clusters = new ArrayList<>();
        while (clusters.size() < size) {
            String id = generator.id();
            if (ids.add(id)) {
                clusters.add(generator.cluster(id));
            }
        }
        return clusters;
    }

    private String id() {
        String alphabet = "abcXYZ019_";
        StringBuilder id = new StringBuilder("cl_");
        for (int i = 0; i < 5; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private ObjectNode cluster(String id) {
        ObjectNode c = Json.NODES.objectNode();
        for (ClusterField field : ClusterField.values()) {
            c.set(field.wireName(), field.defaultValue());
        }
        c.put("cluster_id", id);
        c.put("namespace_id", "ns_1");
        c.put("organization_id", "org_1");
        c.put("cluster_name", text());
        c.put("cluster_type", random.nextBoolean() ? "vector" : "attribute");
        c.set("input_collections", strings(1 + random.nextInt(3), List.of("col_a", "Col_A", "col_b", "col_c")));
        c.set("source_bucket_ids", maybe(() -> strings(random.nextInt(3), List.of("b1", "B1", "b2"))));
        c.set("filters", maybe(() -> object(2)));
        c.set("feature_uris", maybe(() -> strings(random.nextInt(3), List.of("mixpeek://text@v1", "mixpeek://img"))));
        c.set("hierarchical_grouping", maybe(() -> Json.NODES.booleanNode(random.nextBoolean())));
        c.set("algorithm", maybe(() -> Json.NODES.textNode(pick(List.of("kmeans", "KMeans", "hdbscan", "agglo")))));
        c.set("algorithm_params", maybe(() -> {
            ObjectNode params = Json.NODES.objectNode();
            params.set("k", scalar());
            params.put("eps", random.nextInt(20) / 4.0);
            return params;
        }));
        c.put("enrich_source", random.nextBoolean());
        c.set("llm_labeling", maybe(() -> {
            ObjectNode labeling = Json.NODES.objectNode();
            labeling.put("enabled", random.nextBoolean());
            labeling.put("model", pick(WORDS));
            labeling.set("labels", strings(random.nextInt(3), WORDS));
            return labeling;
        }));
        c.set("parent_cluster_id", maybe(() -> Json.NODES.textNode(id())));
        c.set("metadata", random.nextInt(20) == 0 ? Json.NODES.objectNode() : metadata());
        c.put("status", pick(List.of(ClusterStatus.values())).name());
        c.set("num_clusters", maybe(() -> Json.NODES.numberNode(random.nextInt(20))));
        c.set("num_documents_clustered", maybe(() -> Json.NODES.numberNode(random.nextInt(1000))));
        c.set("execution_time_seconds", maybe(() -> Json.NODES.numberNode(random.nextInt(400) / 8.0)));
        c.set("learning_quality_score", maybe(this::number));
        c.set("hierarchy_relationships", maybe(() -> {
            ArrayNode relationships = Json.NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                ObjectNode relationship = relationships.addObject();
                relationship.put("parent", id());
                relationship.set("level", scalar());
                relationship.put("label", pick(WORDS));
            }
            return relationships;
        }));
        c.set("child_cluster_ids", maybe(() -> strings(random.nextInt(3), List.of("cl_a", "cl_b"))));
        c.set("llm_labeling_errors", maybe(() -> {
            ArrayNode errors = Json.NODES.arrayNode();
            for (int i = random.nextInt(3); i > 0; i--) {
                if (random.nextBoolean()) {
                    errors.addObject().put("code", pick(WORDS));
                } else {
                    errors.add(pick(WORDS));
                }
            }
            return errors;
        }));
        Instant created = instant();
        c.put("created_at", format(created));
        c.put("updated_at", format(random.nextBoolean() ? created : instant()));
        c.set("last_executed_at", maybe(() -> Json.NODES.textNode(format(instant()))));
        c.set("completed_at", maybe(() -> Json.NODES.textNode(format(instant()))));
        return c;
    }

    private ObjectNode metadata() {
        ObjectNode metadata = Json.NODES.objectNode();
        for (String key : METADATA_KEYS) {
            if (random.nextInt(10) < 6) {
                metadata.set(key, switch (key) {
                    case "team", "Team" -> random.nextInt(5) == 0 ? strings(2, WORDS) : Json.NODES.textNode(pick(WORDS));
                    case "score", "flag" -> scalar();
                    case "tags" -> random.nextInt(4) == 0 ? Json.NODES.textNode(text()) : strings(random.nextInt(4), WORDS);
                    case "nested" -> nested();
                    case "items" -> items();
                    default -> value(0);
                });
            }
        }
        return metadata;
    }

    private JsonNode nested() {
        if (random.nextInt(6) == 0) {
            return scalar();
        }
        ObjectNode nested = Json.NODES.objectNode();
        nested.set("x", random.nextInt(5) == 0 ? value(1) : scalar());
        if (random.nextBoolean()) {
            nested.putObject("deep").set("y", scalar());
        }
        return nested;
    }

    private JsonNode items() {
        ArrayNode items = Json.NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            if (random.nextInt(6) == 0) {
                items.add(items());
                continue;
            }
            ObjectNode item = items.addObject();
            item.put("name", pick(WORDS));
            item.set("qty", scalar());
        }
        return items;
    }

    JsonNode value(int depth) {
        int roll = random.nextInt(10);
        if (depth < 3 && roll == 0) {
            ArrayNode array = Json.NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                array.add(value(depth + 1));
            }
            return array;
        }
        if (depth < 3 && roll == 1) {
            return object(depth + 1);
        }
        return scalar();
    }

    private ObjectNode object(int depth) {
        ObjectNode object = Json.NODES.objectNode();
        for (int i = random.nextInt(3); i > 0; i--) {
            object.set(pick(METADATA_KEYS), value(depth));
        }
        return object;
    }

    JsonNode scalar() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> Json.NODES.textNode(text());
            case 4, 5 -> number();
            case 6 -> Json.NODES.booleanNode(random.nextBoolean());
            case 7 -> Json.NODES.nullNode();
            default -> Json.NODES.numberNode(random.nextInt(7) - 2);
        };
    }

    JsonNode number() {
        return switch (random.nextInt(8)) {
            case 0 -> Json.NODES.numberNode(random.nextInt(7) - 2.0);
            case 1 -> Json.NODES.numberNode(random.nextInt(20) / 4.0);
            case 2 -> Json.NODES.numberNode((1L << 60) + random.nextInt(3) - 1);
            case 3 -> Json.NODES.numberNode((double) (1L << 60));
            case 4 -> Json.NODES.numberNode(new BigInteger("100000000000000000000").add(BigInteger.valueOf(random.nextInt(2))));
            case 5 -> Json.NODES.numberNode(new BigDecimal(random.nextInt(5) + ".50"));
            default -> Json.NODES.numberNode((long) random.nextInt(7) - 2);
        };
    }

    String text() {
        String first = pick(WORDS);
        return switch (random.nextInt(4)) {
            case 0 -> first + " " + pick(WORDS);
            case 1 -> first + "-" + pick(WORDS).toUpperCase(java.util.Locale.ROOT);
            default -> first;
        };
    }

    private ArrayNode strings(int count, List<String> pool) {
        ArrayNode array = Json.NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            array.add(pick(pool));
        }
        return array;
    }

    private Instant instant() {
        if (random.nextInt(3) == 0) {
            return pick(SHARED_INSTANTS);
        }
        long millis = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() + (long) (random.nextDouble() * 8e10);
        return random.nextBoolean() ? Instant.ofEpochSecond(millis / 1000) : Instant.ofEpochMilli(millis);
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private JsonNode maybe(java.util.function.Supplier<JsonNode> value) {
        return random.nextInt(4) == 0 ? Json.NODES.nullNode() : value.get();
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
