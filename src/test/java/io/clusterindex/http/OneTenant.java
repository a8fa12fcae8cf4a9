package io.clusterindex.http;

import io.clusterindex.auth.ApiKeys;
import io.clusterindex.auth.Namespace;
import io.clusterindex.auth.TenancyDirectory;
import java.util.List;
import java.util.Optional;

/** A tenancy of one namespace, {@code default} ({@code ns_1}) of {@code org_1}, which one key belongs to. */
final class OneTenant implements TenancyDirectory {
    private final String key;
    volatile boolean available = true;

    OneTenant(String key) {
        this.key = key;
    }

    @Override
    public Optional<String> organizationOfKey(String keyHash) {
        return keyHash.equals(ApiKeys.hash(key)) ? Optional.of("org_1") : Optional.empty();
    }

    @Override
    public Optional<Namespace> namespaceById(String namespaceId) {
        return namespacesOf("org_1").stream().filter(ns -> ns.namespaceId().equals(namespaceId)).findFirst();
    }

    @Override
    public List<Namespace> namespacesOf(String organizationId) {
        return organizationId.equals("org_1") ? List.of(new Namespace("ns_1", "default", "org_1")) : List.of();
    }

    @Override
    public boolean available() {
        return available;
    }
}
