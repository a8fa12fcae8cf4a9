package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON shape a field of {@code ClusterMetadata} must have when an event sets it (null is handled apart). */
enum FieldType {
    STRING("a string"),
    NON_EMPTY_STRING("a non-empty string"),
    CLUSTER_TYPE("'vector' or 'attribute'"),
    BOOLEAN("a boolean"),
    NUMBER("a number"),
    NON_NEGATIVE_INTEGER("an integer >= 0"),
    NON_NEGATIVE_NUMBER("a number >= 0"),
    OBJECT("an object"),
    STRING_ARRAY("an array of strings"),
    NON_EMPTY_STRING_ARRAY("a non-empty array of strings"),
    OBJECT_ARRAY("an array of objects"),
    ARRAY("an array");

    private final String expectation;

    FieldType(String expectation) {
        this.expectation = expectation;
    }

    String expectation() {
        return expectation;
    }

    /** True when {@code v} has this shape and holds no number beyond the range of a double (such as 1e400). */
    boolean accepts(JsonNode v) {
        return finite(v) && hasShape(v);
    }

    private boolean hasShape(JsonNode v) {
        return switch (this) {
            case STRING -> v.isTextual();
            case NON_EMPTY_STRING -> v.isTextual() && !v.textValue().isEmpty();
            case CLUSTER_TYPE -> v.isTextual() && (v.textValue().equals("vector") || v.textValue().equals("attribute"));
            case BOOLEAN -> v.isBoolean();
            case NUMBER -> v.isNumber();
            case NON_NEGATIVE_INTEGER -> v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0;
            case NON_NEGATIVE_NUMBER -> v.isNumber() && v.doubleValue() >= 0 && Double.isFinite(v.doubleValue());
            case OBJECT -> v.isObject();
            case STRING_ARRAY -> v.isArray() && allElements(v, JsonNode::isTextual);
            case NON_EMPTY_STRING_ARRAY -> v.isArray() && !v.isEmpty() && allElements(v, JsonNode::isTextual);
            case OBJECT_ARRAY -> v.isArray() && allElements(v, JsonNode::isObject);
            case ARRAY -> v.isArray();
        };
    }

    static boolean finite(JsonNode v) {
        if (v.isFloatingPointNumber()) {
            return Double.isFinite(v.doubleValue());
        }
        if (v.isContainerNode()) {
            for (JsonNode child : v) {
                if (!finite(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean allElements(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode element : array) {
            if (!test.test(element)) {
                return false;
            }
        }
        return true;
    }
}
