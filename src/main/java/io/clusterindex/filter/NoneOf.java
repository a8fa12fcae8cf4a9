package io.clusterindex.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code NOT}: no item matches. Also the negated operators: {@code ne} is none of {@code eq}, and so on. */
public record NoneOf(List<Filter> items) implements Filter {
    public NoneOf {
        items = List.copyOf(items);
    }

    public static NoneOf of(Filter item) {
        return new NoneOf(List.of(item));
    }

    @Override
    public boolean matches(ObjectNode cluster) {
        for (int i = 0, n = items.size(); i < n; i++) {
            if (items.get(i).matches(cluster)) {
                return false;
            }
        }
        return true;
    }
}
