package io.clusterindex.generate;

/** A namespace and the organization it belongs to. */
public record Namespace(String id, String organizationId) {
}
