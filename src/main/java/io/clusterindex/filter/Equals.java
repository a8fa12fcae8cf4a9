package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code eq}. */
public record Equals(ScalarValue value) implements LeafTest {
    @Override
    public boolean test(JsonNode leaf) {
        return value.isEqualTo(leaf);
    }
}
