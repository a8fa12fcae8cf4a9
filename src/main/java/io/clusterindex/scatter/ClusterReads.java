package io.clusterindex.scatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.json.Json;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.engine.Stats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.EventRouting;
import io.clusterindex.topology.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every {@code /v1} read for the whole namespace, whichever instance receives it (scatter-gather).
 *
 * <ul>
 *   <li><b>List</b>: asks, in parallel, every instance that the group's metadata shows with active
 *       {@code cluster-events} partitions (this one directly, the others over {@link InternalApi}) for its first
 *       {@code offset + limit} matches, total and stats, and merges them ({@link PageMerge}).</li>
 *   <li><b>Get by id</b>: asks the instance that owns the key's partition; not found there, get by name is a list.</li>
 *   <li><b>Stats</b>: asks the owner of the namespace's stats key; with {@code X-Min-Offsets}, a list.</li>
 * </ul>
 * Each instance reports which partitions its share covers. Partitions that no running active task answered for (its
 * instance is down, unreachable, rebalancing, or still loading them) <b>fail over</b>: they are asked of the
 * instances that keep another copy ({@link Shard#listCopies}: a standby replica, or the task while it restores),
 * and the answer carries their lags ({@link Basis#lags()}, {@code X-View-Stale}). Never partial: unless
 * the shares cover every partition exactly once, the answer is not served ({@link FailureReason#NOT_COVERED})
 * naming the partitions missing. A get or stats request whose owner cannot answer becomes a list, and so fails over too.
 */
public final class ClusterReads implements NamespaceReads, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReads.class);
    /** How many times the partitions still missing are offered to one more instance keeping a copy. */
    private static final int FAIL_OVER_ROUNDS = 3;
    private static final Duration STALE_LOG_INTERVAL = Duration.ofSeconds(10);
    /** How long an unavailable list waits before its one retry, and how fast it must have failed to get one. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    static final Duration RETRY_WITHIN = Duration.ofSeconds(1);
    private static final ListRequest ALL = new ListRequest(new byte[0], "", ListQuery.defaults());

    private final Membership membership;
    private final HostInfo self;
    private final String eventsTopic;
    private final int eventPartitions;
    private final String statsTopic;
    private final Shard local;
    private final Function<HostInfo, Shard> peers;
    private final Duration peerTimeout;
    private final AtomicLong lastStaleLog = new AtomicLong(System.nanoTime() - STALE_LOG_INTERVAL.toNanos() - 1);
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scatter-gather");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param membership      who holds what (the group's metadata)
     * @param self            this instance's {@code application.server}
     * @param eventPartitions how many partitions {@code eventsTopic} has
     * @param statsTopic      the repartition topic that splits the stats store
     * @param peers           the share of another instance
     * @param peerTimeout     how long an instance's share may take beyond the request's own wait
     */
    public ClusterReads(Membership membership, HostInfo self, String eventsTopic, int eventPartitions,
                        String statsTopic, Shard local, Function<HostInfo, Shard> peers, Duration peerTimeout) {
        this.membership = membership;
        this.self = self;
        this.eventsTopic = eventsTopic;
        this.eventPartitions = eventPartitions;
        this.statsTopic = statsTopic;
        this.local = local;
        this.peers = peers;
        this.peerTimeout = peerTimeout;
    }

    @Override
    public int eventPartitions() {
        return eventPartitions;
    }

    /**
     * The list for the whole namespace. A list that no copy could complete, and that failed fast without waiting for
     * offsets, is tried once more after {@link #RETRY_PAUSE}: partitions are unavailable for a moment while a standby
     * is turned into the active task (its store is closed and reopened), and the metadata catches up with moves.
     */
    @Override
    public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return CompletableFuture.completedFuture(listNow(tenant, request, consistency));
    }

    private Answer<ListPage> listNow(Tenant tenant, ListRequest request, Consistency consistency) {
        long started = System.nanoTime();
        Answer<ListPage> answer = listOnce(tenant, request, consistency);
        if (answer instanceof Answer.NotServed<ListPage> && !consistency.waits()
                && System.nanoTime() - started < RETRY_WITHIN.toNanos()) {
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            return listOnce(tenant, request, consistency);
        }
        return answer;
    }

    private Answer<ListPage> listOnce(Tenant tenant, ListRequest request, Consistency consistency) {
        Map<HostInfo, SortedSet<Integer>> plan = plan(eventsTopic);
        SortedSet<Integer> unassigned = allEventPartitions();
        plan.values().forEach(unassigned::removeAll);
        boolean alone = plan.size() == 1 && unassigned.isEmpty();
        Coverage coverage = new Coverage();
        coverage.add(plan, gather(plan, consistency, (shard, partitions, demands) -> alone
                ? shard.listAlone(tenant, request, demands) : shard.list(tenant, request, demands)));
        if (!unassigned.isEmpty()) {
            coverage.problems.add("no instance runs partitions " + join(unassigned) + " of " + eventsTopic
                    + " right now (the instances are starting or rebalancing)");
        }
        if (coverage.missing().isEmpty()) {
            return new Answer.Found<>(alone ? coverage.pages().get(0)
                    : PageMerge.merge(request.query(), coverage.pages()), coverage.basis(new TreeMap<>()));
        }
        if (alone && !coverage.shares.isEmpty()) {
            Set<HostInfo> unreachable = coverage.unreachable;
            coverage = new Coverage();
            coverage.unreachable.addAll(unreachable);
            coverage.add(plan, gather(plan, consistency, (shard, partitions, demands) ->
                    shard.list(tenant, request, demands)));
        }
        failOver(tenant, request, consistency, coverage);
        SortedSet<Integer> missing = coverage.missing();
        if (!missing.isEmpty()) {
            return unavailable(String.join("; ", coverage.problems), eventsTopic, missing, coverage.positions());
        }
        SortedMap<Integer, Long> lags = coverage.lags();
        if (!lags.isEmpty()) {
            long now = System.nanoTime();
            long last = lastStaleLog.get();
            if (now - last > STALE_LOG_INTERVAL.toNanos() && lastStaleLog.compareAndSet(last, now)) {
                LOG.info("answering with partitions {} of {} from standby or restoring copies (lags {}); this is "
                        + "logged at most every {} s", lags.keySet(), eventsTopic, lags,
                        STALE_LOG_INTERVAL.toSeconds());
            }
        }
        return new Answer.Found<>(PageMerge.merge(request.query(), coverage.pages()), coverage.basis(lags));
    }

    /**
     * The partitions no running active task answered for go to the instances that keep other copies of them: this
     * instance first (no network), then the standby replicas, then the partition's active task (it may be
     * restoring); each instance is asked at most once per partition.
     */
    private void failOver(Tenant tenant, ListRequest request, Consistency consistency, Coverage coverage) {
        // read again, not the plan of the first round: a move may have finished while it waited for its shares
        Map<HostInfo, SortedSet<Integer>> actives = plan(eventsTopic);
        Map<HostInfo, SortedSet<Integer>> standbys = membership.standbyPartitions(eventsTopic);
        Map<Integer, Set<HostInfo>> asked = new HashMap<>();
        for (int round = 0; round < FAIL_OVER_ROUNDS; round++) {
            Map<HostInfo, SortedSet<Integer>> plan = new LinkedHashMap<>();
            for (int partition : coverage.missing()) {
                Set<HostInfo> tried = asked.computeIfAbsent(partition, p -> new HashSet<>());
                candidates(partition, actives, standbys).stream()
                        .filter(host -> !tried.contains(host) && !coverage.unreachable.contains(host)).findFirst()
                        .ifPresent(host -> {
                            tried.add(host);
                            plan.computeIfAbsent(host, h -> new TreeSet<>()).add(partition);
                        });
            }
            if (plan.isEmpty()) {
                return;
            }
            coverage.add(plan, gather(plan, consistency, (shard, partitions, demands) ->
                    shard.listCopies(tenant, request, partitions, demands)));
        }
    }

    private List<HostInfo> candidates(int partition, Map<HostInfo, SortedSet<Integer>> actives,
                                      Map<HostInfo, SortedSet<Integer>> standbys) {
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(self);
        for (Map<HostInfo, SortedSet<Integer>> holders : List.of(standbys, actives)) {
            holders.forEach((host, partitions) -> {
                if (partitions.contains(partition) && !hosts.contains(host)) {
                    hosts.add(host);
                }
            });
        }
        return hosts;
    }

    /**
     * The shares gathered so far: each partition must be covered by exactly one share. A partition that two shares
     * claim (it moved between instances during the query) voids both, and their partitions are asked again.
     */
    private final class Coverage {
        private final List<Answer.Found<ListPage>> shares = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        /** Instances that could not be reached or timed out: not asked again in this request. */
        private final Set<HostInfo> unreachable = new HashSet<>();

        void add(Map<HostInfo, SortedSet<Integer>> plan, Map<HostInfo, Answer<ListPage>> answers) {
            answers.forEach((host, answer) -> {
                if (answer instanceof Answer.NotServed<ListPage> failure) {
                    problems.add(failure.message());
                    if (failure.reason() == FailureReason.UNREACHABLE) {
                        unreachable.add(host);
                    }
                }
                if (!(answer instanceof Answer.Found<ListPage> served)) {
                    return;
                }
                List<Answer.Found<ListPage>> overlapping = shares.stream()
                        .filter(share -> !Collections.disjoint(share.basis().covered(), served.basis().covered()))
                        .toList();
                if (!overlapping.isEmpty()) {
                    problems.add("partitions moved between instances during the query");
                    shares.removeAll(overlapping);
                    return;
                }
                shares.add(served);
                SortedSet<Integer> unserved = new TreeSet<>(plan.get(host));
                unserved.removeAll(served.basis().covered());
                if (!unserved.isEmpty()) {
                    problems.add("instance " + host.host() + ":" + host.port() + " did not serve partitions "
                            + join(unserved));
                }
            });
        }

        SortedSet<Integer> missing() {
            SortedSet<Integer> missing = allEventPartitions();
            shares.forEach(share -> missing.removeAll(share.basis().covered()));
            return missing;
        }

        List<ListPage> pages() {
            return shares.stream().map(Answer.Found::value).toList();
        }

        /**
         * The positions the shares reflect together: a cluster's events are folded by one task wherever they were
         * published, so the view as a whole has handled a partition up to the lowest position any share reports.
         */
        SortedMap<Integer, Long> positions() {
            SortedMap<Integer, Long> positions = new TreeMap<>();
            shares.forEach(share -> share.basis().positions().forEach((partition, offset) ->
                    positions.merge(partition, offset, Math::min)));
            return positions;
        }

        SortedMap<Integer, Long> lags() {
            SortedMap<Integer, Long> lags = new TreeMap<>();
            shares.forEach(share -> lags.putAll(share.basis().lags()));
            return lags;
        }

        /** The basis of the merged answer: every partition, at {@link #positions()}, with {@code lags}. */
        Basis basis(SortedMap<Integer, Long> lags) {
            return new Basis(positions(), allEventPartitions(), lags);
        }
    }

    /**
     * One cluster by {@code cluster_id} (from the owner of its partition), else by {@code cluster_name}. When the
     * owner cannot answer, the id is looked up with a list, which fails over to other copies of the partition.
     */
    @Override
    public CompletableFuture<Answer<ObjectNode>> get(Tenant tenant, String identifier, Consistency consistency) {
        return CompletableFuture.completedFuture(getNow(tenant, identifier, consistency));
    }

    private Answer<ObjectNode> getNow(Tenant tenant, String identifier, Consistency consistency) {
        Owner owner = owner(StoreNames.CLUSTERS, identifier);
        Answer<ObjectNode> byId = owner.host().map(host ->
                checked(shard(host).cluster(tenant, identifier, consistency), owner, eventsTopic)).orElse(null);
        if (byId == null || byId instanceof Answer.NotServed || byId instanceof Answer.NotFound && !owner.holdsAll()) {
            // the owner cannot answer, or has not got it: the cluster may still sit elsewhere (a state being handed
            // over to its owner, a partition count changed), so look for it everywhere before answering 404
            byId = first(listNow(tenant, exact("cluster_id", identifier), consistency));
        }
        return byId instanceof Answer.NotFound ? first(listNow(tenant, exact("cluster_name", identifier), consistency))
                : byId;
    }

    /**
     * The namespace's running stats, from the owner of its stats key; with {@code X-Min-Offsets}, or when that owner
     * cannot answer, the stats of the view itself (a list without filters, which fails over to other copies).
     */
    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        return CompletableFuture.completedFuture(statsNow(tenant, consistency));
    }

    private Answer<Stats> statsNow(Tenant tenant, Consistency consistency) {
        if (!consistency.waits()) {
            Owner owner = owner(StoreNames.NAMESPACE_STATS, StatsKey.of(tenant.organizationId(), tenant.namespaceId()));
            if (owner.host().isPresent()) {
                HostInfo host = owner.host().get();
                Answer<Stats> running = checked(shard(host).stats(tenant, consistency), owner, statsTopic);
                if (running instanceof Answer.Found<Stats>) {
                    return running;
                }
            }
        }
        return listNow(tenant, ALL, consistency).map(ListPage::stats);
    }

    /** The first result of a list answer, not found when there is none. */
    private static Answer<ObjectNode> first(Answer<ListPage> answer) {
        return answer.flatMap(page -> page.results().isEmpty() ? new Answer.NotFound<>(answer.basis())
                : new Answer.Found<>(page.results().get(0), answer.basis()));
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /** Who owns a key's partition; {@code holdsAll} when that instance holds every partition of the topic. */
    private record Owner(Optional<HostInfo> host, int partition, boolean holdsAll) {
    }

    private Owner owner(String store, String key) {
        Optional<HostInfo> host = membership.owner(store, key);
        boolean holdsAll = host.isPresent()
                && plan(eventsTopic).getOrDefault(host.get(), new TreeSet<>()).size() == eventPartitions;
        return new Owner(host, EventRouting.owner(key, eventPartitions), holdsAll);
    }

    /** The owner's answer if it covers the key's partition, on the owner's positions (never stale). */
    private <T> Answer<T> checked(Answer<T> answer, Owner owner, String topic) {
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

    private Map<HostInfo, SortedSet<Integer>> plan(String topic) {
        return membership.activePartitions(topic);
    }

    /** One instance's share of a request over {@code partitions}, with the demands on them. */
    @FunctionalInterface
    private interface ShareCall<T> {
        Answer<T> ask(Shard shard, SortedSet<Integer> partitions, Consistency demands);
    }

    /** Every instance's share at once: the others' on pool threads, this instance's on the calling thread. */
    private <T> Map<HostInfo, Answer<T>> gather(Map<HostInfo, SortedSet<Integer>> plan, Consistency consistency,
                                                     ShareCall<T> call) {
        Map<HostInfo, CompletableFuture<Answer<T>>> remote = new LinkedHashMap<>();
        plan.forEach((host, partitions) -> {
            if (!host.equals(self)) {
                Shard peer = peers.apply(host);
                remote.put(host, CompletableFuture.supplyAsync(() -> call.ask(peer, partitions, consistency), calls));
            }
        });
        Map<HostInfo, Answer<T>> answers = new LinkedHashMap<>();
        if (plan.containsKey(self)) {
            answers.put(self, call.ask(local, plan.get(self), consistency));
        }
        long deadline = System.nanoTime() + peerTimeout.plus(consistency.maxWait()).plusSeconds(1).toNanos();
        remote.forEach((host, future) -> answers.put(host, await(host, future, deadline)));
        return answers;
    }

    private static <T> Answer<T> await(HostInfo host, CompletableFuture<Answer<T>> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Answer.notServed(FailureReason.UNREACHABLE, "instance " + host.host() + ":" + host.port()
                    + " did not answer in time");
        } catch (ExecutionException e) {
            return Answer.notServed(FailureReason.UNREACHABLE, "asking instance " + host.host() + ":" + host.port()
                    + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.notServed(FailureReason.INTERRUPTED, "interrupted");
        }
    }

    private Shard shard(HostInfo host) {
        return host.equals(self) ? local : peers.apply(host);
    }

    private SortedSet<Integer> allEventPartitions() {
        SortedSet<Integer> all = new TreeSet<>();
        for (int p = 0; p < eventPartitions; p++) {
            all.add(p);
        }
        return all;
    }

    private static <T> Answer<T> unavailable(String reason, String topic, SortedSet<Integer> partitions,
                                             SortedMap<Integer, Long> positions) {
        return new Answer.NotServed<>(FailureReason.NOT_COVERED, reason, topic, partitions, Basis.at(positions));
    }

    private static String join(Iterable<Integer> partitions) {
        StringJoiner text = new StringJoiner(",");
        partitions.forEach(p -> text.add(Integer.toString(p)));
        return text.toString();
    }
}
