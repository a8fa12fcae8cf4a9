package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * {@code is_null: true}: the path has no terminal, or one of its terminals is null. {@code is_null: false} is its
 * negation: present, and no terminal is null. (An empty array is a non-null value.)
 */
record IsNull(FieldPath path) implements Filter {
    static final Predicate<JsonNode> NULL = JsonNode::isNull;

    @Override
    public boolean matches(ObjectNode cluster) {
        return !path.anyTerminal(cluster, Exists.ANY) || path.anyTerminal(cluster, NULL);
    }
}
