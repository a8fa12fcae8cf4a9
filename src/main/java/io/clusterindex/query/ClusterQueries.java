package io.clusterindex.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.query.engine.ListEngine;
import io.clusterindex.query.engine.ListPage;
import io.clusterindex.query.engine.ListQuery;
import io.clusterindex.stats.NamespaceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The questions the {@code /v1} API asks, always scoped to one tenant's namespace and organization: list with the
 * query engine, get one cluster by id or name, the namespace's running stats.
 */
public final class ClusterQueries {
    /** Most recently created first; among equal creation instants the smallest cluster id. */
    private static final Comparator<ObjectNode> NEWEST_FIRST = Comparator
            .comparing((ObjectNode cluster) -> Instant.parse(text(cluster, "created_at")), Comparator.reverseOrder())
            .thenComparing(cluster -> text(cluster, "cluster_id"));
    static final int MAX_CONCURRENT_SCANS = Math.max(1, Runtime.getRuntime().availableProcessors());
    static final Duration SCAN_WAIT = Duration.ofSeconds(10);

    private final LocalViewQueries local;
    private final Semaphore scans = new Semaphore(MAX_CONCURRENT_SCANS, true);

    public ClusterQueries(LocalViewQueries local) {
        this.local = local;
    }

    public QueryResult<ListPage> list(Tenant tenant, ListQuery query) {
        return withScanPermit(() -> local.scanNamespace(tenant.namespaceId(),
                clusters -> ListEngine.run(query, ownedBy(tenant, clusters))));
    }

    /** One cluster by {@code cluster_id}, else by {@code cluster_name} (the most recently created one). */
    public QueryResult<ObjectNode> get(Tenant tenant, String identifier) {
        QueryResult<ObjectNode> byId = local.cluster(identifier);
        if (byId instanceof QueryResult.Unavailable<ObjectNode>) {
            return byId;
        }
        if (byId instanceof QueryResult.Found<ObjectNode> found && belongsTo(found.value(), tenant)) {
            return byId;
        }
        QueryResult<Optional<ObjectNode>> byName = withScanPermit(() -> local.scanNamespace(tenant.namespaceId(),
                clusters -> {
                    ObjectNode newest = null;
                    for (ObjectNode cluster : ownedBy(tenant, clusters)) {
                        if (identifier.equals(text(cluster, "cluster_name"))
                                && (newest == null || NEWEST_FIRST.compare(cluster, newest) < 0)) {
                            newest = cluster;
                        }
                    }
                    return Optional.ofNullable(newest);
                }));
        if (byName instanceof QueryResult.Unavailable<Optional<ObjectNode>> unavailable) {
            return new QueryResult.Unavailable<>(unavailable.reason());
        }
        return ((QueryResult.Found<Optional<ObjectNode>>) byName).value()
                .<QueryResult<ObjectNode>>map(QueryResult.Found::new).orElseGet(QueryResult.NotFound::new);
    }

    /** The namespace's running stats; a namespace without live clusters has empty stats. */
    public QueryResult<NamespaceStats> stats(Tenant tenant) {
        QueryResult<NamespaceStats> stats = local.namespaceStats(tenant.organizationId(), tenant.namespaceId());
        if (stats instanceof QueryResult.NotFound<NamespaceStats>) {
            return new QueryResult.Found<>(NamespaceStats.empty(tenant.namespaceId()));
        }
        return stats;
    }

    /**
     * Full scans parse every cluster of the namespace; running too many at once would exhaust the heap, so at most
     * {@link #MAX_CONCURRENT_SCANS} run together and the others wait up to {@link #SCAN_WAIT}, then get a 503.
     */
    private <T> QueryResult<T> withScanPermit(Supplier<QueryResult<T>> scan) {
        try {
            if (!scans.tryAcquire(SCAN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return new QueryResult.Unavailable<>("too many list queries in progress; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueryResult.Unavailable<>("interrupted while waiting for a free scan");
        }
        try {
            return scan.get();
        } finally {
            scans.release();
        }
    }

    private static Iterable<ObjectNode> ownedBy(Tenant tenant, Iterable<ObjectNode> clusters) {
        return () -> new FilterMapIterator<>(clusters.iterator(), cluster -> belongsTo(cluster, tenant) ? cluster : null);
    }

    private static boolean belongsTo(ObjectNode cluster, Tenant tenant) {
        return tenant.namespaceId().equals(text(cluster, "namespace_id"))
                && tenant.organizationId().equals(text(cluster, "organization_id"));
    }

    private static String text(ObjectNode cluster, String field) {
        JsonNode node = cluster.get(field);
        return node == null ? null : node.textValue();
    }
}
