package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code eq}. */
record Equals(ScalarValue value) implements LeafTest {
    @Override
    public boolean test(JsonNode leaf) {
        return value.isEqualTo(leaf);
    }
}
