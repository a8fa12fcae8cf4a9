package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/** {@code exists: true}: the path has at least one terminal, even a null one ({@code false} is its negation). */
public record Exists(FieldPath path) implements Filter {
    public static final Predicate<JsonNode> ANY = node -> true;

    @Override
    public boolean matches(ObjectNode cluster) {
        return path.anyTerminal(cluster, ANY);
    }
}
