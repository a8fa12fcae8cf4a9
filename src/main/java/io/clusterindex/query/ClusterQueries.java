package io.clusterindex.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.stats.NamespaceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The questions the {@code /v1} API asks, always scoped to one tenant's namespace and organization: list with the
 * in-memory {@link ViewIndex} (or, for the queries it cannot answer, a full scan of the store with the query engine),
 * get one cluster by id, the namespace's running stats. This instance's share only: {@code scatter} asks every
 * instance and merges their shares.
 */
public final class ClusterQueries {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterQueries.class);
    static final int MAX_CONCURRENT_SCANS = Math.max(1, Runtime.getRuntime().availableProcessors());
    public static final String NAMED_LIMIT = "1";
    public static final String NAMED_OFFSET = "0";

    private final LocalViewQueries local;
    private final ViewIndex index;
    /**
     * Full scans parse every cluster of the namespace; running too many at once would exhaust the heap, so at most
     * {@link #MAX_CONCURRENT_SCANS} run together, with the queue and wait of the list queries.
     */
    private final Permits scans;
    /**
     * Index list queries are CPU-bound: at most the admission's concurrency at once, a bounded queue waits; those
     * with a regex the index cannot narrow take turns in a lane of their own.
     */
    private final ListLanes lanes;

    public ClusterQueries(LocalViewQueries local, ViewIndex index) {
        this(local, index, Admission.DEFAULTS);
    }

    /**
     * @param admission how many list queries are evaluated at once, and how many wait how long for their turn
     *                  before being answered {@link FailureReason#BUSY}
     */
    public ClusterQueries(LocalViewQueries local, ViewIndex index, Admission admission) {
        this.local = local;
        this.index = index;
        this.lanes = new ListLanes(admission);
        this.scans = new Permits(new Admission(MAX_CONCURRENT_SCANS, admission.queue(), admission.maxWait()),
                "full scans");
    }

    /**
     * A page over this instance's partitions through the view index, or a full scan where the index cannot answer;
     * its basis names the {@code cluster-events} partitions it covers.
     */
    public Answer<ListPage> list(Tenant tenant, ListQuery query) {
        return local.activeEventPartitions().flatMap(active -> {
            Permits lane = lanes.of(query);
            Answer<ListPage> page = lane.run(() -> local.withClusters(store -> index.list(query,
                    tenant.organizationId(), tenant.namespaceId(), active, store, lanes.mayUseIdleCores(lane)))
                    .flatMap(indexed -> indexed));
            if (page instanceof Answer.NotServed<ListPage> notServed) {
                if (notServed.reason() != FailureReason.NOT_INDEXED) {
                    return Answer.notServed(notServed.reason(), notServed.message());
                }
                LOG.debug("list query by full scan: {}", notServed.message());
                page = scans.run(() -> local.scanNamespace(tenant.namespaceId(), active,
                        clusters -> ListEngine.run(query, ownedBy(tenant, clusters))));
            }
            return page.on(Basis.of(new TreeMap<>(), new TreeSet<>(active)));
        });
    }

    /**
     * {@link #list} as sort keys, for the first phase of a scatter-gather: through the view index without reading a
     * document; where the index cannot answer, the full scan's documents come with their keys.
     */
    public Answer<KeyPage> listKeys(Tenant tenant, ListQuery query) {
        return local.activeEventPartitions().flatMap(active -> {
            Permits lane = lanes.of(query);
            Answer<KeyPage> keys = lane.run(() -> index.keys(query, tenant.organizationId(),
                    tenant.namespaceId(), active, lanes.mayUseIdleCores(lane)));
            if (keys instanceof Answer.NotServed<KeyPage> notServed) {
                return notServed.reason() == FailureReason.NOT_INDEXED
                        ? list(tenant, query).map(page -> KeyPage.of(SortOrder.of(query.sort()), page))
                        : Answer.notServed(notServed.reason(), notServed.message());
            }
            return keys.on(Basis.of(new TreeMap<>(), new TreeSet<>(active)));
        });
    }

    /**
     * The documents of {@code wanted} clusters of the tenant from this instance's store, in that order, each at the
     * version of the key's sequence: the stored one, or the one the view index replaced lately (else null: it
     * changed long ago, or is no longer here).
     */
    public Answer<List<ViewDocument>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
        return local.withClusters(store -> {
            List<ViewDocument> documents = new ArrayList<>(wanted.size());
            for (KeyPage.PageKey key : wanted) {
                ClusterState current = store.apply(key.clusterId());
                ViewDocument document = index.version(key.clusterId(), key.sequence(), current);
                documents.add(document != null && belongsTo(document, current, tenant) ? document : null);
            }
            return documents;
        });
    }

    /** The {@code cluster-events} partitions whose view index is loaded here: their active task runs here. */
    public Set<Integer> indexedPartitions() {
        return index.loadedPartitions();
    }

    /**
     * A page over {@code partitions} (all of them indexed here) through the view index, whatever state the stream
     * processor is in (it may be rebalancing); the page's documents come from the local copies.
     */
    public Answer<ListPage> listIndexed(Tenant tenant, ListQuery query, Set<Integer> partitions) {
        Permits lane = lanes.of(query);
        return lane.run(() -> local.withClusterCopies(store -> index.list(query, tenant.organizationId(),
                tenant.namespaceId(), partitions, store, lanes.mayUseIdleCores(lane))).flatMap(indexed -> indexed));
    }

    /** A page over one partition by a full scan of whichever local copy of it this instance keeps. */
    public Answer<ListPage> scanCopy(Tenant tenant, ListQuery query, int partition) {
        return scans.run(() -> local.scanCopy(partition, tenant.namespaceId(),
                clusters -> ListEngine.run(query, ownedBy(tenant, clusters))));
    }

    /**
     * One cluster of the tenant by {@code cluster_id} only, from this instance's store: its document as stored
     * (the tenant checked on the state's header when it was stored so: nothing parsed).
     */
    public Answer<ViewDocument> byId(Tenant tenant, String clusterId) {
        return local.liveState(clusterId).flatMap(state -> belongsTo(state.document(), state, tenant)
                ? Answer.found(state.document()) : Answer.notFound());
    }

    /**
     * The list request body of a get by name (or by id, when the owner of the id's partition cannot answer), sent
     * with {@code limit=}{@value #NAMED_LIMIT} and {@code offset=}{@value #NAMED_OFFSET}: the clusters whose
     * {@code field} equals {@code value} exactly, in the default order.
     */
    public static ObjectNode exactBody(String field, String value) {
        ObjectNode condition = Json.NODES.objectNode().put("field", field).put("operator", "eq").put("value", value);
        ObjectNode filters = Json.NODES.objectNode().put("case_sensitive", true);
        filters.putArray("AND").add(condition);
        ObjectNode body = Json.NODES.objectNode();
        body.set("filters", filters);
        return body;
    }

    /** The namespace's running stats; a namespace without live clusters has empty stats. */
    public Answer<NamespaceStats> stats(Tenant tenant) {
        Answer<NamespaceStats> stats = local.namespaceStats(tenant.organizationId(), tenant.namespaceId());
        return stats instanceof Answer.NotFound<NamespaceStats>
                ? Answer.found(NamespaceStats.empty(tenant.namespaceId())) : stats;
    }

    private static Iterable<ObjectNode> ownedBy(Tenant tenant, Iterable<ObjectNode> clusters) {
        return () -> new FilterMapIterator<>(clusters.iterator(), cluster -> belongsTo(cluster, tenant) ? cluster : null);
    }

    /**
     * Whether a fetched version belongs to the tenant: by the header of the stored state when the version is that
     * state's document, unparsed (nothing to parse then), else by the document's tree (a version the index replaced
     * lately, or one parsed already).
     */
    private static boolean belongsTo(ViewDocument document, ClusterState current, Tenant tenant) {
        if (document.treeIfParsed() == null && current != null && document == current.document()) {
            ClusterState.Header header = current.header();
            return belongsTo(header.namespaceId(), header.organizationId(), tenant);
        }
        return belongsTo(document.tree(), tenant);
    }

    private static boolean belongsTo(ObjectNode cluster, Tenant tenant) {
        return belongsTo(text(cluster, "namespace_id"), text(cluster, "organization_id"), tenant);
    }

    private static boolean belongsTo(String namespaceId, String organizationId, Tenant tenant) {
        return tenant.namespaceId().equals(namespaceId) && tenant.organizationId().equals(organizationId);
    }

    private static String text(ObjectNode cluster, String field) {
        JsonNode node = cluster.get(field);
        return node == null ? null : node.textValue();
    }
}
