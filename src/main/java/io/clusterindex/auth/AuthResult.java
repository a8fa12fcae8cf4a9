package io.clusterindex.auth;

/** Outcome of authenticating a request and resolving its namespace. */
public sealed interface AuthResult {
    record Authorized(Tenant tenant) implements AuthResult {
    }

    /** No usable {@code Authorization: Bearer} key (missing, malformed, unknown or revoked). */
    record Unauthorized(String message) implements AuthResult {
    }

    record MissingNamespace() implements AuthResult {
    }

    /** The namespace does not exist in the caller's organization (whether or not it exists elsewhere). */
    record NamespaceNotFound(String namespace) implements AuthResult {
    }

    record Unavailable(String reason) implements AuthResult {
    }
}
