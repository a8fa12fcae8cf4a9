package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/** {@code exists: true}: the path has at least one terminal, even a null one ({@code false} is its negation). */
record Exists(FieldPath path) implements Filter {
    static final Predicate<JsonNode> ANY = node -> true;

    @Override
    public boolean matches(ObjectNode cluster) {
        return path.anyTerminal(cluster, ANY);
    }
}
