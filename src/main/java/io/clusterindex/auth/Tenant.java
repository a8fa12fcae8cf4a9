package io.clusterindex.auth;

/** The caller of a request, once authenticated: its organization and the namespace every read is scoped to. */
public record Tenant(String organizationId, String namespaceId) {
}
