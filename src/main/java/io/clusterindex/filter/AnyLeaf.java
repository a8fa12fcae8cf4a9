package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * A condition on the values of a path: matches when any <em>leaf</em> passes the test, where the leaves are the
 * path's terminals with arrays among them replaced (recursively) by their elements. So {@code input_collections
 * eq "a"} matches when any element is {@code "a"}.
 */
public record AnyLeaf(FieldPath path, LeafTest test) implements Filter, Predicate<JsonNode> {

    @Override
    public boolean matches(ObjectNode cluster) {
        return path.anyTerminal(cluster, this);
    }

    @Override
    public boolean test(JsonNode terminal) {
        if (terminal.isArray()) {
            for (int i = 0, n = terminal.size(); i < n; i++) {
                if (test(terminal.get(i))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(terminal);
    }
}
