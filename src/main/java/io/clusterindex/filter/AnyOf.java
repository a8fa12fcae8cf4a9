package io.clusterindex.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code OR}: at least one item matches. Never built empty (an empty {@code OR} adds no constraint). */
public record AnyOf(List<Filter> items) implements Filter {
    public AnyOf {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an empty OR is no constraint, not an AnyOf");
        }
    }

    @Override
    public boolean matches(ObjectNode cluster) {
        for (int i = 0, n = items.size(); i < n; i++) {
            if (items.get(i).matches(cluster)) {
                return true;
            }
        }
        return false;
    }
}
