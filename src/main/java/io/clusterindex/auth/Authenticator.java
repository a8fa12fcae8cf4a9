package io.clusterindex.auth;

import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <key>} against the {@code api-keys} table and resolves {@code X-Namespace}
 * (an id, else a name, looked up among the organization's namespaces) within the caller's organization. Every
 * request looks the tables up (in memory: {@link TenancyIndex}), so a key revoked by a tombstone stops working as
 * soon as the table has the tombstone.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final TenancyDirectory directory;

    public Authenticator(TenancyDirectory directory) {
        this.directory = directory;
    }

    public AuthResult authenticate(String authorization, String namespaceHeader) {
        if (authorization == null || authorization.isBlank()) {
            return new AuthResult.Unauthorized("Authorization header is missing; send 'Authorization: Bearer <api key>'");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return new AuthResult.Unauthorized("Authorization header must be 'Bearer <api key>'");
        }
        if (!directory.available()) {
            return new AuthResult.Unavailable("the api-keys and namespaces tables are still loading");
        }
        String key = authorization.substring(BEARER.length()).trim();
        Optional<String> organization = directory.organizationOfKey(ApiKeys.hash(key));
        if (organization.isEmpty()) {
            return new AuthResult.Unauthorized("API key is unknown or revoked");
        }
        if (namespaceHeader == null || namespaceHeader.isBlank()) {
            return new AuthResult.MissingNamespace();
        }
        String wanted = namespaceHeader.trim();
        Optional<Namespace> byId = directory.namespaceById(wanted)
                .filter(ns -> ns.organizationId().equals(organization.get()));
        if (byId.isPresent()) {
            return new AuthResult.Authorized(new Tenant(organization.get(), byId.get().namespaceId()));
        }
        return directory.namespacesOf(organization.get()).stream()
                .filter(ns -> wanted.equals(ns.namespaceName()))
                .min(java.util.Comparator.comparing(Namespace::namespaceId))
                .<AuthResult>map(ns -> new AuthResult.Authorized(new Tenant(organization.get(), ns.namespaceId())))
                .orElse(new AuthResult.NamespaceNotFound(wanted));
    }
}
