package io.clusterindex.stats;

/**
 * The change one applied event makes to its namespace's stats: {@code removed} is the cluster's old contribution,
 * {@code added} its new one; either is null when the cluster did not / no longer exists.
 */
public record StatsDelta(String namespaceId, Contribution removed, Contribution added) {
}
