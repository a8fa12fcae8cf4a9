package io.clusterindex.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code AND}: every item matches (and the parts of one group, which must all hold). */
public record AllOf(List<Filter> items) implements Filter {
    public AllOf {
        items = List.copyOf(items);
    }

    @Override
    public boolean matches(ObjectNode cluster) {
        for (int i = 0, n = items.size(); i < n; i++) {
            if (!items.get(i).matches(cluster)) {
                return false;
            }
        }
        return true;
    }
}
