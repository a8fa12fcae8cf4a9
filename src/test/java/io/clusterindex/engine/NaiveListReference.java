package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately naive list evaluator, written from api.md (and the decisions documented on the engine) without
 * any engine code: it walks the raw request JSON for every cluster, collects values into lists, compares numbers
 * as BigDecimal, parses instants with java.time, sorts everything and slices the page.
 */
final class NaiveListReference {
    private static final Set<String> TIMESTAMP_FIELDS = Set.of("created_at", "updated_at", "last_executed_at",
            "completed_at");

    private static final Map<String, com.google.re2j.Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    record Outcome(List<String> ids, long total, long totalDocuments, double average, Map<String, Long> byStatus) {
    }

    private NaiveListReference() {
    }

    static Outcome run(JsonNode body, int limit, int offset, List<ObjectNode> clusters) {
        JsonNode filters = present(body, "filters");
        JsonNode search = present(body, "search");
        List<ObjectNode> hits = new ArrayList<>();
        for (ObjectNode cluster : clusters) {
            boolean filterOk = filters == null || item(filters, cluster, false);
            boolean searchOk = search == null || searchHit(search.textValue(), cluster);
            if (filterOk && searchOk) {
                hits.add(cluster);
            }
        }
        hits.sort(order(present(body, "sort")));
        List<String> ids = new ArrayList<>();
        for (int i = offset; i < hits.size() && i < offset + limit; i++) {
            ids.add(hits.get(i).get("cluster_id").textValue());
        }
        long documents = 0;
        Map<String, Long> byStatus = new TreeMap<>();
        for (ObjectNode hit : hits) {
            JsonNode docs = hit.get("num_documents_clustered");
            documents += docs != null && docs.isNumber() ? docs.longValue() : 0;
            JsonNode status = hit.get("status");
            if (status != null && status.isTextual()) {
                byStatus.merge(status.textValue(), 1L, Long::sum);
            }
        }
        double average = hits.isEmpty() ? 0.0 : (double) documents / hits.size();
        return new Outcome(ids, hits.size(), documents, average, byStatus);
    }

    private static JsonNode present(JsonNode object, String key) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.get(key);
        return value == null || value.isNull() ? null : value;
    }

    // ---- filters ----

    private static boolean item(JsonNode node, ObjectNode cluster, boolean caseSensitive) {
        if (node.has("field") || node.has("operator") || node.has("value")) {
            JsonNode operator = node.get("operator");
            String op = operator == null || operator.isNull() ? "eq" : operator.textValue();
            return condition(node.get("field").textValue(), op, node.get("value"), cluster, caseSensitive);
        }
        JsonNode flag = node.get("case_sensitive");
        boolean cs = flag == null || flag.isNull() ? caseSensitive : flag.booleanValue();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            switch (entry.getKey()) {
                case "case_sensitive":
                    break;
                case "AND":
                    if (value.isArray()) {
                        for (JsonNode sub : value) {
                            if (!item(sub, cluster, cs)) {
                                return false;
                            }
                        }
                    }
                    break;
                case "OR":
                    if (value.isArray() && value.size() > 0) {
                        boolean any = false;
                        for (JsonNode sub : value) {
                            any |= item(sub, cluster, cs);
                        }
                        if (!any) {
                            return false;
                        }
                    }
                    break;
                case "NOT":
                    if (value.isObject() && item(value, cluster, cs)) {
                        return false;
                    }
                    if (value.isArray()) {
                        for (JsonNode sub : value) {
                            if (item(sub, cluster, cs)) {
                                return false;
                            }
                        }
                    }
                    break;
                default:
                    if (!condition(entry.getKey(), "eq", value, cluster, cs)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private static boolean condition(String field, String op, JsonNode value, ObjectNode cluster, boolean cs) {
        String[] parts = field.split("\\.");
        List<JsonNode> terminals = new ArrayList<>();
        collect(cluster.get(parts[0]), parts, 1, terminals);
        List<JsonNode> leaves = new ArrayList<>();
        for (JsonNode terminal : terminals) {
            flatten(terminal, leaves);
        }
        boolean ts = parts.length == 1 && TIMESTAMP_FIELDS.contains(parts[0]);
        switch (op) {
            case "eq":
                return leaves.stream().anyMatch(leaf -> same(leaf, value, cs, ts));
            case "ne":
                return !condition(field, "eq", value, cluster, cs);
            case "gt":
            case "gte":
            case "lt":
            case "lte":
                return leaves.stream().anyMatch(leaf -> {
                    Integer d = order(leaf, value, cs, ts);
                    return d != null && (op.equals("gt") ? d > 0 : op.equals("gte") ? d >= 0
                            : op.equals("lt") ? d < 0 : d <= 0);
                });
            case "in":
                for (JsonNode leaf : leaves) {
                    for (JsonNode candidate : value) {
                        if (same(leaf, candidate, cs, ts)) {
                            return true;
                        }
                    }
                }
                return false;
            case "nin":
                return !condition(field, "in", value, cluster, cs);
            case "contains":
                for (JsonNode terminal : terminals) {
                    if (terminal.isTextual() && value.isTextual()
                            && fold(terminal.textValue(), cs).contains(fold(value.textValue(), cs))) {
                        return true;
                    }
                    if (terminal.isArray()) {
                        List<JsonNode> elements = new ArrayList<>();
                        flatten(terminal, elements);
                        if (elements.stream().anyMatch(e -> same(e, value, cs, false))) {
                            return true;
                        }
                    }
                }
                return false;
            case "starts_with":
                return leaves.stream().anyMatch(leaf -> leaf.isTextual()
                        && fold(leaf.textValue(), cs).startsWith(fold(value.textValue(), cs)));
            case "ends_with":
                return leaves.stream().anyMatch(leaf -> leaf.isTextual()
                        && fold(leaf.textValue(), cs).endsWith(fold(value.textValue(), cs)));
            case "regex":
                com.google.re2j.Pattern pattern = PATTERNS.computeIfAbsent(cs + value.textValue(),
                        key -> com.google.re2j.Pattern.compile(value.textValue(),
                                cs ? 0 : com.google.re2j.Pattern.CASE_INSENSITIVE));
                return leaves.stream().anyMatch(leaf -> leaf.isTextual() && pattern.matcher(leaf.textValue()).find());
            case "exists":
                return value.booleanValue() == !terminals.isEmpty();
            case "is_null":
                boolean isNull = terminals.isEmpty() || terminals.stream().anyMatch(JsonNode::isNull);
                return value.booleanValue() == isNull;
            case "text":
                Set<String> wanted = words(fold(value.textValue(), cs));
                return leaves.stream().anyMatch(leaf -> leaf.isTextual()
                        && words(fold(leaf.textValue(), cs)).containsAll(wanted));
            default:
                throw new IllegalArgumentException("operator " + op);
        }
    }

    private static void collect(JsonNode node, String[] parts, int next, List<JsonNode> out) {
        if (node == null) {
            return;
        }
        if (next == parts.length) {
            out.add(node);
        } else if (node.isObject()) {
            collect(node.get(parts[next]), parts, next + 1, out);
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, parts, next, out);
            }
        }
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                flatten(element, out);
            }
        } else {
            out.add(node);
        }
    }

    private static boolean same(JsonNode a, JsonNode b, boolean cs, boolean ts) {
        if (b.isNull()) {
            return a.isNull();
        }
        if (b.isBoolean()) {
            return a.isBoolean() && a.booleanValue() == b.booleanValue();
        }
        if (b.isNumber()) {
            return a.isNumber() && decimal(a).compareTo(decimal(b)) == 0;
        }
        if (!a.isTextual()) {
            return false;
        }
        if (ts) {
            Instant x = instant(a.textValue());
            Instant y = instant(b.textValue());
            return x != null && x.equals(y);
        }
        return fold(a.textValue(), cs).equals(fold(b.textValue(), cs));
    }

    private static Integer order(JsonNode a, JsonNode b, boolean cs, boolean ts) {
        if (b.isNumber()) {
            return a.isNumber() ? decimal(a).compareTo(decimal(b)) : null;
        }
        if (!b.isTextual() || !a.isTextual()) {
            return null;
        }
        if (ts) {
            Instant x = instant(a.textValue());
            Instant y = instant(b.textValue());
            return x == null || y == null ? null : x.compareTo(y);
        }
        return byCodePoint(fold(a.textValue(), cs), fold(b.textValue(), cs));
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else {
                if (word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
            }
        });
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    // ---- search ----

    private static boolean searchHit(String search, ObjectNode cluster) {
        List<String> haystack = new ArrayList<>();
        for (String name : List.of("cluster_id", "cluster_name", "algorithm")) {
            JsonNode value = cluster.get(name);
            if (value != null && value.isTextual()) {
                haystack.add(value.textValue().toLowerCase(Locale.ROOT));
            }
        }
        List<JsonNode> metadataStrings = new ArrayList<>();
        strings(cluster.get("metadata"), metadataStrings);
        metadataStrings.forEach(s -> haystack.add(s.textValue().toLowerCase(Locale.ROOT)));
        for (String term : terms(search)) {
            String folded = term.toLowerCase(Locale.ROOT);
            if (haystack.stream().noneMatch(s -> s.contains(folded))) {
                return false;
            }
        }
        return true;
    }

    private static void strings(JsonNode node, List<JsonNode> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(node);
        }
        if (node.isObject() || node.isArray()) {
            for (JsonNode child : node) {
                strings(child, out);
            }
        }
    }

    private static List<String> terms(String search) {
        List<String> terms = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        search.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                if (term.length() > 0) {
                    terms.add(term.toString());
                }
                term.setLength(0);
            } else {
                term.appendCodePoint(cp);
            }
        });
        if (term.length() > 0) {
            terms.add(term.toString());
        }
        return terms;
    }

    // ---- sort ----

    /** A sort value: class 0 number, 1 string or instant, 2 boolean; null when it sorts as missing. */
    private record Value(int typeClass, BigDecimal number, String string, Instant instant, boolean bool) {
    }

    private static Comparator<ObjectNode> order(JsonNode sort) {
        String field = sort == null ? "created_at" : sort.get("field").textValue();
        JsonNode direction = sort == null ? null : sort.get("direction");
        boolean desc = sort == null || (direction != null && "desc".equals(direction.textValue()));
        return (x, y) -> {
            Value a = sortValue(x, field);
            Value b = sortValue(y, field);
            if (a != null && b != null) {
                int c = a.typeClass() != b.typeClass() ? Integer.compare(a.typeClass(), b.typeClass()) : compare(a, b);
                if (c != 0) {
                    return desc ? -c : c;
                }
            } else if (a != null) {
                return -1;
            } else if (b != null) {
                return 1;
            }
            return byCodePoint(x.get("cluster_id").textValue(), y.get("cluster_id").textValue());
        };
    }

    private static int compare(Value a, Value b) {
        switch (a.typeClass()) {
            case 0:
                return a.number().compareTo(b.number());
            case 1:
                return a.instant() != null ? a.instant().compareTo(b.instant()) : byCodePoint(a.string(), b.string());
            default:
                return Boolean.compare(a.bool(), b.bool());
        }
    }

    private static Value sortValue(ObjectNode cluster, String field) {
        String[] parts = field.split("\\.");
        JsonNode value = cluster.get(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            value = value != null && value.isObject() ? value.get(parts[i]) : null;
        }
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        if (parts.length == 1 && TIMESTAMP_FIELDS.contains(parts[0])) {
            Instant at = value.isTextual() ? instant(value.textValue()) : null;
            return at == null ? null : new Value(1, null, null, at, false);
        }
        if (value.isNumber()) {
            return new Value(0, decimal(value), null, null, false);
        }
        if (value.isTextual()) {
            return new Value(1, null, value.textValue(), null, false);
        }
        return new Value(2, null, null, null, value.booleanValue());
    }

    // ---- primitives, straight from java.* ----

    private static String fold(String text, boolean caseSensitive) {
        return caseSensitive ? text : text.toLowerCase(Locale.ROOT);
    }

    private static BigDecimal decimal(JsonNode number) {
        return number.isDouble() || number.isFloat() ? new BigDecimal(number.doubleValue()) : number.decimalValue();
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int byCodePoint(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
