package io.clusterindex.query.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.query.QueryResult;
import io.clusterindex.query.ReadYourWrites;
import io.clusterindex.query.engine.ListPage;
import io.clusterindex.query.engine.Stats;
import io.clusterindex.stats.NamespaceStats;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * This instance's share of a request: waits for the offsets it is asked to (only partitions it hosts), takes its
 * view positions, then queries its local stores. Used for the local share of a fan-out and behind the internal
 * endpoint that other instances call.
 */
public final class LocalShard implements Shard {
    private final ClusterQueries queries;
    private final LocalViewQueries local;
    private final ReadYourWrites readYourWrites;
    private final String statsTopic;

    /** @param statsTopic the repartition topic whose partitions the stats store is split by */
    public LocalShard(ClusterQueries queries, LocalViewQueries local, ReadYourWrites readYourWrites, String statsTopic) {
        this.queries = queries;
        this.local = local;
        this.readYourWrites = readYourWrites;
        this.statsTopic = statsTopic;
    }

    @Override
    public ShardAnswer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return list(tenant, ListRequest.shareOf(request.query()), consistency);
    }

    /** Holding every partition, this instance's answer is the page itself: no share of {@code offset + limit}. */
    @Override
    public ShardAnswer<ListPage> listAlone(Tenant tenant, ListRequest request, Consistency consistency) {
        return list(tenant, request.query(), consistency);
    }

    private ShardAnswer<ListPage> list(Tenant tenant, io.clusterindex.query.engine.ListQuery query,
                                       Consistency consistency) {
        return afterWait(consistency, positions -> {
            QueryResult<ClusterQueries.Served> served = queries.listServed(tenant, query);
            if (served instanceof QueryResult.Found<ClusterQueries.Served> found) {
                return new ShardAnswer.Served<>(positions, new TreeSet<>(found.value().partitions()),
                        found.value().page());
            }
            return ShardAnswer.Failed.of(reason(served));
        });
    }

    @Override
    public ShardAnswer<Optional<ObjectNode>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
        return afterWait(consistency, positions -> {
            QueryResult<Set<Integer>> partitions = local.activeEventPartitions();
            if (!(partitions instanceof QueryResult.Found<Set<Integer>> hosted)) {
                return ShardAnswer.Failed.of(reason(partitions));
            }
            QueryResult<ObjectNode> cluster = queries.byId(tenant, clusterId);
            if (cluster instanceof QueryResult.Unavailable<ObjectNode>) {
                return ShardAnswer.Failed.of(reason(cluster));
            }
            Optional<ObjectNode> value = cluster instanceof QueryResult.Found<ObjectNode> found
                    ? Optional.of(found.value()) : Optional.empty();
            return new ShardAnswer.Served<>(positions, new TreeSet<>(hosted.value()), value);
        });
    }

    @Override
    public ShardAnswer<Stats> stats(Tenant tenant, Consistency consistency) {
        return afterWait(consistency, positions -> {
            QueryResult<Set<Integer>> partitions = local.activePartitions(statsTopic);
            if (!(partitions instanceof QueryResult.Found<Set<Integer>> hosted)) {
                return ShardAnswer.Failed.of(reason(partitions));
            }
            QueryResult<NamespaceStats> stats = queries.stats(tenant);
            if (!(stats instanceof QueryResult.Found<NamespaceStats> found)) {
                return ShardAnswer.Failed.of(reason(stats));
            }
            NamespaceStats value = found.value();
            return new ShardAnswer.Served<>(positions, new TreeSet<>(hosted.value()),
                    new Stats(value.totalClusters(), value.totalDocuments(), new TreeMap<>(value.clustersByStatus())));
        });
    }

    private <T> ShardAnswer<T> afterWait(Consistency consistency,
                                         Function<SortedMap<Integer, Long>, ShardAnswer<T>> query) {
        if (!consistency.waits()) {
            return query.apply(readYourWrites.positions());
        }
        ReadYourWrites.Outcome outcome = readYourWrites.await(consistency.minimum(), consistency.maxWait());
        if (outcome instanceof ReadYourWrites.Outcome.NotHosted notHosted) {
            return new ShardAnswer.Failed<>(notHosted.partitions(), "partitions " + join(notHosted.partitions())
                    + " of cluster-events are not hosted here (any more)");
        }
        if (outcome instanceof ReadYourWrites.Outcome.TimedOut timedOut) {
            return new ShardAnswer.Failed<>(new TreeSet<>(timedOut.behind().keySet()), "the view has not reached "
                    + "X-Min-Offsets " + pairs(timedOut.behind()) + " within " + consistency.maxWait().toMillis()
                    + " ms (it is at " + (outcome.positions().isEmpty() ? "no position yet"
                    : pairs(outcome.positions())) + ")");
        }
        return query.apply(outcome.positions());
    }

    private static String reason(QueryResult<?> result) {
        return result instanceof QueryResult.Unavailable<?> unavailable ? "the view cannot answer yet: "
                + unavailable.reason() : "unexpected " + result;
    }

    private static String join(Iterable<Integer> partitions) {
        StringJoiner text = new StringJoiner(",");
        partitions.forEach(p -> text.add(Integer.toString(p)));
        return text.toString();
    }

    /** {@code 0:12,3:40}: the format of the offset headers. */
    static String pairs(SortedMap<Integer, Long> offsets) {
        StringJoiner text = new StringJoiner(",");
        offsets.forEach((partition, offset) -> text.add(partition + ":" + offset));
        return text.toString();
    }
}
