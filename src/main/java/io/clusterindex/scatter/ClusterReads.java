package io.clusterindex.scatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.Scheduler;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *       {@link InternalApi}: {@link ShareGatherer}) for the sort keys of its first {@code offset + limit} matches,
 *       total and stats, merges the keys ({@link PageMerge#mergeKeys}), then fetches the page's documents from the
 *       instances holding them (two phases: {@link #TWO_PHASE_ATTEMPTS}). One instance holding every partition
 *       answers the page itself.</li>
 *   <li><b>Get by id</b>: asks the instance that owns the key's partition; not found there, get by name is a list.</li>
 *   <li><b>Stats</b>: asks the owner of the namespace's stats key; with {@code X-Min-Offsets}, a list.</li>
 * </ul>
 * Each instance reports which partitions its share covers ({@link Coverage}). Partitions that no running active task
 * answered for (its instance is down, unreachable, rebalancing, or still loading them) <b>fail over</b>
 * ({@link FailOver}): they are asked of the instances that keep another copy ({@link Shard#listCopies}: a standby
 * replica, or the task while it restores), and the answer carries their lags ({@link Basis#lags()},
 * {@code X-View-Stale}). Never partial: unless the shares cover every partition exactly once, the answer is not served
 * ({@link FailureReason#NOT_COVERED}) naming the partitions missing, after one retry ({@link RetryPolicy}). A get or
 * stats request whose owner cannot answer becomes a list, and so fails over too. A share refused for load
 * ({@link FailureReason#BUSY}: its instance's list queries and their queue are full) is neither failed over nor
 * retried: the whole list is refused at once, so that a loaded instance does not bring more work on the others.
 */
public final class ClusterReads implements NamespaceReads {
    private static final ListRequest ALL = new ListRequest(new byte[0], "", ListQuery.defaults());
    /** Two-phase attempts whose page changed between the phases before the shares are asked for documents. */
    static final int TWO_PHASE_ATTEMPTS = 2;

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
        observer.fannedOut(plan.shares().size());
        if (!plan.alone()) {
            return twoPhase(tenant, request, consistency, plan, new Coverage<>(planner.allEventPartitions()), 1);
        }
        Coverage<ListPage> first = new Coverage<>(planner.allEventPartitions());
        return gatherer.<ListPage>gather(plan.shares(), consistency, (shard, partitions, demands) ->
                shard.listAlone(tenant, request, demands)).thenCompose(answers -> {
                    first.add(plan.shares(), answers);
                    if (first.missing().isEmpty()) {
                        return CompletableFuture.completedFuture(new Answer.Found<>(first.pages().get(0),
                                first.basis()));
                    }
                    if (first.busy() != null) {
                        return CompletableFuture.completedFuture(busy(first));
                    }
                    // it served only some partitions: its share is asked for, to merge with the copies
                    return first.hasShares()
                            ? twoPhase(tenant, request, consistency, plan, first.restart(), 1)
                            : keysFromCopies(tenant, request, consistency, first.carryOn())
                                    .thenCompose(coverage -> documents(tenant, request, consistency, coverage, 1));
                });
    }

    /**
     * Phase one asks each share for the sort keys of its first {@code offset + limit} matches (with totals and
     * stats), failing over as needed; phase two fetches the documents of the merged page only ({@link #documents}).
     * After {@link #TWO_PHASE_ATTEMPTS} attempts whose page changed between the phases, the shares are asked for
     * their documents at once ({@link #onePhase}).
     */
    private CompletableFuture<Answer<ListPage>> twoPhase(Tenant tenant, ListRequest request, Consistency consistency,
                                                         SharePlanner.Plan plan, Coverage<KeyPage> coverage,
                                                         int attempt) {
        return keysOfShares(plan, consistency, coverage, (shard, partitions, demands) ->
                shard.keys(tenant, request, demands))
                .thenCompose(first -> keysFromCopies(tenant, request, consistency, first))
                .thenCompose(gathered -> documents(tenant, request, consistency, gathered, attempt));
    }

    /** The shares with their documents in one phase: nothing is left to fetch, so nothing can change in between. */
    private CompletableFuture<Answer<ListPage>> onePhase(Tenant tenant, ListRequest request, Consistency consistency) {
        SharePlanner.Plan plan = planner.list();
        SortOrder order = SortOrder.of(request.query().sort());
        return keysOfShares(plan, consistency, new Coverage<>(planner.allEventPartitions()),
                (shard, partitions, demands) -> shard.list(tenant, request, demands)
                        .thenApply(answer -> answer.map(share -> KeyPage.of(order, share))))
                .thenCompose(first -> keysFromCopies(tenant, request, consistency, first))
                .thenApply(gathered -> complete(request, gathered, Map.of()));
    }

    private CompletableFuture<Coverage<KeyPage>> keysOfShares(SharePlanner.Plan plan, Consistency consistency,
                                                              Coverage<KeyPage> coverage,
                                                              ShareGatherer.ShareCall<KeyPage> call) {
        return gatherer.gather(plan.shares(), consistency, call).thenApply(answers -> {
            coverage.add(plan.shares(), answers);
            if (!plan.unassigned().isEmpty()) {
                coverage.problem("no instance runs partitions " + Coverage.join(plan.unassigned()) + " of "
                        + eventsTopic + " right now (the instances are starting or rebalancing)");
            }
            return coverage;
        });
    }

    /** The partitions the shares missed, from other copies (whose documents come with their keys). */
    private CompletableFuture<Coverage<KeyPage>> keysFromCopies(Tenant tenant, ListRequest request,
                                                                Consistency consistency, Coverage<KeyPage> coverage) {
        return coverage.missing().isEmpty() || coverage.busy() != null ? CompletableFuture.completedFuture(coverage)
                : failOver(tenant, request, consistency, coverage, planner.failOver(), 0);
    }

    /** Up to {@link FailOver#ROUNDS} rounds, each offering the partitions still missing to one more copy. */
    private CompletableFuture<Coverage<KeyPage>> failOver(Tenant tenant, ListRequest request, Consistency consistency,
                                                          Coverage<KeyPage> coverage, FailOver failOver, int round) {
        Map<HostInfo, SortedSet<Integer>> plan = round == FailOver.ROUNDS ? Map.of()
                : failOver.nextRound(coverage.missing(), coverage.unreachable());
        if (plan.isEmpty()) {
            return CompletableFuture.completedFuture(coverage);
        }
        observer.failedOver(plan.values().stream().mapToInt(SortedSet::size).sum());
        SortOrder order = SortOrder.of(request.query().sort());
        return gatherer.<KeyPage>gather(plan, consistency, (shard, partitions, demands) ->
                shard.listCopies(tenant, request, partitions, demands)
                        .thenApply(answer -> answer.map(share -> KeyPage.of(order, share)))).thenCompose(answers -> {
                            coverage.add(plan, answers);
                            return failOver(tenant, request, consistency, coverage, failOver, round + 1);
                        });
    }

    /**
     * Phase two: the merged page's documents that did not come with their keys, fetched from the instances that
     * answered the keys (this one directly). A document no longer at the sequence its key matched with, or an
     * instance that cannot give it, voids the page: the list runs again ({@link #twoPhase}, then {@link #onePhase}),
     * so a page is never a mix of versions.
     */
    private CompletableFuture<Answer<ListPage>> documents(Tenant tenant, ListRequest request, Consistency consistency,
                                                          Coverage<KeyPage> coverage, int attempt) {
        if (!coverage.missing().isEmpty()) {
            return CompletableFuture.completedFuture(complete(request, coverage, Map.of()));
        }
        PageMerge.Merged merged = PageMerge.mergeKeys(request.query(), coverage.pages());
        Map<HostInfo, List<KeyPage.PageKey>> wanted = new LinkedHashMap<>();
        for (PageMerge.Taken taken : merged.page()) {
            if (taken.key().document() == null) {
                wanted.computeIfAbsent(coverage.hosts().get(taken.share()), host -> new ArrayList<>()).add(taken.key());
            }
        }
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(complete(request, coverage, Map.of()));
        }
        return gatherer.<List<KeyPage.PageKey>, List<ViewDocument>>each(wanted, Duration.ZERO,
                (shard, keys) -> shard.fetch(tenant, keys)).thenCompose(answers -> {
                    Map<String, ViewDocument> fetched = PhaseTwo.documents(wanted, answers);
                    if (fetched != null) {
                        return CompletableFuture.completedFuture(complete(request, coverage, fetched));
                    }
                    observer.refetched();
                    return attempt < TWO_PHASE_ATTEMPTS
                            ? twoPhase(tenant, request, consistency, planner.list(),
                                    new Coverage<>(planner.allEventPartitions()), attempt + 1)
                            : onePhase(tenant, request, consistency);
                });
    }

    /**
     * The answer from the gathered keys: not served unless they cover every partition; else the merged page, its
     * documents those that came with the keys or, by {@code cluster_id}, the ones {@code fetched}.
     */
    private Answer<ListPage> complete(ListRequest request, Coverage<KeyPage> coverage, Map<String, ViewDocument> fetched) {
        SortedSet<Integer> missing = coverage.missing();
        if (!missing.isEmpty() && coverage.busy() != null) {
            return busy(coverage);
        }
        if (!missing.isEmpty()) {
            observer.notCovered();
            return unavailable(coverage.problems(), eventsTopic, missing, coverage.positions());
        }
        if (!coverage.lags().isEmpty()) {
            observer.servedStale();
        }
        staleLog.served(eventsTopic, coverage.lags());
        PageMerge.Merged merged = PageMerge.mergeKeys(request.query(), coverage.pages());
        List<ViewDocument> page = new ArrayList<>(merged.page().size());
        for (PageMerge.Taken taken : merged.page()) {
            page.add(taken.key().document() != null ? taken.key().document() : fetched.get(taken.key().clusterId()));
        }
        return new Answer.Found<>(new ListPage(page, merged.total(), merged.stats(), merged.skipped()),
                coverage.basis());
    }

    /**
     * One cluster by {@code cluster_id} (from the owner of its partition), else by {@code cluster_name}. When the
     * owner cannot answer, or has not got it (a state being handed over to its owner, a partition count changed),
     * the id is looked up with a list over every instance, which fails over to other copies of the partition.
     */
    @Override
    public CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency) {
        SharePlanner.Owner owner = planner.owner(StoreNames.CLUSTERS, identifier);
        CompletableFuture<Answer<ViewDocument>> byOwner = owner.host()
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
    private static Answer<ViewDocument> first(Answer<ListPage> answer) {
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

    /** Refused for load: an instance had too many list queries at once (a {@code 429}, not failed over). */
    private <T> Answer<T> busy(Coverage<?> coverage) {
        return new Answer.NotServed<>(FailureReason.BUSY, coverage.busy(), eventsTopic, coverage.missing(),
                Basis.at(coverage.positions()));
    }

    private static <T> Answer<T> unavailable(String reason, String topic, SortedSet<Integer> partitions,
                                             SortedMap<Integer, Long> positions) {
        return new Answer.NotServed<>(FailureReason.NOT_COVERED, reason, topic, partitions, Basis.at(positions));
    }
}
