package io.clusterindex.auth;

import java.util.List;
import java.util.Optional;

/** Read access to the materialised {@code api-keys} and {@code namespaces} topics. */
public interface TenancyDirectory {
    /** The organization of a live (not revoked) key, by the key's SHA-256 hex. */
    Optional<String> organizationOfKey(String keyHash);

    Optional<Namespace> namespaceById(String namespaceId);

    /** Every registered namespace of an organization. */
    List<Namespace> namespacesOf(String organizationId);

    /** False while the tables are not queryable yet (start-up). */
    boolean available();
}
