package io.clusterindex.auth;

/** A namespace as registered on the {@code namespaces} topic. */
public record Namespace(String namespaceId, String namespaceName, String organizationId) {
}
