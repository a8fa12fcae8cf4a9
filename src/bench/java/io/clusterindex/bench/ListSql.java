package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.filter.Fold;
import io.clusterindex.filter.Search;
import io.clusterindex.time.Rfc3339;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Pattern;

/**
 * Translates a {@code POST /v1/clusters/list} request (its body, {@code limit} and {@code offset}) into one
 * parameterised SQL statement over {@link PostgresSchema}'s table that answers what the indexer answers: the page in
 * api.md's order, the number of matches and the stats of all matches (documents and clusters by status).
 *
 * <p>Generic over what the benchmark's queries use, and strict about the rest: groups {@code AND}, {@code OR},
 * {@code NOT} (a list or one object), {@code case_sensitive} (inherited) and shorthand pairs; operators {@code eq},
 * {@code ne}, {@code in}, {@code nin}, {@code gt}/{@code gte}/{@code lt}/{@code lte} and {@code regex} on the typed
 * columns and on {@code metadata.<key>}; {@code search}; {@code sort} on a column. Anything else is refused with an
 * {@link IllegalArgumentException} that names it.
 *
 * <p>How the API's rules become SQL: strings compare case-folded unless case-sensitive ({@code lower(x)} against
 * the value folded by the engine's {@link Fold}); a value of another type than the field never matches
 * ({@code FALSE}, and a {@code metadata} value is read per JSON type, so {@code 5} never equals {@code "5"});
 * timestamps compare as instants; {@code regex} is {@code ~*} ({@code ~} when case-sensitive); each search term
 * (split and folded by the engine's {@link Search}) is {@code search_text LIKE '%term%'}; a {@code NOT} treats an
 * unknown (SQL null: a missing field) as "does not match", as the API does ({@code NOT COALESCE(..., false)});
 * sort {@code NULLS LAST} in both directions, ties by {@code cluster_id}.
 */
final class ListSql {
    /** A statement and its parameters, in order. */
    record Statement(String sql, List<Object> parameters) {
    }

    /** A {@code text[]} parameter. */
    record TextArray(List<String> values) {
    }

    /** A {@code numeric[]} parameter. */
    record NumberArray(List<BigDecimal> values) {
    }

    /** The columns of the table, as the translator reads them. */
    enum Type {
        TEXT, BIGINT, TIMESTAMP
    }

    /** The typed columns: the fields a filter or a sort may name besides {@code metadata.<key>}. */
    static final Map<String, Type> COLUMNS = Map.of("cluster_id", Type.TEXT, "namespace_id", Type.TEXT,
            "cluster_name", Type.TEXT, "status", Type.TEXT, "cluster_type", Type.TEXT, "algorithm", Type.TEXT,
            "created_at", Type.TIMESTAMP, "updated_at", Type.TIMESTAMP, "num_documents_clustered", Type.BIGINT);
    static final List<String> SORT_COLUMNS = List.of("created_at", "updated_at", "cluster_name",
            "num_documents_clustered", "cluster_id");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String ALIAS = "c.";

    private final List<Object> parameters = new ArrayList<>();
    /** Whether a condition is a regex or a search term (see {@link Shape#AUTO}). */
    private boolean patterns;

    private ListSql() {
    }

    /**
     * How a list statement finds the page and the stats of all matches.
     *
     * <ul>
     *   <li>{@code TWO_SCANS}: two scans of the matches, each with its own plan: the page by an index in the sort
     *       order that stops after {@code offset + limit} matches (or a top-N sort), the stats by whatever counts all
     *       matches fastest (an index-only scan when nothing else is asked). Best when many rows match.
     *   <li>{@code ONE_SCAN}: the matches (id, status, documents, sort value) found once into a materialized CTE,
     *       the page sorted from them and its documents fetched by primary key. Best when a condition is
     *       narrowed by a trigram index and rechecked row by row (regex, search): that work is not done twice, and
     *       the planner cannot pick an index-order walk that filters most of the table (its estimates of regex and
     *       LIKE selectivity are guesses).
     *   <li>{@code AUTO}: {@code ONE_SCAN} when the request has a {@code regex} condition or a {@code search},
     *       else {@code TWO_SCANS}: a rule on the request's shape, the same for every query.
     * </ul>
     */
    enum Shape {
        AUTO, TWO_SCANS, ONE_SCAN
    }

    /** The statement for a list request of {@code namespace} ({@code body} null: no body). */
    static Statement translate(String namespace, int limit, int offset, JsonNode body, Shape shape) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got " + limit + ", " + offset);
        }
        JsonNode filters = null;
        JsonNode sort = null;
        JsonNode search = null;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            for (Entry<String, JsonNode> field : body.properties()) {
                switch (field.getKey()) {
                    case "filters" -> filters = field.getValue();
                    case "sort" -> sort = field.getValue();
                    case "search" -> search = field.getValue();
                    default -> throw new IllegalArgumentException("not translated: body field '" + field.getKey()
                            + "'");
                }
            }
        }
        ListSql where = new ListSql();
        String condition = where.where(filters, search);
        Order order = order(sort);
        boolean oneScan = shape == Shape.ONE_SCAN || shape == Shape.AUTO && where.patterns;
        List<Object> all = new ArrayList<>();
        all.add(namespace);
        all.addAll(where.parameters);
        all.add((long) limit);
        all.add((long) offset);
        all.add(namespace);
        if (!oneScan) {
            all.addAll(where.parameters);
        }
        return new Statement(oneScan ? oneScan(condition, order) : twoScans(condition, order), List.copyOf(all));
    }

    private static String twoScans(String condition, Order order) {
        return "WITH page AS (\n"
                + "  SELECT c.doc, c." + order.field() + " AS sort_value, c.cluster_id\n"
                + "  FROM clusters c\n"
                + "  WHERE c.namespace_id = ? AND " + condition + "\n"
                + "  ORDER BY " + order.by("c", "c." + order.field()) + "\n"
                + "  LIMIT ? OFFSET ?\n"
                + "), by_status AS (\n"
                + "  SELECT c.status, count(*) AS clusters, sum(c.num_documents_clustered) AS documents\n"
                + "  FROM clusters c\n"
                + "  WHERE c.namespace_id = ? AND " + condition + "\n"
                + "  GROUP BY c.status\n"
                + ")\n"
                + "SELECT (SELECT coalesce(json_agg(p.doc ORDER BY " + order.by("p", "p.sort_value") + "), '[]')"
                + " FROM page p)::text AS results,\n"
                + TOTALS;
    }

    private static String oneScan(String condition, Order order) {
        return "WITH matches AS MATERIALIZED (\n"
                + "  SELECT c.cluster_id, c.status, c.num_documents_clustered, c." + order.field() + " AS sort_value\n"
                + "  FROM clusters c\n"
                + "  WHERE c.namespace_id = ? AND " + condition + "\n"
                + "), page AS (\n"
                + "  SELECT m.cluster_id, m.sort_value FROM matches m\n"
                + "  ORDER BY " + order.by("m", "m.sort_value") + "\n"
                + "  LIMIT ? OFFSET ?\n"
                + "), by_status AS (\n"
                + "  SELECT m.status, count(*) AS clusters, sum(m.num_documents_clustered) AS documents\n"
                + "  FROM matches m GROUP BY m.status\n"
                + ")\n"
                + "SELECT (SELECT coalesce(json_agg(c.doc ORDER BY " + order.by("p", "p.sort_value") + "), '[]')\n"
                + "    FROM page p JOIN clusters c ON c.namespace_id = ? AND c.cluster_id = p.cluster_id)::text"
                + " AS results,\n"
                + TOTALS;
    }

    private static final String TOTALS = "  (SELECT coalesce(sum(s.clusters), 0) FROM by_status s)::bigint AS"
            + " total_count,\n"
            + "  (SELECT coalesce(sum(s.documents), 0) FROM by_status s)::bigint AS total_documents,\n"
            + "  (SELECT coalesce(json_object_agg(s.status, s.clusters) FILTER (WHERE s.status IS NOT NULL), '{}')"
            + " FROM by_status s)::text AS clusters_by_status";

    /** {@code GET /v1/clusters/{id}} by id: the document. */
    static Statement get(String namespace, String clusterId) {
        return new Statement("SELECT c.doc::text FROM clusters c WHERE c.namespace_id = ? AND c.cluster_id = ?",
                List.of(namespace, clusterId));
    }

    /** {@code GET /v1/clusters/stats}: aggregated over the namespace's rows (no stored stats). */
    static Statement stats(String namespace) {
        return new Statement("SELECT c.status, count(*) AS clusters,"
                + " coalesce(sum(c.num_documents_clustered), 0)::bigint AS documents"
                + " FROM clusters c WHERE c.namespace_id = ? GROUP BY c.status", List.of(namespace));
    }

    // ---------------------------------------------------------------- expressions shared with the indexes

    /** A {@code metadata} value as text when it is a JSON string, else null ({@code prefix}: table alias or ""). */
    static String metadataText(String prefix, String key) {
        return "CASE jsonb_typeof(" + prefix + "metadata -> '" + key + "') WHEN 'string' THEN " + prefix
                + "metadata ->> '" + key + "' END";
    }

    /** A {@code metadata} value as numeric when it is a JSON number, else null. */
    static String metadataNumber(String prefix, String key) {
        return "CASE jsonb_typeof(" + prefix + "metadata -> '" + key + "') WHEN 'number' THEN (" + prefix
                + "metadata ->> '" + key + "')::numeric END";
    }

    // ---------------------------------------------------------------- sort

    /** A sort column and direction. */
    private record Order(String field, boolean descending) {
        /** The ORDER BY over {@code value} (the sort value) of rows of {@code alias}: nulls last, ties by id. */
        String by(String alias, String value) {
            String direction = descending ? " DESC" : " ASC";
            return field.equals("cluster_id") ? alias + ".cluster_id" + direction
                    : value + direction + " NULLS LAST, " + alias + ".cluster_id";
        }
    }

    private static Order order(JsonNode sort) {
        if (sort == null || sort.isNull()) {
            return new Order("created_at", true);
        }
        if (!sort.isObject() || !sort.path("field").isTextual()) {
            throw new IllegalArgumentException("not translated: sort " + sort + " (needs a field)");
        }
        for (Entry<String, JsonNode> entry : sort.properties()) {
            if (!entry.getKey().equals("field") && !entry.getKey().equals("direction")) {
                throw new IllegalArgumentException("not translated: sort." + entry.getKey());
            }
        }
        String field = sort.get("field").textValue();
        String direction = sort.path("direction").asText("asc");
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new IllegalArgumentException("not translated: sort direction '" + direction + "'");
        }
        if (!SORT_COLUMNS.contains(field)) {
            throw new IllegalArgumentException("not translated: sort on '" + field + "' (only " + SORT_COLUMNS + ")");
        }
        return new Order(field, direction.equals("desc"));
    }

    // ---------------------------------------------------------------- filters and search

    private String where(JsonNode filters, JsonNode search) {
        List<String> parts = new ArrayList<>();
        if (filters != null && !filters.isNull()) {
            if (!filters.isObject()) {
                throw new IllegalArgumentException("not translated: filters must be an object, got " + filters);
            }
            parts.add(group(filters, false));
        }
        if (search != null && !search.isNull()) {
            if (!search.isTextual()) {
                throw new IllegalArgumentException("not translated: search must be a string, got " + search);
            }
            for (String term : Search.of(search.textValue()).terms()) {
                parts.add("c.search_text LIKE ?");
                patterns = true;
                parameters.add("%" + escapeLike(term) + "%");
            }
        }
        parts.removeIf("TRUE"::equals);
        return parts.isEmpty() ? "TRUE" : parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
    }

    private String group(JsonNode group, boolean inherited) {
        boolean caseSensitive = inherited;
        if (group.has("case_sensitive")) {
            if (!group.get("case_sensitive").isBoolean()) {
                throw new IllegalArgumentException("not translated: case_sensitive " + group.get("case_sensitive"));
            }
            caseSensitive = group.get("case_sensitive").booleanValue();
        }
        List<String> parts = new ArrayList<>();
        for (Entry<String, JsonNode> entry : group.properties()) {
            switch (entry.getKey()) {
                case "case_sensitive" -> {
                }
                case "AND" -> parts.add(join(items(entry.getValue(), "AND", caseSensitive), " AND ", "TRUE"));
                case "OR" -> {
                    List<String> items = items(entry.getValue(), "OR", caseSensitive);
                    // an empty OR adds no constraint
                    parts.add(items.isEmpty() ? "TRUE" : join(items, " OR ", "TRUE"));
                }
                case "NOT" -> {
                    JsonNode value = entry.getValue();
                    List<String> items = value.isObject() ? List.of(item(value, caseSensitive))
                            : items(value, "NOT", caseSensitive);
                    parts.add(items.isEmpty() ? "TRUE" : "NOT COALESCE(" + join(items, " OR ", "FALSE") + ", false)");
                }
                default -> parts.add(condition(entry.getKey(), "eq", entry.getValue(), caseSensitive));
            }
        }
        parts.removeIf("TRUE"::equals);
        return join(parts, " AND ", "TRUE");
    }

    private List<String> items(JsonNode list, String key, boolean caseSensitive) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("not translated: " + key + " must be a list, got " + list);
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : list) {
            items.add(item(item, caseSensitive));
        }
        return items;
    }

    private String item(JsonNode item, boolean caseSensitive) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("not translated: a filter item must be an object, got " + item);
        }
        if (!item.has("field")) {
            return group(item, caseSensitive);
        }
        for (Entry<String, JsonNode> entry : item.properties()) {
            if (!List.of("field", "operator", "value").contains(entry.getKey())) {
                throw new IllegalArgumentException("not translated: condition key '" + entry.getKey() + "' in "
                        + item);
            }
        }
        if (!item.get("field").isTextual() || item.has("operator") && !item.get("operator").isTextual()) {
            throw new IllegalArgumentException("not translated: condition " + item);
        }
        return condition(item.get("field").textValue(), item.path("operator").asText("eq"),
                item.has("value") ? item.get("value") : null, caseSensitive);
    }

    private static String join(List<String> parts, String operator, String empty) {
        if (parts.isEmpty()) {
            return empty;
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(operator, parts) + ")";
    }

    // ---------------------------------------------------------------- conditions

    /** A field as SQL: its expression for each JSON type it can hold (null: it never holds that type). */
    private record Field(String name, String text, String number, boolean bigint, String timestamp) {
    }

    private static Field field(String name) {
        if (name.startsWith("metadata.")) {
            String key = name.substring("metadata.".length());
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not translated: field '" + name + "' (only metadata.<key> with"
                        + " a key of letters, digits, _ and -)");
            }
            return new Field(name, metadataText(ALIAS, key), metadataNumber(ALIAS, key), false, null);
        }
        Type type = COLUMNS.get(name);
        if (type == null) {
            throw new IllegalArgumentException("not translated: field '" + name + "' (only " + COLUMNS.keySet()
                    + " and metadata.<key>)");
        }
        return switch (type) {
            case TEXT -> new Field(name, ALIAS + name, null, false, null);
            case BIGINT -> new Field(name, null, ALIAS + name, true, null);
            case TIMESTAMP -> new Field(name, null, null, false, ALIAS + name);
        };
    }

    private String condition(String name, String operator, JsonNode value, boolean caseSensitive) {
        Field field = field(name);
        if (value == null) {
            throw new IllegalArgumentException("not translated: " + name + " " + operator + " without a value");
        }
        return switch (operator) {
            case "eq" -> compare(field, "=", value, caseSensitive);
            case "ne" -> "NOT COALESCE(" + compare(field, "=", value, caseSensitive) + ", false)";
            case "gt" -> compare(field, ">", value, caseSensitive);
            case "gte" -> compare(field, ">=", value, caseSensitive);
            case "lt" -> compare(field, "<", value, caseSensitive);
            case "lte" -> compare(field, "<=", value, caseSensitive);
            case "in" -> in(field, value, caseSensitive);
            case "nin" -> "NOT COALESCE(" + in(field, value, caseSensitive) + ", false)";
            case "regex" -> regex(field, value, caseSensitive);
            default -> throw new IllegalArgumentException("not translated: operator '" + operator + "' (only eq, ne,"
                    + " gt, gte, lt, lte, in, nin, regex)");
        };
    }

    private String compare(Field field, String op, JsonNode value, boolean caseSensitive) {
        if (value.isTextual() && field.timestamp != null) {
            Instant at = Rfc3339.parse(value.textValue());
            if (at == null) {
                return "FALSE";
            }
            parameters.add(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return "(" + field.timestamp + " " + op + " ?)";
        }
        if (value.isTextual()) {
            if (field.text == null) {
                return "FALSE";
            }
            parameters.add(Fold.apply(value.textValue(), caseSensitive));
            return "(" + folded(field.text, caseSensitive) + " " + op + " ?)";
        }
        if (value.isNumber()) {
            if (field.number == null) {
                return "FALSE";
            }
            if (field.bigint && value.canConvertToExactIntegral() && value.canConvertToLong()) {
                parameters.add(value.longValue());
                return "(" + field.number + " " + op + " ?)";
            }
            parameters.add(value.decimalValue());
            return "(" + field.number + (field.bigint ? "::numeric " : " ") + op + " ?)";
        }
        throw new IllegalArgumentException("not translated: " + field.name + " " + op + " " + value + " (only strings"
                + " and numbers)");
    }

    private String in(Field field, JsonNode values, boolean caseSensitive) {
        if (!values.isArray()) {
            throw new IllegalArgumentException("not translated: in/nin on " + field.name + " needs a list, got "
                    + values);
        }
        List<String> texts = new ArrayList<>();
        List<BigDecimal> numbers = new ArrayList<>();
        for (JsonNode value : values) {
            if (value.isTextual()) {
                texts.add(Fold.apply(value.textValue(), caseSensitive));
            } else if (value.isNumber()) {
                numbers.add(value.decimalValue());
            } else {
                throw new IllegalArgumentException("not translated: in/nin value " + value + " (only strings and"
                        + " numbers)");
            }
        }
        if (field.timestamp != null && !texts.isEmpty()) {
            throw new IllegalArgumentException("not translated: in/nin on the timestamp " + field.name);
        }
        List<String> parts = new ArrayList<>();
        if (!texts.isEmpty() && field.text != null) {
            parameters.add(new TextArray(List.copyOf(texts)));
            parts.add(folded(field.text, caseSensitive) + " = ANY(?)");
        }
        if (!numbers.isEmpty() && field.number != null) {
            parameters.add(new NumberArray(List.copyOf(numbers)));
            parts.add(field.number + (field.bigint ? "::numeric" : "") + " = ANY(?)");
        }
        return join(parts, " OR ", "FALSE");
    }

    private String regex(Field field, JsonNode value, boolean caseSensitive) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not translated: regex on " + field.name + " needs a string, got "
                    + value);
        }
        if (field.text == null) {
            throw new IllegalArgumentException("not translated: regex on the non-text field " + field.name);
        }
        parameters.add(value.textValue());
        patterns = true;
        return "(" + field.text + (caseSensitive ? " ~ ?)" : " ~* ?)");
    }

    private static String folded(String expression, boolean caseSensitive) {
        return caseSensitive ? expression : "lower(" + expression + ")";
    }

    /** {@code term} as a literal LIKE pattern: {@code \}, {@code %} and {@code _} escaped by LIKE's {@code \}. */
    static String escapeLike(String term) {
        StringBuilder escaped = new StringBuilder(term.length() + 4);
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
