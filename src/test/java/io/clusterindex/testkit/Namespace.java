package io.clusterindex.testkit;

/** A namespace and the organization it belongs to. */
public record Namespace(String id, String organizationId) {
}
