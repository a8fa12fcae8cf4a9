package io.clusterindex.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A compiled node of the filter tree. Immutable and thread-safe: one tree, built once per request by
 * {@link ListRequestParser}, is evaluated against every cluster of the namespace without re-reading the request.
 */
public sealed interface Filter permits MatchAll, AllOf, AnyOf, NoneOf, AnyLeaf, Contains, Exists, IsNull {

    /** Whether {@code cluster} (a {@code ClusterMetadata} document) satisfies this node. */
    boolean matches(ObjectNode cluster);
}
