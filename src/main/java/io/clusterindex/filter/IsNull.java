package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * {@code is_null: true}: the path has no terminal, or one of its terminals is null. {@code is_null: false} is its
 * negation: present, and no terminal is null. (An empty array is a non-null value.)
 */
public record IsNull(FieldPath path) implements Filter {
    public static final Predicate<JsonNode> NULL = JsonNode::isNull;

    @Override
    public boolean matches(ObjectNode cluster) {
        return !path.anyTerminal(cluster, Exists.ANY) || path.anyTerminal(cluster, NULL);
    }
}
