package io.clusterindex.scatter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.query.QueryResult;
import io.clusterindex.query.ReadYourWrites;
import io.clusterindex.index.IndexAnswer;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.Stats;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.index.ViewPositions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * This instance's share of a request: waits for the offsets it is asked to, takes its view positions, then queries
 * its local stores. Used for the local share of a fan-out and behind the internal
 * endpoint that other instances call.
 */
public final class LocalShard implements Shard {
    private final ClusterQueries queries;
    private final LocalViewQueries local;
    private final ReadYourWrites readYourWrites;
    private final String statsTopic;
    private final long maxCopyLag;

    /**
     * @param statsTopic the repartition topic whose partitions the stats store is split by
     * @param maxCopyLag how many changelog records a standby replica or restoring task may not have applied yet and
     *                   still answer ({@link #listCopies})
     */
    public LocalShard(ClusterQueries queries, LocalViewQueries local, ReadYourWrites readYourWrites, String statsTopic,
                      long maxCopyLag) {
        this.queries = queries;
        this.local = local;
        this.readYourWrites = readYourWrites;
        this.statsTopic = statsTopic;
        this.maxCopyLag = maxCopyLag;
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

    private ShardAnswer<ListPage> list(Tenant tenant, ListQuery query,
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

    /**
     * Partitions whose view index is loaded here are answered through it (their active task runs here, even while
     * the group rebalances); the others by a full scan of the local copy, if its lag is within bounds, flagged with
     * that lag. The positions of a running task are this instance's; those of any other copy come from its own view
     * positions store. A copy behind {@code X-Min-Offsets} does not serve (it never waits).
     */
    @Override
    public ShardAnswer<ListPage> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> partitions,
                                            Consistency consistency) {
        ListQuery share = ListRequest.shareOf(request.query());
        List<String> problems = new ArrayList<>();
        SortedMap<Integer, Long> lags = new TreeMap<>();
        Map<Integer, SortedMap<Integer, Long>> positionsOf = new HashMap<>();
        SortedSet<Integer> indexed = new TreeSet<>(partitions);
        indexed.retainAll(queries.indexedPartitions());
        if (!indexed.isEmpty()) {
            SortedMap<Integer, Long> live = readYourWrites.positions();
            String behind = behind(live, consistency.minimum());
            if (behind == null) {
                indexed.forEach(p -> positionsOf.put(p, live));
            } else {
                problems.add("the view here is at " + behind);
                indexed.clear();
            }
        }
        SortedSet<Integer> copies = new TreeSet<>(partitions);
        copies.removeAll(queries.indexedPartitions());
        Map<Integer, Long> copyLags = copies.isEmpty() ? Map.of() : copyLags(problems);
        for (Iterator<Integer> it = copies.iterator(); it.hasNext(); ) {
            int partition = it.next();
            Long lag = copyLags.get(partition);
            String problem = lag == null ? "no copy of partition " + partition + " here"
                    : lag > maxCopyLag ? "the copy of partition " + partition + " here is " + lag
                    + " changelog records behind (more than " + maxCopyLag + ")" : null;
            if (problem == null) {
                QueryResult<SortedMap<Integer, Long>> stored = local.copyPositions(partition);
                if (stored instanceof QueryResult.Found<SortedMap<Integer, Long>> found) {
                    String behind = behind(found.value(), consistency.minimum());
                    if (behind == null) {
                        lags.put(partition, lag);
                        positionsOf.put(partition, found.value());
                        continue;
                    }
                    problem = "the copy of partition " + partition + " here is at " + behind;
                } else {
                    problem = reason(stored);
                }
            }
            problems.add(problem);
            it.remove();
        }
        List<ListPage> pages = new ArrayList<>();
        if (!indexed.isEmpty()) {
            QueryResult<IndexAnswer> answer = queries.listIndexed(tenant, share, indexed);
            IndexAnswer value = answer instanceof QueryResult.Found<IndexAnswer> found ? found.value() : null;
            if (value instanceof IndexAnswer.Answered answered) {
                pages.add(answered.page());
            } else if (value instanceof IndexAnswer.Unsupported) {
                copies.addAll(indexed);
                indexed.clear();
            } else {
                problems.add(value == null ? reason(answer) : "the view index of partitions " + indexed
                        + " is being reloaded");
                indexed.clear();
            }
        }
        for (Iterator<Integer> it = copies.iterator(); it.hasNext(); ) {
            int partition = it.next();
            QueryResult<ListPage> page = queries.scanCopy(tenant, share, partition);
            if (page instanceof QueryResult.Found<ListPage> found) {
                pages.add(found.value());
            } else {
                problems.add(reason(page));
                it.remove();
            }
        }
        SortedSet<Integer> served = new TreeSet<>(indexed);
        served.addAll(copies);
        if (served.isEmpty()) {
            return new ShardAnswer.Failed<>(partitions, problems.isEmpty() ? "nothing to serve"
                    : String.join("; ", problems));
        }
        lags.keySet().retainAll(served);
        return new ShardAnswer.Served<>(lowest(served.stream().map(positionsOf::get).toList()), served,
                PageMerge.merge(share, pages), lags);
    }

    /** The requested offsets that {@code positions} has not reached, as {@code p:position < p:offset}; null if none. */
    private static String behind(SortedMap<Integer, Long> positions, SortedMap<Integer, Long> minimum) {
        StringJoiner behind = new StringJoiner(", ");
        minimum.forEach((partition, offset) -> {
            long position = positions.getOrDefault(partition, ViewPositions.NONE);
            if (position < offset) {
                behind.add("offset " + position + " of partition " + partition + ", before X-Min-Offsets "
                        + partition + ":" + offset);
            }
        });
        return behind.length() == 0 ? null : behind.toString();
    }

    /** The positions of several copies together: for each partition, the lowest ({@link ViewPositions#NONE} where absent). */
    private SortedMap<Integer, Long> lowest(List<SortedMap<Integer, Long>> copies) {
        SortedMap<Integer, Long> lowest = new TreeMap<>();
        for (int partition = 0; partition < readYourWrites.partitions(); partition++) {
            long position = Long.MAX_VALUE;
            for (SortedMap<Integer, Long> copy : copies) {
                position = Math.min(position, copy.getOrDefault(partition, ViewPositions.NONE));
            }
            lowest.put(partition, position);
        }
        return lowest;
    }

    private Map<Integer, Long> copyLags(List<String> problems) {
        QueryResult<Map<Integer, Long>> lags = local.copyLags();
        if (lags instanceof QueryResult.Found<Map<Integer, Long>> found) {
            return found.value();
        }
        problems.add(reason(lags));
        return Map.of();
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
            return new ShardAnswer.Failed<>(notHosted.partitions(), "this instance runs no fold task of "
                    + "cluster-events (any more)");
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
        return result instanceof QueryResult.Unavailable<?> unavailable ? unavailable.reason()
                : "unexpected " + result;
    }

    /** {@code 0,2}: a list of partitions, as in {@link InternalApi#PARTITIONS} and in messages. */
    static String join(Iterable<Integer> partitions) {
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
