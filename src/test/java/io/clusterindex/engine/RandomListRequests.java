package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random valid list requests over a given view: filter trees with every operator, values mostly sampled from the
 * view (so that conditions hit), case changes, shorthand, NOT objects, case_sensitive overrides, sort, search, page.
 */
public final class RandomListRequests {
    public record Request(ObjectNode body, String limit, String offset) {
    }

    private static final List<String> OPERATORS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin",
            "contains", "starts_with", "ends_with", "regex", "exists", "is_null", "text");
    private static final List<String> DOTTED = List.of("metadata.team", "metadata.score", "metadata.tags",
            "metadata.owner", "metadata.nested", "metadata.nested.x", "metadata.nested.deep.y", "metadata.items.name",
            "metadata.items.qty", "metadata.Team", "metadata.flag", "metadata.note", "metadata.x", "metadata.missing",
            "metadata.x.team", "llm_labeling.enabled", "llm_labeling.labels", "llm_labeling.model",
            "algorithm_params.k", "algorithm_params.eps", "hierarchy_relationships.level",
            "hierarchy_relationships.label", "llm_labeling_errors.code", "input_collections.x", "filters.team");
    private static final List<String> SORT_FIELDS = List.of("cluster_id", "cluster_name", "status", "num_clusters",
            "num_documents_clustered", "execution_time_seconds", "learning_quality_score", "created_at", "updated_at",
            "completed_at", "last_executed_at", "algorithm", "enrich_source", "hierarchy_detected", "parent_cluster_id",
            "hierarchical_grouping", "cluster_type", "metadata.score", "metadata.team", "metadata.tags",
            "metadata.nested", "metadata.nested.x", "metadata.nested.deep.y", "metadata.flag", "metadata.missing",
            "metadata.x", "llm_labeling.enabled", "algorithm_params.k", "algorithm_params.eps", "metadata.items.name");
    private static final List<String> PATTERNS = List.of("^a", "a.*a", "[0-9]+", "(?i)BETA", "ß", "^$", "e$",
            "col_[ab]", "\\d", "^.{3,5}$", "İ", "x|y", "😀", "\\bred\\b", "[[:upper:]]", "\\pL+-\\pL+");
    private static final List<String> TOP_FIELDS =
            Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList();
    private static final List<String> WHITESPACE = List.of(" ", "  ", "\t", " \n ");

    private final Random random;
    private final List<ObjectNode> view;
    private final RandomClusterView values;

    public RandomListRequests(Random random, List<ObjectNode> view) {
        this.random = random;
        this.view = view;
        this.values = RandomClusterView.values(random);
    }

    public Request next() {
        ObjectNode body = Json.NODES.objectNode();
        int filterRoll = random.nextInt(20);
        if (filterRoll == 0) {
            body.putNull("filters");
        } else if (filterRoll == 1) {
            body.set("filters", condition());
        } else if (filterRoll > 3) {
            body.set("filters", group(1));
        }
        if (random.nextInt(4) > 0) {
            ObjectNode sort = body.putObject("sort");
            sort.put("field", pick(SORT_FIELDS));
            switch (random.nextInt(4)) {
                case 0 -> sort.put("direction", "asc");
                case 1 -> sort.put("direction", "desc");
                case 2 -> sort.putNull("direction");
                default -> {
                }
            }
        }
        if (random.nextInt(3) == 0) {
            body.put("search", search());
        }
        if (random.nextInt(10) == 0) {
            body.put("mixpeek_extra", "ignored");
        }
        String limit = random.nextInt(5) == 0 ? null
                : String.valueOf(pick(List.of(1, 2, 3, 5, 10, 20, 50, 100, 1000)));
        String offset = switch (random.nextInt(5)) {
            case 0 -> null;
            case 1, 2 -> "0";
            case 3 -> String.valueOf(random.nextInt(30));
            default -> String.valueOf(random.nextInt(400));
        };
        return new Request(body, limit, offset);
    }

    private ObjectNode group(int depth) {
        ObjectNode group = Json.NODES.objectNode();
        if (random.nextInt(3) == 0) {
            if (random.nextInt(10) == 0) {
                group.putNull("case_sensitive");
            } else {
                group.put("case_sensitive", random.nextBoolean());
            }
        }
        if (random.nextInt(10) < 5) {
            group.set("AND", items(depth, 3));
        }
        if (random.nextInt(10) < 4) {
            group.set("OR", items(depth, 3));
        }
        if (random.nextInt(10) < 3) {
            group.set("NOT", random.nextBoolean() ? items(depth, 2) : item(depth));
        }
        if (random.nextInt(10) < 3) {
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                String field = field();
                group.set(field, scalarFor(field));
            }
        }
        return group;
    }

    private ArrayNode items(int depth, int max) {
        ArrayNode items = Json.NODES.arrayNode();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            items.add(item(depth));
        }
        return items;
    }

    private ObjectNode item(int depth) {
        return depth < 4 && random.nextInt(10) < 3 ? group(depth + 1) : condition();
    }

    private ObjectNode condition() {
        String field = field();
        String operator = pick(OPERATORS);
        ObjectNode condition = Json.NODES.objectNode();
        condition.put("field", field);
        if (!operator.equals("eq") || random.nextBoolean()) {
            condition.put("operator", operator);
        }
        condition.set("value", valueFor(field, operator));
        return condition;
    }

    private String field() {
        return random.nextInt(5) < 2 ? pick(TOP_FIELDS) : pick(DOTTED);
    }

    private boolean isTimestamp(String field) {
        return ClusterField.byWireName(field).map(ClusterField::isTimestamp).orElse(false);
    }

    private JsonNode valueFor(String field, String operator) {
        switch (operator) {
            case "gt", "gte", "lt", "lte" -> {
                if (isTimestamp(field)) {
                    return random.nextInt(10) == 0 ? Json.NODES.numberNode(5) : Json.NODES.textNode(dateTime(field));
                }
                JsonNode sample = scalarFor(field);
                return sample.isNumber() || sample.isTextual() ? sample : values.number();
            }
            case "in", "nin" -> {
                ArrayNode list = Json.NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(isTimestamp(field) && random.nextBoolean() ? Json.NODES.textNode(dateTime(field))
                            : scalarFor(field));
                }
                return list;
            }
            case "contains" -> {
                JsonNode sample = scalarFor(field);
                return sample.isTextual() && random.nextBoolean() ? Json.NODES.textNode(piece(sample.textValue()))
                        : sample;
            }
            case "starts_with" -> {
                String text = stringFor(field);
                return Json.NODES.textNode(recase(text.substring(0, random.nextInt(text.length() + 1))));
            }
            case "ends_with" -> {
                String text = stringFor(field);
                return Json.NODES.textNode(recase(text.substring(random.nextInt(text.length() + 1))));
            }
            case "regex" -> {
                return Json.NODES.textNode(random.nextBoolean() ? pick(PATTERNS)
                        : com.google.re2j.Pattern.quote(piece(stringFor(field))));
            }
            case "exists", "is_null" -> {
                return Json.NODES.booleanNode(random.nextBoolean());
            }
            case "text" -> {
                String text = stringFor(field);
                List<String> words = new ArrayList<>(List.of(text.split("[^\\p{L}\\p{N}]+")));
                java.util.Collections.shuffle(words, random);
                return Json.NODES.textNode(recase(String.join(pick(List.of(" ", ", ", "-", "!")),
                        words.subList(0, random.nextInt(words.size() + 1)))));
            }
            default -> {
                return isTimestamp(field) && random.nextBoolean() ? Json.NODES.textNode(dateTime(field))
                        : scalarFor(field);
            }
        }
    }

    /** A scalar found at {@code field} in a random cluster (case possibly changed), else a random scalar. */
    private JsonNode scalarFor(String field) {
        if (random.nextInt(4) > 0) {
            List<JsonNode> leaves = leaves(pick(view), field);
            leaves.removeIf(JsonNode::isContainerNode);
            if (!leaves.isEmpty()) {
                JsonNode leaf = pick(leaves);
                return leaf.isTextual() ? Json.NODES.textNode(recase(leaf.textValue())) : leaf;
            }
        }
        return values.scalar();
    }

    private String stringFor(String field) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<JsonNode> leaves = leaves(pick(view), field);
            leaves.removeIf(leaf -> !leaf.isTextual());
            if (!leaves.isEmpty()) {
                return pick(leaves).textValue();
            }
        }
        return values.text();
    }

    private String dateTime(String field) {
        JsonNode stored = pick(view).get(field);
        Instant at = stored != null && stored.isTextual() ? Instant.parse(stored.textValue())
                : Instant.parse("2025-06-30T23:59:59.999Z");
        if (random.nextBoolean()) {
            at = at.plusMillis(random.nextInt(3) - 1);
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(9) - 4) * 30 * 60);
        return random.nextBoolean() ? RandomClusterView.format(at)
                : at.atOffset(offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private String search() {
        List<String> terms = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            ObjectNode cluster = pick(view);
            List<JsonNode> strings = new ArrayList<>();
            for (String name : List.of("cluster_id", "cluster_name", "algorithm")) {
                JsonNode value = cluster.get(name);
                if (value.isTextual()) {
                    strings.add(value);
                }
            }
            strings.addAll(leaves(cluster, "metadata.team"));
            strings.addAll(leaves(cluster, "metadata.items.name"));
            strings.removeIf(s -> !s.isTextual() || s.textValue().isBlank());
            String term = strings.isEmpty() || random.nextInt(8) == 0 ? "zz" + random.nextInt(9)
                    : piece(pick(strings).textValue()).strip();
            terms.add(recase(term));
        }
        StringBuilder search = new StringBuilder(random.nextBoolean() ? "" : " ");
        for (String term : terms) {
            search.append(term).append(pick(WHITESPACE));
        }
        return search.toString();
    }

    private String piece(String text) {
        int from = random.nextInt(text.length() + 1);
        int to = from + random.nextInt(text.length() - from + 1);
        while (from > 0 && from < text.length() && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        while (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return text.substring(from, to);
    }

    private String recase(String text) {
        return switch (random.nextInt(4)) {
            case 0 -> text.toUpperCase(Locale.ROOT);
            case 1 -> text.toLowerCase(Locale.ROOT);
            default -> text;
        };
    }

    private static List<JsonNode> leaves(ObjectNode cluster, String field) {
        List<JsonNode> found = new ArrayList<>();
        String[] keys = field.split("\\.");
        walk(cluster.get(keys[0]), keys, 1, found);
        return found;
    }

    private static void walk(JsonNode node, String[] keys, int next, List<JsonNode> found) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> walk(element, keys, next, found));
        } else if (next == keys.length) {
            found.add(node);
        } else if (node.isObject()) {
            walk(node.get(keys[next]), keys, next + 1, found);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
