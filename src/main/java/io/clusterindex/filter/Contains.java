package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * {@code contains}: a terminal that is a string contains the (string) value as a substring; a terminal that is an
 * array has an element (recursively through nested arrays) equal to the value, under {@code eq} rules.
 */
public record Contains(FieldPath path, ScalarValue value) implements Filter, Predicate<JsonNode> {

    @Override
    public boolean matches(ObjectNode cluster) {
        return path.anyTerminal(cluster, this);
    }

    @Override
    public boolean test(JsonNode terminal) {
        if (terminal.isTextual()) {
            return value.kind() == ScalarValue.Kind.STRING
                    && value.fold(terminal.textValue()).contains(value.text());
        }
        return terminal.isArray() && hasEqualElement(terminal);
    }

    private boolean hasEqualElement(JsonNode array) {
        for (int i = 0, n = array.size(); i < n; i++) {
            JsonNode element = array.get(i);
            if (element.isArray() ? hasEqualElement(element) : value.isEqualTo(element)) {
                return true;
            }
        }
        return false;
    }
}
