package io.clusterindex.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.query.engine.ListEngine;
import io.clusterindex.query.engine.ListPage;
import io.clusterindex.query.engine.ListQuery;
import io.clusterindex.stats.NamespaceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The questions the {@code /v1} API asks, always scoped to one tenant's namespace and organization: list with the
 * query engine, get one cluster by id or name, the namespace's running stats.
 */
public final class ClusterQueries {
    private final LocalViewQueries local;

    public ClusterQueries(LocalViewQueries local) {
        this.local = local;
    }

    public QueryResult<ListPage> list(Tenant tenant, ListQuery query) {
        QueryResult<List<ObjectNode>> clusters = clustersOf(tenant);
        if (clusters instanceof QueryResult.Unavailable<List<ObjectNode>> unavailable) {
            return new QueryResult.Unavailable<>(unavailable.reason());
        }
        return new QueryResult.Found<>(ListEngine.run(query, ((QueryResult.Found<List<ObjectNode>>) clusters).value()));
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
        QueryResult<List<ObjectNode>> clusters = clustersOf(tenant);
        if (clusters instanceof QueryResult.Unavailable<List<ObjectNode>> unavailable) {
            return new QueryResult.Unavailable<>(unavailable.reason());
        }
        Optional<ObjectNode> byName = ((QueryResult.Found<List<ObjectNode>>) clusters).value().stream()
                .filter(cluster -> identifier.equals(text(cluster, "cluster_name")))
                .max(Comparator.comparing((ObjectNode cluster) -> Instant.parse(text(cluster, "created_at")))
                        .thenComparing(cluster -> text(cluster, "cluster_id"), Comparator.reverseOrder()));
        return byName.<QueryResult<ObjectNode>>map(QueryResult.Found::new).orElseGet(QueryResult.NotFound::new);
    }

    /** The namespace's running stats; a namespace without live clusters has empty stats. */
    public QueryResult<NamespaceStats> stats(Tenant tenant) {
        QueryResult<NamespaceStats> stats = local.namespaceStats(tenant.organizationId(), tenant.namespaceId());
        if (stats instanceof QueryResult.NotFound<NamespaceStats>) {
            return new QueryResult.Found<>(NamespaceStats.empty(tenant.namespaceId()));
        }
        return stats;
    }

    private QueryResult<List<ObjectNode>> clustersOf(Tenant tenant) {
        QueryResult<List<ObjectNode>> clusters = local.namespace(tenant.namespaceId());
        if (clusters instanceof QueryResult.Found<List<ObjectNode>> found) {
            List<ObjectNode> own = new ArrayList<>(found.value().size());
            for (ObjectNode cluster : found.value()) {
                if (belongsTo(cluster, tenant)) {
                    own.add(cluster);
                }
            }
            return new QueryResult.Found<>(own);
        }
        return clusters;
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
