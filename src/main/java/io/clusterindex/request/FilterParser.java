package io.clusterindex.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.AllOf;
import io.clusterindex.filter.AnyOf;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.MatchAll;
import io.clusterindex.filter.NoneOf;
import io.clusterindex.filter.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@code filters} object into a {@link Filter} tree, recording every problem found.
 *
 * <p>An object with a {@code field}, {@code operator} or {@code value} key is a condition; any other object is a
 * group. The {@code filters} object itself is a group at <b>depth 1</b> (or a single condition); a group inside
 * one of its {@code AND}/{@code OR}/{@code NOT} lists (or given as the single {@code NOT} object) is at depth 2,
 * and so on: groups deeper than {@value #MAX_DEPTH} are refused. Conditions are counted across the whole tree,
 * shorthand pairs included: more than {@value #MAX_CONDITIONS} are refused.
 */
final class FilterParser {
    static final int MAX_DEPTH = 8;
    static final int MAX_CONDITIONS = 200;

    private static final String AND = "AND";
    private static final String OR = "OR";
    private static final String NOT = "NOT";
    private static final String CASE_SENSITIVE = "case_sensitive";
    private static final String FIELD = "field";
    private static final String OPERATOR = "operator";
    private static final String VALUE = "value";
    private static final Set<String> CONDITION_KEYS = Set.of(FIELD, OPERATOR, VALUE);

    private final Problems problems;
    private int conditions;

    private FilterParser(Problems problems) {
        this.problems = problems;
    }

    /** {@code filters} is the non-null JSON value of the body's {@code filters} key. */
    static Filter parse(JsonNode filters, Location at, Problems problems) {
        FilterParser parser = new FilterParser(problems);
        Filter filter = parser.item(filters, at, 1, false);
        if (parser.conditions > MAX_CONDITIONS) {
            problems.add(at, "at most " + MAX_CONDITIONS + " conditions are allowed, got " + parser.conditions,
                    ErrorTypes.LIMIT_EXCEEDED);
        }
        return filter;
    }

    private Filter item(JsonNode node, Location at, int depth, boolean caseSensitive) {
        if (!node.isObject()) {
            problems.add(at, "expected a condition or a group (a JSON object)", ErrorTypes.TYPE_ERROR);
            return MatchAll.INSTANCE;
        }
        ObjectNode object = (ObjectNode) node;
        boolean isCondition = CONDITION_KEYS.stream().anyMatch(object::has);
        return isCondition ? condition(object, at, caseSensitive) : group(object, at, depth, caseSensitive);
    }

    private Filter group(ObjectNode group, Location at, int depth, boolean inherited) {
        if (depth > MAX_DEPTH) {
            problems.add(at, "filter groups nest at most " + MAX_DEPTH + " deep (the filters object is depth 1)",
                    ErrorTypes.LIMIT_EXCEEDED);
            return MatchAll.INSTANCE;
        }
        boolean caseSensitive = caseSensitivity(group, at, inherited);
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : group.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            Location keyAt = at.key(key);
            switch (key) {
                case CASE_SENSITIVE -> {
                }
                case AND -> list(value, keyAt, depth, caseSensitive).ifPresent(parts::addAll);
                case OR -> list(value, keyAt, depth, caseSensitive)
                        .filter(items -> !items.isEmpty())
                        .ifPresent(items -> parts.add(new AnyOf(items)));
                case NOT -> not(value, keyAt, depth, caseSensitive).ifPresent(parts::add);
                default -> shorthand(key, value, keyAt, caseSensitive).ifPresent(parts::add);
            }
        }
        return parts.isEmpty() ? MatchAll.INSTANCE : parts.size() == 1 ? parts.get(0) : new AllOf(parts);
    }

    private boolean caseSensitivity(ObjectNode group, Location at, boolean inherited) {
        JsonNode flag = group.get(CASE_SENSITIVE);
        if (flag == null || flag.isNull()) {
            return inherited;
        }
        if (!flag.isBoolean()) {
            problems.add(at.key(CASE_SENSITIVE), "case_sensitive must be a boolean", ErrorTypes.TYPE_ERROR);
            return inherited;
        }
        return flag.booleanValue();
    }

    /** The items of an AND/OR list; empty Optional for null (absent) or a wrong type. */
    private Optional<List<Filter>> list(JsonNode value, Location at, int depth, boolean caseSensitive) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            problems.add(at, "expected a list of conditions or groups", ErrorTypes.TYPE_ERROR);
            return Optional.empty();
        }
        List<Filter> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(item(value.get(i), at.index(i), depth + 1, caseSensitive));
        }
        return Optional.of(items);
    }

    private Optional<Filter> not(JsonNode value, Location at, int depth, boolean caseSensitive) {
        if (value.isObject()) {
            return Optional.of(NoneOf.of(item(value, at, depth + 1, caseSensitive)));
        }
        if (!value.isNull() && !value.isArray()) {
            problems.add(at, "expected a list of conditions or groups, or a single one", ErrorTypes.TYPE_ERROR);
            return Optional.empty();
        }
        return list(value, at, depth, caseSensitive).filter(items -> !items.isEmpty()).map(NoneOf::new);
    }

    /** {@code {"metadata.team": "search"}}: an {@code eq} condition, errors located at the key. */
    private Optional<Filter> shorthand(String key, JsonNode value, Location at, boolean caseSensitive) {
        conditions++;
        FieldPath path = FieldPaths.forFilter(key, at, problems);
        return Optional.ofNullable(ConditionCompiler.compile(path, Operator.EQ, value, caseSensitive, at, problems));
    }

    private Filter condition(ObjectNode condition, Location at, boolean caseSensitive) {
        conditions++;
        for (Map.Entry<String, JsonNode> entry : condition.properties()) {
            if (!CONDITION_KEYS.contains(entry.getKey())) {
                problems.add(at.key(entry.getKey()), "unknown key '" + entry.getKey()
                        + "' in a condition; a condition has field, operator and value", ErrorTypes.EXTRA_FORBIDDEN);
            }
        }
        FieldPath path = field(condition.get(FIELD), at.key(FIELD));
        Operator operator = operator(condition.get(OPERATOR), at.key(OPERATOR));
        JsonNode value = condition.get(VALUE);
        if (value == null) {
            problems.add(at.key(VALUE), "value is required", ErrorTypes.MISSING);
            return MatchAll.INSTANCE;
        }
        if (operator == null) {
            return MatchAll.INSTANCE;
        }
        Filter filter = ConditionCompiler.compile(path, operator, value, caseSensitive, at.key(VALUE), problems);
        return filter == null ? MatchAll.INSTANCE : filter;
    }

    private FieldPath field(JsonNode field, Location at) {
        if (field == null) {
            problems.add(at, "field is required", ErrorTypes.MISSING);
            return null;
        }
        if (!field.isTextual()) {
            problems.add(at, "field must be a string", ErrorTypes.TYPE_ERROR);
            return null;
        }
        return FieldPaths.forFilter(field.textValue(), at, problems);
    }

    private Operator operator(JsonNode operator, Location at) {
        if (operator == null || operator.isNull()) {
            return Operator.EQ;
        }
        if (!operator.isTextual()) {
            problems.add(at, "operator must be a string", ErrorTypes.TYPE_ERROR);
            return null;
        }
        Optional<Operator> known = Operator.byWireName(operator.textValue());
        if (known.isEmpty()) {
            problems.add(at, "unknown operator '" + operator.textValue() + "'; known operators: " + Operator.known(),
                    ErrorTypes.VALUE_ERROR);
            return null;
        }
        return known.get();
    }
}
