package io.clusterindex.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.engine.SortDirection;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.filter.FieldPath;
import java.util.Map;
import java.util.Set;

/** Turns the body's {@code sort} object into a {@link SortSpec}, recording every problem found. */
final class SortParser {
    private static final String FIELD = "field";
    private static final String DIRECTION = "direction";
    private static final Set<String> KEYS = Set.of(FIELD, DIRECTION);

    private SortParser() {
    }

    /** {@code sort} is the non-null JSON value of the body's {@code sort} key; null when invalid. */
    static SortSpec parse(JsonNode sort, Location at, Problems problems) {
        if (!sort.isObject()) {
            problems.add(at, "sort must be an object {\"field\": ..., \"direction\": \"asc\"|\"desc\"}",
                    ErrorTypes.TYPE_ERROR);
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : sort.properties()) {
            if (!KEYS.contains(entry.getKey())) {
                problems.add(at.key(entry.getKey()), "unknown key '" + entry.getKey()
                        + "' in sort; sort has field and direction", ErrorTypes.EXTRA_FORBIDDEN);
            }
        }
        FieldPath field = field(sort.get(FIELD), at.key(FIELD), problems);
        SortDirection direction = direction(sort.get(DIRECTION), at.key(DIRECTION), problems);
        return field == null || direction == null ? null : new SortSpec(field, direction);
    }

    private static FieldPath field(JsonNode field, Location at, Problems problems) {
        if (field == null || field.isNull()) {
            problems.add(at, "sort.field is required", ErrorTypes.MISSING);
            return null;
        }
        if (!field.isTextual()) {
            problems.add(at, "sort.field must be a string", ErrorTypes.TYPE_ERROR);
            return null;
        }
        return FieldPaths.forSort(field.textValue(), at, problems);
    }

    private static SortDirection direction(JsonNode direction, Location at, Problems problems) {
        if (direction == null || direction.isNull()) {
            return SortDirection.ASC;
        }
        for (SortDirection candidate : SortDirection.values()) {
            if (direction.isTextual() && candidate.wireName().equals(direction.textValue())) {
                return candidate;
            }
        }
        problems.add(at, "direction must be \"asc\" or \"desc\"",
                direction.isTextual() ? ErrorTypes.VALUE_ERROR : ErrorTypes.TYPE_ERROR);
        return null;
    }
}
