package io.clusterindex.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** No constraint: an absent {@code filters}, an empty group. */
public enum MatchAll implements Filter {
    INSTANCE;

    @Override
    public boolean matches(ObjectNode cluster) {
        return true;
    }
}
