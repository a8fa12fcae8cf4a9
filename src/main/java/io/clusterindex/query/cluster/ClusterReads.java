package io.clusterindex.query.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.json.Json;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.engine.ListPage;
import io.clusterindex.query.engine.ListQuery;
import io.clusterindex.query.engine.ListRequestParser;
import io.clusterindex.query.engine.ParsedRequest;
import io.clusterindex.query.engine.Stats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.HostInfo;

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
 * Never partial: each instance reports which partitions its share covers; unless the shares cover every partition
 * exactly once, the answer is {@link ClusterAnswer.Unavailable} naming the partitions missing (an instance failed,
 * timed out, or partitions are moving).
 */
public final class ClusterReads implements AutoCloseable {
    private static final ListRequest ALL = new ListRequest(new byte[0], "", ListQuery.defaults());

    private final Membership membership;
    private final HostInfo self;
    private final String eventsTopic;
    private final int eventPartitions;
    private final String statsTopic;
    private final Shard local;
    private final Function<HostInfo, Shard> peers;
    private final Duration peerTimeout;
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

    public int eventPartitions() {
        return eventPartitions;
    }

    public ClusterAnswer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
        Map<HostInfo, SortedSet<Integer>> plan = plan(eventsTopic);
        SortedSet<Integer> unassigned = allEventPartitions();
        plan.values().forEach(unassigned::removeAll);
        if (!unassigned.isEmpty()) {
            return unavailable("no instance serves partitions " + join(unassigned) + " of " + eventsTopic
                    + " right now (the instances are starting or rebalancing)", eventsTopic, unassigned, new TreeMap<>());
        }
        boolean alone = plan.size() == 1;
        Map<HostInfo, ShardAnswer<ListPage>> answers = gather(plan, consistency, (shard, demands) -> alone
                ? shard.listAlone(tenant, request, demands) : shard.list(tenant, request, demands));
        SortedMap<Integer, Long> positions = positions(answers);
        List<String> problems = new ArrayList<>();
        SortedSet<Integer> failed = new TreeSet<>();
        SortedSet<Integer> covered = new TreeSet<>();
        List<ListPage> shares = new ArrayList<>();
        answers.forEach((host, answer) -> {
            if (answer instanceof ShardAnswer.Failed<ListPage> failure) {
                problems.add(failure.reason());
                failed.addAll(failure.partitions().isEmpty() ? plan.get(host) : failure.partitions());
            } else {
                ShardAnswer.Served<ListPage> served = (ShardAnswer.Served<ListPage>) answer;
                for (Integer partition : served.partitions()) {
                    if (!covered.add(partition)) {
                        problems.add("partition " + partition + " moved between instances during the query");
                        failed.add(partition);
                    }
                }
                shares.add(served.value());
            }
        });
        SortedSet<Integer> uncovered = allEventPartitions();
        uncovered.removeAll(covered);
        failed.addAll(uncovered);
        if (problems.isEmpty() && !uncovered.isEmpty()) {
            problems.add("no instance answered for partitions " + join(uncovered) + " (they are moving)");
        }
        if (!failed.isEmpty()) {
            return unavailable(String.join("; ", problems), eventsTopic, failed, positions);
        }
        return new ClusterAnswer.Found<>(alone ? shares.get(0) : PageMerge.merge(request.query(), shares), positions);
    }

    /** One cluster by {@code cluster_id} (from the owner of its partition), else by {@code cluster_name}. */
    public ClusterAnswer<ObjectNode> get(Tenant tenant, String identifier, Consistency consistency) {
        Owner owner = owner(StoreNames.CLUSTERS, identifier);
        if (owner.host().isEmpty()) {
            return unavailable("no instance serves partition " + owner.partition() + " of " + eventsTopic
                    + " right now (the instances are starting or rebalancing)", eventsTopic,
                    new TreeSet<>(List.of(owner.partition())), new TreeMap<>());
        }
        HostInfo host = owner.host().get();
        ShardAnswer<Optional<ObjectNode>> answer = shard(host).cluster(tenant, identifier,
                consistency.restrictedTo(plan(eventsTopic).getOrDefault(host, new TreeSet<>(List.of(owner.partition())))));
        ClusterAnswer<Optional<ObjectNode>> checked = checked(answer, owner, eventsTopic);
        if (!(checked instanceof ClusterAnswer.Found<Optional<ObjectNode>> found)) {
            return retype(checked);
        }
        if (found.value().isPresent()) {
            return new ClusterAnswer.Found<>(found.value().get(), found.positions());
        }
        ClusterAnswer<ListPage> byName = list(tenant, named(identifier), consistency);
        if (byName instanceof ClusterAnswer.Found<ListPage> page) {
            return page.value().results().isEmpty() ? new ClusterAnswer.NotFound<>(page.positions())
                    : new ClusterAnswer.Found<>(page.value().results().get(0), page.positions());
        }
        return retype(byName);
    }

    /**
     * The namespace's running stats, from the owner of its stats key; with {@code X-Min-Offsets} the stats of the
     * view itself (a list without filters), since the running stats trail the view.
     */
    public ClusterAnswer<Stats> stats(Tenant tenant, Consistency consistency) {
        if (consistency.waits()) {
            ClusterAnswer<ListPage> all = list(tenant, ALL, consistency);
            return all instanceof ClusterAnswer.Found<ListPage> found
                    ? new ClusterAnswer.Found<>(found.value().stats(), found.positions()) : retype(all);
        }
        Owner owner = owner(StoreNames.NAMESPACE_STATS, StatsKey.of(tenant.organizationId(), tenant.namespaceId()));
        if (owner.host().isEmpty()) {
            return unavailable("no instance serves partition " + owner.partition() + " of " + statsTopic
                    + " right now (the instances are starting or rebalancing)", statsTopic,
                    new TreeSet<>(List.of(owner.partition())), new TreeMap<>());
        }
        HostInfo host = owner.host().get();
        return checked(shard(host).stats(tenant, consistency.restrictedTo(plan(eventsTopic).getOrDefault(host,
                new TreeSet<>()))), owner, statsTopic);
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    private record Owner(Optional<HostInfo> host, int partition) {
    }

    private Owner owner(String store, String key) {
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % eventPartitions;
        return new Owner(membership.owner(store, key), partition);
    }

    private <T> ClusterAnswer<T> checked(ShardAnswer<T> answer, Owner owner, String topic) {
        SortedSet<Integer> partition = new TreeSet<>(List.of(owner.partition()));
        if (answer instanceof ShardAnswer.Failed<T> failure) {
            return unavailable(failure.reason(), topic, partition, new TreeMap<>());
        }
        ShardAnswer.Served<T> served = (ShardAnswer.Served<T>) answer;
        if (!served.partitions().contains(owner.partition())) {
            return unavailable("partition " + owner.partition() + " of " + topic + " is moving between instances",
                    topic, partition, served.positions());
        }
        return new ClusterAnswer.Found<>(served.value(), served.positions());
    }

    private static ListRequest named(String name) {
        ObjectNode body = ClusterQueries.namedBody(name);
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

    /** Every instance's share at once: the others' on pool threads, this instance's on the calling thread. */
    private <T> Map<HostInfo, ShardAnswer<T>> gather(Map<HostInfo, SortedSet<Integer>> plan, Consistency consistency,
                                                     BiFunction<Shard, Consistency, ShardAnswer<T>> call) {
        Map<HostInfo, CompletableFuture<ShardAnswer<T>>> remote = new LinkedHashMap<>();
        plan.forEach((host, partitions) -> {
            if (!host.equals(self)) {
                Shard peer = peers.apply(host);
                Consistency demands = consistency.restrictedTo(partitions);
                remote.put(host, CompletableFuture.supplyAsync(() -> call.apply(peer, demands), calls));
            }
        });
        Map<HostInfo, ShardAnswer<T>> answers = new LinkedHashMap<>();
        if (plan.containsKey(self)) {
            answers.put(self, call.apply(local, consistency.restrictedTo(plan.get(self))));
        }
        long deadline = System.nanoTime() + peerTimeout.plus(consistency.maxWait()).plusSeconds(1).toNanos();
        remote.forEach((host, future) -> answers.put(host, await(host, future, deadline)));
        return answers;
    }

    private static <T> ShardAnswer<T> await(HostInfo host, CompletableFuture<ShardAnswer<T>> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return ShardAnswer.Failed.of("instance " + host.host() + ":" + host.port() + " did not answer in time");
        } catch (ExecutionException e) {
            return ShardAnswer.Failed.of("asking instance " + host.host() + ":" + host.port() + " failed: "
                    + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShardAnswer.Failed.of("interrupted");
        }
    }

    private Shard shard(HostInfo host) {
        return host.equals(self) ? local : peers.apply(host);
    }

    private static <T> SortedMap<Integer, Long> positions(Map<HostInfo, ShardAnswer<T>> answers) {
        SortedMap<Integer, Long> union = new TreeMap<>();
        answers.values().forEach(answer -> {
            if (answer instanceof ShardAnswer.Served<T> served) {
                served.positions().forEach((partition, offset) -> union.merge(partition, offset, Math::max));
            }
        });
        return union;
    }

    private SortedSet<Integer> allEventPartitions() {
        SortedSet<Integer> all = new TreeSet<>();
        for (int p = 0; p < eventPartitions; p++) {
            all.add(p);
        }
        return all;
    }

    private static <T> ClusterAnswer<T> unavailable(String reason, String topic, SortedSet<Integer> partitions,
                                                    SortedMap<Integer, Long> positions) {
        return new ClusterAnswer.Unavailable<>(reason, topic, partitions, positions);
    }

    /** A not-found or unavailable answer as the same answer of another value type. */
    private static <A, B> ClusterAnswer<B> retype(ClusterAnswer<A> answer) {
        if (answer instanceof ClusterAnswer.NotFound<A> notFound) {
            return new ClusterAnswer.NotFound<>(notFound.positions());
        }
        if (answer instanceof ClusterAnswer.Unavailable<A> u) {
            return new ClusterAnswer.Unavailable<>(u.reason(), u.topic(), u.partitions(), u.positions());
        }
        throw new IllegalArgumentException("a found answer cannot change type: " + answer);
    }

    private static String join(Iterable<Integer> partitions) {
        StringJoiner text = new StringJoiner(",");
        partitions.forEach(p -> text.add(Integer.toString(p)));
        return text.toString();
    }
}
