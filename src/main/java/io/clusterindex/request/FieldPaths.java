package io.clusterindex.request;

import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.FieldShape;
import io.clusterindex.fold.ClusterField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates the dotted field names of filters and sort; reports problems at the given location. */
final class FieldPaths {
    private FieldPaths() {
    }

    /**
     * A filter path: a top-level field, or a dotted path below an object or array field. Null (with a problem
     * recorded) when invalid.
     */
    static FieldPath forFilter(String text, Location at, Problems problems) {
        FieldPath path = parse(text, at, problems);
        if (path != null && path.dottedBelowScalar()) {
            problems.add(at, "'" + path.field().wireName() + "' is a scalar field: only object and array fields "
                    + "take a dotted path", ErrorTypes.VALUE_ERROR);
            return null;
        }
        return path;
    }

    /**
     * A sort path: a scalar top-level field, or a dotted path below an object field (never through an array
     * field, which has no single value per cluster). Null (with a problem recorded) when invalid.
     */
    static FieldPath forSort(String text, Location at, Problems problems) {
        FieldPath path = parse(text, at, problems);
        if (path == null) {
            return null;
        }
        String name = path.field().wireName();
        FieldShape shape = FieldShape.of(path.field());
        if (shape == FieldShape.ARRAY) {
            problems.add(at, "cannot sort on '" + name + "': it is an array field", ErrorTypes.VALUE_ERROR);
            return null;
        }
        if (shape == FieldShape.OBJECT && path.toString().equals(name)) {
            problems.add(at, "cannot sort on '" + name + "': it is an object field; sort on a dotted path to a "
                    + "scalar inside it", ErrorTypes.VALUE_ERROR);
            return null;
        }
        if (path.dottedBelowScalar()) {
            problems.add(at, "'" + name + "' is a scalar field: only object fields take a dotted path",
                    ErrorTypes.VALUE_ERROR);
            return null;
        }
        return path;
    }

    private static FieldPath parse(String text, Location at, Problems problems) {
        List<String> parts = segments(text);
        if (parts.contains("")) {
            problems.add(at, "field '" + text + "' has an empty segment", ErrorTypes.VALUE_ERROR);
            return null;
        }
        Optional<ClusterField> field = ClusterField.byWireName(parts.get(0));
        if (field.isEmpty()) {
            problems.add(at, "unknown field '" + parts.get(0) + "'; known fields: " + FieldShape.knownFields(),
                    ErrorTypes.VALUE_ERROR);
            return null;
        }
        return new FieldPath(field.get(), parts.subList(1, parts.size()).toArray(new String[0]), text);
    }

    private static List<String> segments(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', start)) {
            parts.add(text.substring(start, dot));
            start = dot + 1;
        }
        parts.add(text.substring(start));
        return parts;
    }
}
