package io.clusterindex.scatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.Scheduler;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers every {@code /v1} read for the whole namespace, whichever instance receives it (scatter-gather).
 *
 * <ul>
 *   <li><b>List</b>: asks, in parallel, every instance that the group's metadata shows with active
 *       {@code cluster-events} partitions ({@link SharePlanner}; this one directly, the others over
 *       {@link InternalApi}: {@link ShareGatherer}) for its first {@code offset + limit} matches, total and stats,
 *       and merges them ({@link PageMerge}).</li>
 *   <li><b>Get by id</b>: asks the instance that owns the key's partition; not found there, get by name is a list.</li>
 *   <li><b>Stats</b>: asks the owner of the namespace's stats key; with {@code X-Min-Offsets}, a list.</li>
 * </ul>
 * Each instance reports which partitions its share covers ({@link Coverage}). Partitions that no running active task
 * answered for (its instance is down, unreachable, rebalancing, or still loading them) <b>fail over</b>
 * ({@link FailOver}): they are asked of the instances that keep another copy ({@link Shard#listCopies}: a standby
 * replica, or the task while it restores), and the answer carries their lags ({@link Basis#lags()},
 * {@code X-View-Stale}). Never partial: unless the shares cover every partition exactly once, the answer is not served
 * ({@link FailureReason#NOT_COVERED}) naming the partitions missing, after one retry ({@link RetryPolicy}). A get or
 * stats request whose owner cannot answer becomes a list, and so fails over too.
 */
public final class ClusterReads implements NamespaceReads {
    private static final ListRequest ALL = new ListRequest(new byte[0], "", ListQuery.defaults());

    private final SharePlanner planner;
    private final ShareGatherer gatherer;
    private final RetryPolicy retry;
    private final StaleAnswerLog staleLog;
    private final ScatterObserver observer;
    private final String eventsTopic;
    private final int eventPartitions;
    private final String statsTopic;

    /**
     * @param membership      who holds what (the group's metadata)
     * @param self            this instance's {@code application.server}
     * @param eventPartitions how many partitions {@code eventsTopic} has
     * @param statsTopic      the repartition topic that splits the stats store
     * @param peers           the share of another instance
     * @param peerTimeout     how long an instance's share may take beyond the request's own wait
     * @param clock           what "failed fast" and the log's rate are measured with
     * @param scheduler       ends the peers' deadlines and the retry's pause
     */
    public ClusterReads(Membership membership, HostInfo self, String eventsTopic, int eventPartitions,
                        String statsTopic, Shard local, Function<HostInfo, Shard> peers, Duration peerTimeout,
                        Clock clock, Scheduler scheduler) {
        this(membership, self, eventsTopic, eventPartitions, statsTopic, local, peers, peerTimeout, clock, scheduler,
                ScatterObserver.NONE);
    }

    /** As above, reporting fan-out, fail-overs and stale answers to {@code observer}. */
    public ClusterReads(Membership membership, HostInfo self, String eventsTopic, int eventPartitions,
                        String statsTopic, Shard local, Function<HostInfo, Shard> peers, Duration peerTimeout,
                        Clock clock, Scheduler scheduler, ScatterObserver observer) {
        this.planner = new SharePlanner(membership, self, eventsTopic, eventPartitions);
        this.gatherer = new ShareGatherer(self, local, peers, peerTimeout, scheduler, observer);
        this.retry = new RetryPolicy(clock, scheduler);
        this.staleLog = new StaleAnswerLog(clock);
        this.observer = observer;
        this.eventsTopic = eventsTopic;
        this.eventPartitions = eventPartitions;
        this.statsTopic = statsTopic;
    }

    @Override
    public int eventPartitions() {
        return eventPartitions;
    }

    @Override
    public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return retry.withOneRetry(consistency.waits(), () -> listOnce(tenant, request, consistency));
    }

    private CompletableFuture<Answer<ListPage>> listOnce(Tenant tenant, ListRequest request, Consistency consistency) {
        SharePlanner.Plan plan = planner.list();
        Coverage first = new Coverage(planner.allEventPartitions());
        observer.fannedOut(plan.shares().size());
        return gatherer.<ListPage>gather(plan.shares(), consistency, (shard, partitions, demands) -> plan.alone()
                ? shard.listAlone(tenant, request, demands) : shard.list(tenant, request, demands))
                .thenCompose(answers -> {
                    first.add(plan.shares(), answers);
                    if (!plan.unassigned().isEmpty()) {
                        first.problem("no instance runs partitions " + Coverage.join(plan.unassigned()) + " of "
                                + eventsTopic + " right now (the instances are starting or rebalancing)");
                    }
                    if (first.missing().isEmpty()) {
                        return CompletableFuture.completedFuture(merged(request, first, plan.alone()));
                    }
                    return shares(tenant, request, consistency, plan, first)
                            .thenCompose(coverage -> failOver(tenant, request, consistency, coverage,
                                    planner.failOver(), 0))
                            .thenApply(coverage -> complete(request, coverage));
                });
    }

    /**
     * The coverage to fail over from. Holding every partition, an instance answers the final page; if it served only
     * some of them, its share (its first {@code offset + limit}) is asked for instead, to merge with the copies.
     */
    private CompletableFuture<Coverage> shares(Tenant tenant, ListRequest request, Consistency consistency,
                                               SharePlanner.Plan plan, Coverage first) {
        if (!plan.alone() || !first.hasShares()) {
            return CompletableFuture.completedFuture(first);
        }
        Coverage coverage = first.restart();
        return gatherer.<ListPage>gather(plan.shares(), consistency, (shard, partitions, demands) ->
                shard.list(tenant, request, demands)).thenApply(answers -> {
                    coverage.add(plan.shares(), answers);
                    return coverage;
                });
    }

    /** Up to {@link FailOver#ROUNDS} rounds, each offering the partitions still missing to one more copy. */
    private CompletableFuture<Coverage> failOver(Tenant tenant, ListRequest request, Consistency consistency,
                                                 Coverage coverage, FailOver failOver, int round) {
        Map<HostInfo, SortedSet<Integer>> plan = round == FailOver.ROUNDS ? Map.of()
                : failOver.nextRound(coverage.missing(), coverage.unreachable());
        if (plan.isEmpty()) {
            return CompletableFuture.completedFuture(coverage);
        }
        observer.failedOver(plan.values().stream().mapToInt(SortedSet::size).sum());
        return gatherer.<ListPage>gather(plan, consistency, (shard, partitions, demands) ->
                shard.listCopies(tenant, request, partitions, demands)).thenCompose(answers -> {
                    coverage.add(plan, answers);
                    return failOver(tenant, request, consistency, coverage, failOver, round + 1);
                });
    }

    private Answer<ListPage> complete(ListRequest request, Coverage coverage) {
        SortedSet<Integer> missing = coverage.missing();
        if (!missing.isEmpty()) {
            observer.notCovered();
            return unavailable(coverage.problems(), eventsTopic, missing, coverage.positions());
        }
        if (!coverage.lags().isEmpty()) {
            observer.servedStale();
        }
        staleLog.served(eventsTopic, coverage.lags());
        return merged(request, coverage, false);
    }

    private static Answer<ListPage> merged(ListRequest request, Coverage coverage, boolean alone) {
        return new Answer.Found<>(alone ? coverage.pages().get(0) : PageMerge.merge(request.query(), coverage.pages()),
                coverage.basis());
    }

    /**
     * One cluster by {@code cluster_id} (from the owner of its partition), else by {@code cluster_name}. When the
     * owner cannot answer, or has not got it (a state being handed over to its owner, a partition count changed),
     * the id is looked up with a list over every instance, which fails over to other copies of the partition.
     */
    @Override
    public CompletableFuture<Answer<ObjectNode>> get(Tenant tenant, String identifier, Consistency consistency) {
        SharePlanner.Owner owner = planner.owner(StoreNames.CLUSTERS, identifier);
        CompletableFuture<Answer<ObjectNode>> byOwner = owner.host()
                .map(host -> gatherer.shard(host).cluster(tenant, identifier, consistency)
                        .thenApply(answer -> checked(answer, owner, eventsTopic)))
                .orElse(CompletableFuture.completedFuture(null));
        return byOwner.thenCompose(byId -> byId == null || byId instanceof Answer.NotServed
                || byId instanceof Answer.NotFound && !owner.holdsAll()
                ? list(tenant, exact("cluster_id", identifier), consistency).thenApply(ClusterReads::first)
                : CompletableFuture.completedFuture(byId))
                .thenCompose(byId -> byId instanceof Answer.NotFound
                        ? list(tenant, exact("cluster_name", identifier), consistency).thenApply(ClusterReads::first)
                        : CompletableFuture.completedFuture(byId));
    }

    /**
     * The namespace's running stats, from the owner of its stats key; with {@code X-Min-Offsets}, or when that owner
     * cannot answer, the stats of the view itself (a list without filters, which fails over to other copies).
     */
    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        SharePlanner.Owner owner = consistency.waits() ? null
                : planner.owner(StoreNames.NAMESPACE_STATS, StatsKey.of(tenant.organizationId(), tenant.namespaceId()));
        CompletableFuture<Answer<Stats>> running = owner == null || owner.host().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : gatherer.shard(owner.host().get()).stats(tenant, consistency)
                        .thenApply(answer -> checked(answer, owner, statsTopic));
        return running.thenCompose(answer -> answer instanceof Answer.Found<Stats>
                ? CompletableFuture.completedFuture(answer)
                : list(tenant, ALL, consistency).thenApply(all -> all.map(ListPage::stats)));
    }

    /** The first result of a list answer, not found when there is none. */
    private static Answer<ObjectNode> first(Answer<ListPage> answer) {
        return answer.flatMap(page -> page.results().isEmpty() ? new Answer.NotFound<>(answer.basis())
                : new Answer.Found<>(page.results().get(0), answer.basis()));
    }

    /** The owner's answer if it covers the key's partition, on the owner's positions (never stale). */
    private static <T> Answer<T> checked(Answer<T> answer, SharePlanner.Owner owner, String topic) {
        SortedSet<Integer> partition = new TreeSet<>(List.of(owner.partition()));
        if (answer instanceof Answer.NotServed<T> failure) {
            return unavailable(failure.message(), topic, partition, new TreeMap<>());
        }
        if (!answer.basis().covered().contains(owner.partition())) {
            return unavailable("partition " + owner.partition() + " of " + topic + " is moving between instances",
                    topic, partition, answer.basis().positions());
        }
        return answer.on(Basis.at(answer.basis().positions()));
    }

    /** The list request of the clusters whose {@code field} is exactly {@code value}, one result. */
    private static ListRequest exact(String field, String value) {
        ObjectNode body = ClusterQueries.exactBody(field, value);
        ParsedRequest parsed = ListRequestParser.parse(body, ClusterQueries.NAMED_LIMIT, ClusterQueries.NAMED_OFFSET);
        try {
            return new ListRequest(Json.MAPPER.writeValueAsBytes(body), "limit=" + ClusterQueries.NAMED_LIMIT
                    + "&offset=" + ClusterQueries.NAMED_OFFSET, ((ParsedRequest.Valid) parsed).query());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Answer<T> unavailable(String reason, String topic, SortedSet<Integer> partitions,
                                             SortedMap<Integer, Long> positions) {
        return new Answer.NotServed<>(FailureReason.NOT_COVERED, reason, topic, partitions, Basis.at(positions));
    }
}
