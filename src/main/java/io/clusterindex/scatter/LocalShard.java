package io.clusterindex.scatter;

import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.Stats;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.query.ReadYourWrites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * This instance's share of a request: waits for the offsets it is asked to (without holding a thread), takes its
 * view positions, then queries its local stores (on the calling thread, or on a bounded executor after a wait, never on
 * the stream thread that ends the wait). Used for the local share of a fan-out and
 * behind the internal endpoint that other instances call.
 */
public final class LocalShard implements Shard {
    private final ClusterQueries queries;
    private final LocalViewQueries local;
    private final ReadYourWrites readYourWrites;
    private final String statsTopic;
    private final long maxCopyLag;
    private final Executor executor;

    /**
     * @param statsTopic the repartition topic whose partitions the stats store is split by
     * @param maxCopyLag how many changelog records a standby replica or restoring task may not have applied yet and
     *                   still answer ({@link #listCopies})
     * @param executor   runs the queries (bounded: it bounds how many local queries run at once); waits for offsets
     *                   hold none of its threads
     */
    public LocalShard(ClusterQueries queries, LocalViewQueries local, ReadYourWrites readYourWrites, String statsTopic,
                      long maxCopyLag, Executor executor) {
        this.queries = queries;
        this.local = local;
        this.readYourWrites = readYourWrites;
        this.statsTopic = statsTopic;
        this.maxCopyLag = maxCopyLag;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return list(tenant, ListRequest.shareOf(request.query()), consistency);
    }

    @Override
    public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
        ListQuery share = ListRequest.shareOf(request.query());
        return afterWait(consistency, positions -> {
            Answer<KeyPage> keys = queries.listKeys(tenant, share);
            return keys.on(keys.basis().withPositions(positions));
        });
    }

    /** On the calling thread: a few reads by key. */
    @Override
    public CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
        try {
            return CompletableFuture.completedFuture(unnamed(queries.fetch(tenant, wanted)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Holding every partition, this instance's answer is the page itself: no share of {@code offset + limit}. */
    @Override
    public CompletableFuture<Answer<ListPage>> listAlone(Tenant tenant, ListRequest request, Consistency consistency) {
        return list(tenant, request.query(), consistency);
    }

    private CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListQuery query, Consistency consistency) {
        return afterWait(consistency, positions -> {
            Answer<ListPage> page = queries.list(tenant, query);
            return page.on(page.basis().withPositions(positions));
        });
    }

    /**
     * Partitions whose view index is loaded here are answered through it (their active task runs here, even while
     * the group rebalances); the others by a full scan of the local copy, if its lag is within bounds, flagged with
     * that lag. The positions of a running task are this instance's; those of any other copy come from its own view
     * positions store. A copy behind {@code X-Min-Offsets} does not serve (it never waits).
     */
    @Override
    public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                          SortedSet<Integer> partitions, Consistency consistency) {
        return CompletableFuture.supplyAsync(() -> listCopiesNow(tenant, request, partitions, consistency), executor);
    }

    private Answer<ListPage> listCopiesNow(Tenant tenant, ListRequest request, SortedSet<Integer> partitions,
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
                Answer<SortedMap<Integer, Long>> stored = local.copyPositions(partition);
                if (stored instanceof Answer.Found<SortedMap<Integer, Long>> found) {
                    String behind = behind(found.value(), consistency.minimum());
                    if (behind == null) {
                        lags.put(partition, lag);
                        positionsOf.put(partition, found.value());
                        continue;
                    }
                    problem = "the copy of partition " + partition + " here is at " + behind;
                } else {
                    problem = message(stored);
                }
            }
            problems.add(problem);
            it.remove();
        }
        List<ListPage> pages = new ArrayList<>();
        if (!indexed.isEmpty()) {
            Answer<ListPage> answer = queries.listIndexed(tenant, share, indexed);
            if (answer instanceof Answer.Found<ListPage> found) {
                pages.add(found.value());
            } else if (reason(answer) == FailureReason.BUSY) {
                return Answer.notServed(FailureReason.BUSY, message(answer), partitions);
            } else if (reason(answer) == FailureReason.NOT_INDEXED) {
                copies.addAll(indexed);
                indexed.clear();
            } else {
                problems.add(reason(answer) == FailureReason.INDEX_LOADING ? "the view index of partitions " + indexed
                        + " is being reloaded" : message(answer));
                indexed.clear();
            }
        }
        for (Iterator<Integer> it = copies.iterator(); it.hasNext(); ) {
            int partition = it.next();
            Answer<ListPage> page = queries.scanCopy(tenant, share, partition);
            if (page instanceof Answer.Found<ListPage> found) {
                pages.add(found.value());
            } else if (reason(page) == FailureReason.BUSY) {
                return Answer.notServed(FailureReason.BUSY, message(page), partitions);
            } else {
                problems.add(message(page));
                it.remove();
            }
        }
        SortedSet<Integer> served = new TreeSet<>(indexed);
        served.addAll(copies);
        if (served.isEmpty()) {
            return Answer.notServed(FailureReason.NO_COPY, problems.isEmpty() ? "nothing to serve"
                    : String.join("; ", problems), partitions);
        }
        lags.keySet().retainAll(served);
        return new Answer.Found<>(PageMerge.merge(share, pages),
                new Basis(lowest(served.stream().map(positionsOf::get).toList()), served, lags));
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
        Answer<Map<Integer, Long>> lags = local.copyLags();
        if (lags instanceof Answer.Found<Map<Integer, Long>> found) {
            return found.value();
        }
        problems.add(message(lags));
        return Map.of();
    }

    @Override
    public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
        return afterWait(consistency, positions -> local.activeEventPartitions().flatMap(hosted ->
                unnamed(queries.byId(tenant, clusterId)).on(Basis.of(positions, new TreeSet<>(hosted)))));
    }

    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        return afterWait(consistency, positions -> local.activePartitions(statsTopic).flatMap(hosted ->
                unnamed(queries.stats(tenant)).map(value -> new Stats(value.totalClusters(), value.totalDocuments(),
                        new TreeMap<>(value.clustersByStatus()))).on(Basis.of(positions, new TreeSet<>(hosted)))));
    }

    /**
     * {@code query} with the positions taken just before it runs: at once on the calling thread, or, on the executor,
     * once the view has reached the request's {@code X-Min-Offsets} (a wait that holds no thread, completed by the
     * stream thread, which must never run a query).
     */
    private <T> CompletableFuture<Answer<T>> afterWait(Consistency consistency,
                                                       Function<SortedMap<Integer, Long>, Answer<T>> query) {
        if (!consistency.waits()) {
            // on the calling thread: a hand-over to another thread costs more than these reads (p99 of get by id
            // 1.1 -> 4.5 ms at 1M clusters on 2 cores, when every read went through the executor)
            try {
                return CompletableFuture.completedFuture(unnamed(query.apply(readYourWrites.positions())));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return readYourWrites.await(consistency.minimum(), consistency.maxWait())
                .thenApplyAsync(outcome -> afterWait(consistency, outcome, query), executor);
    }

    private <T> Answer<T> afterWait(Consistency consistency, ReadYourWrites.Outcome outcome,
                                    Function<SortedMap<Integer, Long>, Answer<T>> query) {
        if (outcome instanceof ReadYourWrites.Outcome.NotHosted notHosted) {
            return Answer.notServed(FailureReason.NOT_UP_TO_BOUND, "this instance runs no fold task of "
                    + "cluster-events (any more)", notHosted.partitions());
        }
        if (outcome instanceof ReadYourWrites.Outcome.TimedOut timedOut) {
            return Answer.notServed(FailureReason.NOT_UP_TO_BOUND, "the view has not reached "
                    + "X-Min-Offsets " + pairs(timedOut.behind()) + " within " + consistency.maxWait().toMillis()
                    + " ms (it is at " + (outcome.positions().isEmpty() ? "no position yet"
                    : pairs(outcome.positions())) + ")", new TreeSet<>(timedOut.behind().keySet()));
        }
        return unnamed(query.apply(outcome.positions()));
    }

    /** A local query's failure names no partitions: the shard says which it could not serve. */
    private static <T> Answer<T> unnamed(Answer<T> answer) {
        return answer instanceof Answer.NotServed<T> notServed
                ? Answer.notServed(notServed.reason(), notServed.message()) : answer;
    }

    private static FailureReason reason(Answer<?> answer) {
        return answer instanceof Answer.NotServed<?> notServed ? notServed.reason() : null;
    }

    private static String message(Answer<?> answer) {
        return answer instanceof Answer.NotServed<?> notServed ? notServed.message() : "unexpected " + answer;
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
