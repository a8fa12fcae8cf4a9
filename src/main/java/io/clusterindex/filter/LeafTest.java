package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** A test on one leaf value (never an array: {@link AnyLeaf} has already flattened those). */
public interface LeafTest {
    boolean test(JsonNode leaf);
}
