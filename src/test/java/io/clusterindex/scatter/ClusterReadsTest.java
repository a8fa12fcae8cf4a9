package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.query.ManualTime;
import io.clusterindex.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ClusterReadsTest {
    private static final Tenant TENANT = new Tenant("org_1", "ns_1");
    private static final HostInfo SELF = new HostInfo("localhost", 8080);
    private static final HostInfo PEER = new HostInfo("localhost", 8081);
    private static final HostInfo OTHER = new HostInfo("localhost", 8082);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final List<ObjectNode> view = RandomListing.view(new Random(11), 120);
    private final Map<HostInfo, SortedSet<Integer>> plan = new LinkedHashMap<>();
    private final Map<HostInfo, SortedSet<Integer>> standbys = new LinkedHashMap<>();
    private final Map<String, HostInfo> owners = new HashMap<>();
    private final Map<HostInfo, SyncShard> shards = new ConcurrentHashMap<>();
    /** Instances whose answers never come. */
    private final Set<HostInfo> hanging = ConcurrentHashMap.newKeySet();
    private final ManualTime time = new ManualTime();
    private final Map<HostInfo, Consistency> asked = new ConcurrentHashMap<>();
    private final Map<HostInfo, List<SortedSet<Integer>>> copiesAsked = new ConcurrentHashMap<>();
    private static final long MAX_LAG = 100;

    private List<ObjectNode> clustersOf(SortedSet<Integer> partitions) {
        return ListRequests.clustersOf(view, partitions);
    }

    private final Membership membership = new FixedMembership(plan, standbys, owners);
    private final ClusterReads reads = new ClusterReads(membership, SELF, "cluster-events", 3, "stats-repartition",
            new Delegate(SELF), Delegate::new, TIMEOUT, time.clock(), time);

    /** An instance's share, answered at once: {@link Delegate} makes it the future a {@link Shard} answers. */
    private interface SyncShard {
        Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency);

        default Answer<ListPage> listAlone(Tenant tenant, ListRequest request, Consistency consistency) {
            return list(tenant, request, consistency).map(share -> PageMerge.merge(request.query(), List.of(share)));
        }

        Answer<ListPage> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> partitions,
                                    Consistency consistency);

        Answer<ViewDocument> cluster(Tenant tenant, String clusterId, Consistency consistency);

        Answer<Stats> stats(Tenant tenant, Consistency consistency);
    }

    /**
     * An instance running the active tasks of {@code partitions}; the view's cluster at position {@code i} is in
     * partition {@code i % 3}. {@link #copies} are the partitions it keeps other copies of (standby or restoring),
     * with their lags.
     */
    private class Holder implements SyncShard {
        final SortedSet<Integer> partitions;
        final List<ObjectNode> clusters;
        final TreeMap<Integer, Long> positions = new TreeMap<>();
        final TreeMap<Integer, Long> copies = new TreeMap<>();

        Holder(Integer... partitions) {
            this.partitions = new TreeSet<>(List.of(partitions));
            this.clusters = clustersOf(this.partitions);
            this.partitions.forEach(p -> positions.put(p, 100L + p));
        }

        Holder copying(int partition, long lag) {
            copies.put(partition, lag);
            return this;
        }

        @Override
        public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return new Answer.Found<>(ListEngine.run(ListRequest.shareOf(request.query()), clusters),
                    Basis.of(positions, partitions));
        }

        @Override
        public Answer<ListPage> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> asked,
                                                Consistency consistency) {
            copiesAsked.computeIfAbsent(self(), h -> new ArrayList<>()).add(new TreeSet<>(asked));
            SortedSet<Integer> served = new TreeSet<>();
            TreeMap<Integer, Long> lags = new TreeMap<>();
            TreeMap<Integer, Long> at = new TreeMap<>();
            for (int partition : asked) {
                if (partitions.contains(partition)) {
                    served.add(partition);
                    at.put(partition, positions.get(partition));
                } else if (copies.containsKey(partition) && copies.get(partition) <= MAX_LAG) {
                    served.add(partition);
                    lags.put(partition, copies.get(partition));
                    at.put(partition, 50L + partition);
                }
            }
            if (served.isEmpty()) {
                return Answer.notServed(FailureReason.NO_COPY, "no copy of " + asked + " within " + MAX_LAG + " records",
                        asked);
            }
            return new Answer.Found<>(ListEngine.run(ListRequest.shareOf(request.query()), clustersOf(served)),
                    new Basis(at, served, lags));
        }

        private HostInfo self() {
            return shards.entrySet().stream().filter(e -> e.getValue() == this).map(Map.Entry::getKey).findFirst()
                    .orElse(null);
        }

        @Override
        public Answer<ViewDocument> cluster(Tenant tenant, String clusterId, Consistency consistency) {
            return clusters.stream().filter(c -> c.get("cluster_id").textValue().equals(clusterId)).findFirst()
                    .<Answer<ViewDocument>>map(c -> new Answer.Found<>(ViewDocument.of(c), Basis.of(positions, partitions)))
                    .orElse(new Answer.NotFound<>(Basis.of(positions, partitions)));
        }

        @Override
        public Answer<Stats> stats(Tenant tenant, Consistency consistency) {
            return new Answer.Found<>(new Stats(7, 70, new TreeMap<>(Map.of("FAILED", 7L))),
                    Basis.of(positions, partitions));
        }
    }

    /** Records what each instance was asked to wait for, then lets the registered shard answer (or never). */
    private final class Delegate implements Shard {
        private final HostInfo host;

        Delegate(HostInfo host) {
            this.host = host;
        }

        private <T> CompletableFuture<Answer<T>> answer(Consistency consistency, Supplier<Answer<T>> answer) {
            asked.put(host, consistency);
            return hanging.contains(host) ? new CompletableFuture<>() : CompletableFuture.completedFuture(answer.get());
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return answer(consistency, () -> shards.get(host).list(tenant, request, consistency));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listAlone(Tenant tenant, ListRequest request,
                                                             Consistency consistency) {
            return answer(consistency, () -> shards.get(host).listAlone(tenant, request, consistency));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> partitions, Consistency consistency) {
            return CompletableFuture.completedFuture(shards.get(host).listCopies(tenant, request, partitions,
                    consistency));
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
            return answer(consistency, () -> shards.get(host).cluster(tenant, clusterId, consistency));
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            return answer(consistency, () -> shards.get(host).stats(tenant, consistency));
        }
    }

    private Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return settled(reads.list(tenant, request, consistency));
    }

    private Answer<ViewDocument> get(Tenant tenant, String identifier, Consistency consistency) {
        return settled(reads.get(tenant, identifier, consistency));
    }

    private Answer<Stats> stats(Tenant tenant, Consistency consistency) {
        return settled(reads.stats(tenant, consistency));
    }

    /** The answer, once the pauses of any retries have passed (every instance here answers at once). */
    private <T> T settled(CompletableFuture<T> answer) {
        for (int pause = 0; pause < 3 && !answer.isDone(); pause++) {
            time.advance(Duration.ofMillis(250));
        }
        assertThat(answer).as("answered once its pauses have passed").isDone();
        return answer.join();
    }

    private void twoInstances() {
        plan.put(SELF, new TreeSet<>(List.of(0)));
        plan.put(PEER, new TreeSet<>(List.of(1, 2)));
        shards.put(SELF, new Holder(0));
        shards.put(PEER, new Holder(1, 2));
    }

    @Test
    void aListIsTheMergeOfEveryInstancesShareWithTheUnionOfTheirPositions() {
        twoInstances();
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\"}}", "7", "5");

        Answer<ListPage> answer = list(TENANT, request, Consistency.none(Duration.ofSeconds(1)));

        assertWhole(answer, request);
        assertThat(answer.basis().lags()).isEmpty();
        assertThat(answer.basis().positions()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 100L, 1, 101L, 2, 102L)));
    }

    @Test
    void eachInstanceWaitsForEveryRequestedOffsetSinceAnyPartitionMayHoldEventsOfItsClusters() {
        twoInstances();
        Consistency consistency = new Consistency(new TreeMap<>(Map.of(0, 5L, 2, 9L)), Duration.ofSeconds(2));

        list(TENANT, request("{}", null, null), consistency);

        assertThat(asked.get(SELF).minimum()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 5L, 2, 9L)));
        assertThat(asked.get(PEER).minimum()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 5L, 2, 9L)));
        assertThat(asked.get(PEER).maxWait()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theViewAsAWholeIsAtTheLowestPositionAnyShareReportsForEachPartition() {
        twoInstances();
        ((Holder) shards.get(SELF)).positions.putAll(Map.of(1, 90L, 2, 130L));
        ((Holder) shards.get(PEER)).positions.putAll(Map.of(0, 80L));

        Answer<ListPage> answer = list(TENANT, request("{}", null, null),
                Consistency.none(Duration.ofSeconds(1)));

        assertThat(answer.basis().positions()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 80L, 1, 90L, 2, 102L)));
    }

    @Test
    void aFailedInstanceMakesTheListA503NamingItsPartitions() {
        twoInstances();
        shards.put(PEER, new Failing());

        Answer<ListPage> answer = list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO));

        assertUnavailable(answer, "cluster-events", 1, 2);
        assertThat(((Answer.NotServed<ListPage>) answer).message()).contains("connection refused");
    }

    @Test
    void anInstanceThatDoesNotAnswerByItsDeadlineMakesTheListA503() {
        twoInstances();
        hanging.add(PEER);

        CompletableFuture<Answer<ListPage>> answer = reads.list(TENANT, request("{}", null, null),
                Consistency.none(Duration.ZERO));
        Duration deadline = TIMEOUT.plusSeconds(1);
        time.advance(deadline.minusMillis(1));
        assertThat(answer).as("before the deadline: the request's wait, the peer time-out and a second").isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThat(answer).isDone();
        assertUnavailable(answer.join(), "cluster-events", 1, 2);
        assertThat(((Answer.NotServed<ListPage>) answer.join()).message())
                .contains("instance localhost:8081 did not answer in time");
    }

    @Test
    void partitionsThatNoInstanceRunsAreAskedOfTheirCopiesAnd503WithoutOne() {
        plan.put(SELF, new TreeSet<>(List.of(0, 1)));
        shards.put(SELF, new Holder(0, 1));

        assertUnavailable(list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO)),
                "cluster-events", 2);

        shards.put(SELF, new Holder(0, 1).copying(2, 3));
        Answer<ListPage> answer = list(TENANT, request("{}", "50", null), Consistency.none(Duration.ZERO));
        assertWhole(answer, request("{}", "50", null));
        assertThat(answer.basis().lags()).containsExactlyEntriesOf(Map.of(2, 3L));
    }

    @Test
    void aListThatFailsFastIsTriedOnceMoreAfterAPauseUnlessItWaitsForOffsets() {
        twoInstances();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Holder promoting = new Holder(1, 2) {
            @Override
            public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
                return calls.incrementAndGet() % 2 == 1
                        ? Answer.notServed(FailureReason.NOT_ACTIVE, "the store of partition 1 is being reopened", partitions)
                        : super.list(tenant, request, consistency);
            }

            @Override
            public Answer<ListPage> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> asked,
                                                    Consistency consistency) {
                return calls.get() % 2 == 1
                        ? Answer.notServed(FailureReason.NOT_ACTIVE, "the store of partition 1 is being reopened", asked)
                        : super.listCopies(tenant, request, asked, consistency);
            }
        };
        shards.put(PEER, promoting);
        ListRequest request = request("{}", "30", "3");

        CompletableFuture<Answer<ListPage>> retried = reads.list(TENANT, request, Consistency.none(Duration.ZERO));
        assertThat(retried).as("paused, not answered").isNotDone();
        assertThat(time.requested()).as("one pause of 250 ms, besides the peers' deadlines")
                .filteredOn(Duration.ofMillis(250)::equals).hasSize(1);
        time.advance(Duration.ofMillis(250));
        assertWhole(retried.join(), request);
        assertThat(calls.get()).isEqualTo(2);

        calls.set(0);
        Consistency waiting = new Consistency(new TreeMap<>(Map.of(1, 1L)), Duration.ZERO);
        assertUnavailable(list(TENANT, request, waiting), "cluster-events", 1, 2);
        assertThat(calls.get()).as("a request waiting for offsets has used its wait").isEqualTo(1);
    }

    @Test
    void aListThatFailedOnlyAfterASecondIsNotTriedAgain() {
        twoInstances();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        shards.put(PEER, new Failing() {
            @Override
            public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
                calls.incrementAndGet();
                time.advance(Duration.ofSeconds(1));
                return super.list(tenant, request, consistency);
            }
        });

        assertUnavailable(list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO)),
                "cluster-events", 1, 2);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(time.requested()).as("no pause").doesNotContain(Duration.ofMillis(250));
    }

    /** Three instances, one partition each; {@link #PEER} is down and {@link #OTHER} keeps a standby of its partition. */
    private void peerDownWithAStandbyElsewhere() {
        plan.put(SELF, new TreeSet<>(List.of(0)));
        plan.put(PEER, new TreeSet<>(List.of(1)));
        plan.put(OTHER, new TreeSet<>(List.of(2)));
        standbys.put(OTHER, new TreeSet<>(List.of(1)));
        standbys.put(PEER, new TreeSet<>(List.of(2)));
        shards.put(SELF, new Holder(0));
        shards.put(PEER, new Failing());
        shards.put(OTHER, new Holder(2).copying(1, 12));
    }

    @Test
    void thePartitionsOfAnUnreachableInstanceAreServedByTheirStandbysAndFlaggedWithTheirLags() {
        peerDownWithAStandbyElsewhere();
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\", \"direction\": \"desc\"}}", "9", "4");

        Answer<ListPage> answer = list(TENANT, request, Consistency.none(Duration.ZERO));

        assertWhole(answer, request);
        assertThat(answer.basis().lags()).containsExactlyEntriesOf(Map.of(1, 12L));
        assertThat(answer.basis().positions()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 100L, 1, 51L, 2, 102L)));
        assertThat(copiesAsked.get(OTHER)).containsExactly(new TreeSet<>(List.of(1)));
    }

    @Test
    void theObserverIsToldTheFanOutTheFailOverTheUnreachableInstanceAndTheStaleAnswer() {
        peerDownWithAStandbyElsewhere();
        RecordingObserver observer = new RecordingObserver();
        ClusterReads observed = observedBy(observer);

        settled(observed.list(TENANT, request("{}", "10", "0"), Consistency.none(Duration.ZERO)));

        // partition 1 is offered to this instance first (no copy here), then to OTHER's standby
        assertThat(observer.events).containsExactly("fannedOut 3", "unreachable", "failedOver 1", "failedOver 1",
                "servedStale");
    }

    @Test
    void theObserverIsToldOfEveryListThatNoCopyCouldCompleteAndHearsNothingStaleOfAFreshAnswer() {
        twoInstances();
        RecordingObserver observer = new RecordingObserver();
        ClusterReads observed = observedBy(observer);
        settled(observed.list(TENANT, request("{}", "10", "0"), Consistency.none(Duration.ZERO)));
        assertThat(observer.events).containsExactly("fannedOut 2");

        observer.events.clear();
        shards.put(PEER, new Failing());
        assertUnavailable(settled(observed.list(TENANT, request("{}", "10", "0"), Consistency.none(Duration.ZERO))),
                "cluster-events", 1, 2);
        // partitions 1 and 2 are offered to this instance, which has no copy; the list failed fast, so it is tried
        // once more after the pause, and each attempt is reported
        assertThat(observer.events).containsExactly("fannedOut 2", "unreachable", "failedOver 2", "notCovered",
                "fannedOut 2", "unreachable", "failedOver 2", "notCovered");
    }

    @Test
    void aShareRefusedForLoadRefusesTheWholeListAtOnceWithoutFailingOverOrTryingAgain() {
        peerDownWithAStandbyElsewhere();
        shards.put(PEER, new Failing() {
            @Override
            public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
                return Answer.notServed(FailureReason.BUSY, "instance localhost:8081 answered 429: too many list "
                        + "queries at once", new TreeSet<>(List.of(1)));
            }
        });
        RecordingObserver observer = new RecordingObserver();

        Answer<ListPage> answer = settled(observedBy(observer).list(TENANT, request("{}", "10", "0"),
                Consistency.none(Duration.ZERO)));

        assertThat(answer).isInstanceOfSatisfying(Answer.NotServed.class, busy -> {
            assertThat(busy.reason()).isEqualTo(FailureReason.BUSY);
            assertThat(busy.message()).contains("answered 429: too many list queries at once");
        });
        assertThat(copiesAsked).as("no standby is asked for the refused partition").isEmpty();
        assertThat(observer.events).as("one attempt, no fail-over").containsExactly("fannedOut 3");
        assertThat(time.requested()).as("no pause before a retry").doesNotContain(RetryPolicy.PAUSE);
    }

    @Test
    void anInstanceHoldingEveryPartitionThatIsBusyRefusesTheListForLoad() {
        plan.put(SELF, new TreeSet<>(List.of(0, 1, 2)));
        standbys.put(PEER, new TreeSet<>(List.of(0, 1, 2)));
        shards.put(PEER, new Holder().copying(0, 1).copying(1, 1).copying(2, 1));
        shards.put(SELF, new Holder(0, 1, 2) {
            @Override
            public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
                return Answer.notServed(FailureReason.BUSY, "too many list queries at once", partitions);
            }
        });

        Answer<ListPage> answer = list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO));

        assertThat(answer).isInstanceOfSatisfying(Answer.NotServed.class, busy ->
                assertThat(busy.reason()).isEqualTo(FailureReason.BUSY));
        assertThat(copiesAsked).isEmpty();
    }

    private ClusterReads observedBy(ScatterObserver observer) {
        return new ClusterReads(membership, SELF, "cluster-events", 3, "stats-repartition", new Delegate(SELF),
                Delegate::new, TIMEOUT, time.clock(), time, observer);
    }

    private static final class RecordingObserver implements ScatterObserver {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void fannedOut(int instances) {
            events.add("fannedOut " + instances);
        }

        @Override
        public void failedOver(int partitions) {
            events.add("failedOver " + partitions);
        }

        @Override
        public void servedStale() {
            events.add("servedStale");
        }

        @Override
        public void notCovered() {
            events.add("notCovered");
        }

        @Override
        public void unreachable() {
            events.add("unreachable");
        }
    }

    @Test
    void aCopyTooFarBehindDoesNotServeAndTheAnswerIsA503NamingThePartition() {
        plan.put(SELF, new TreeSet<>(List.of(0)));
        plan.put(PEER, new TreeSet<>(List.of(1, 2)));
        standbys.put(OTHER, new TreeSet<>(List.of(1, 2)));
        shards.put(SELF, new Holder(0));
        shards.put(PEER, new Failing());
        shards.put(OTHER, new Holder().copying(1, 5).copying(2, MAX_LAG + 1));

        Answer<ListPage> answer = list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO));

        assertUnavailable(answer, "cluster-events", 2);
        assertThat(((Answer.NotServed<ListPage>) answer).message()).contains("connection refused");
        assertThat(copiesAsked).doesNotContainKey(PEER);
    }

    @Test
    void anInstanceHoldingEveryPartitionThatServesOnlySomeIsAskedForAShareToMergeWithTheCopies() {
        plan.put(SELF, new TreeSet<>(List.of(0, 1, 2)));
        standbys.put(PEER, new TreeSet<>(List.of(2)));
        shards.put(SELF, new Holder(0, 1));
        shards.put(PEER, new Holder().copying(2, 0));
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\"}}", "6", "3");

        Answer<ListPage> answer = list(TENANT, request, Consistency.none(Duration.ZERO));

        assertWhole(answer, request);
        assertThat(answer.basis().lags()).containsExactlyEntriesOf(Map.of(2, 0L));
    }

    @Test
    void sharesThatOverlapBecausePartitionsMovedAreAskedAgainAndAGapWithoutACopyIsA503() {
        twoInstances();
        shards.put(PEER, new Holder(0, 1, 2));
        ListRequest request = request("{}", "40", "2");
        Answer<ListPage> healed = list(TENANT, request, Consistency.none(Duration.ZERO));
        assertWhole(healed, request);
        assertThat(healed.basis().lags()).isEmpty();

        shards.put(PEER, new Holder(2));
        assertUnavailable(list(TENANT, request("{}", null, null), Consistency.none(Duration.ZERO)),
                "cluster-events", 1);
    }

    @Test
    void getAsksTheOwnerOfTheKeyAndFallsBackToAListByName() {
        twoInstances();
        String id = view.get(1).get("cluster_id").textValue();
        owners.put(StoreNames.CLUSTERS, PEER);
        int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 3;
        shards.put(PEER, new Holder(0, 1, 2));
        plan.put(PEER, new TreeSet<>(List.of(0, 1, 2)));
        plan.remove(SELF);

        Answer<ViewDocument> byId = get(TENANT, id, Consistency.none(Duration.ZERO));
        assertThat(byId).isInstanceOfSatisfying(Answer.Found.class,
                found -> assertThat(found.value()).isEqualTo(ViewDocument.of(view.get(1))));
        assertThat(asked).containsOnlyKeys(PEER);

        shards.put(SELF, new Failing());
        shards.put(PEER, new Holder((partition + 1) % 3));
        Answer<ViewDocument> unavailable = get(TENANT, id, Consistency.none(Duration.ZERO));
        assertThat(unavailable).isInstanceOf(Answer.NotServed.class);
        assertThat(((Answer.NotServed<ViewDocument>) unavailable).partitions()).contains(partition)
                .doesNotContain((partition + 1) % 3);
    }

    @Test
    void aClusterThatItsOwnerHasNotGotIsLookedForOnEveryInstanceBeforeA404() {
        twoInstances();
        ObjectNode cluster = view.get(1);
        String id = cluster.get("cluster_id").textValue();
        owners.put(StoreNames.CLUSTERS, SELF);

        Answer<ViewDocument> byId = get(TENANT, id, Consistency.none(Duration.ZERO));

        assertThat(byId).as("held by the other instance (e.g. a state still being handed over to its owner)")
                .isInstanceOfSatisfying(Answer.Found.class, found -> assertThat(found.value()).isEqualTo(ViewDocument.of(cluster)));
        assertThat(asked).containsKeys(SELF, PEER);

        asked.clear();
        plan.put(SELF, new TreeSet<>(List.of(0, 1, 2)));
        plan.remove(PEER);
        shards.put(SELF, new Holder(0, 1, 2));
        Answer<ViewDocument> alone = get(TENANT, "no-such-cluster-or-name", Consistency.none(Duration.ZERO));
        assertThat(alone).isInstanceOf(Answer.NotFound.class);
    }

    @Test
    void getWhoseOwnerIsDownFindsTheClusterInTheCopiesOfItsPartition() {
        twoInstances();
        ObjectNode cluster = view.get(4);
        owners.put(StoreNames.CLUSTERS, PEER);
        shards.put(PEER, new Failing());
        standbys.put(SELF, new TreeSet<>(List.of(1, 2)));
        shards.put(SELF, new Holder(0).copying(1, 2).copying(2, 0));

        Answer<ViewDocument> byId = get(TENANT, cluster.get("cluster_id").textValue(),
                Consistency.none(Duration.ZERO));
        assertThat(byId).isInstanceOfSatisfying(Answer.Found.class,
                found -> assertThat(found.value()).isEqualTo(ViewDocument.of(cluster)));
        assertThat(byId.basis().lags()).containsExactlyEntriesOf(new TreeMap<>(Map.of(1, 2L, 2, 0L)));

        Answer<ViewDocument> missing = get(TENANT, "no-such-cluster", Consistency.none(Duration.ZERO));
        assertThat(missing).isInstanceOf(Answer.NotFound.class);
        assertThat(missing.basis().lags()).containsExactlyEntriesOf(new TreeMap<>(Map.of(1, 2L, 2, 0L)));
    }

    @Test
    void statsComeFromTheOwnerOfTheNamespacesKeyOrFromTheViewWhenWaitingOrWhenTheOwnerIsDown() {
        twoInstances();
        owners.put(StoreNames.NAMESPACE_STATS, PEER);
        shards.put(PEER, new Holder(0, 1, 2));
        plan.put(PEER, new TreeSet<>(List.of(1, 2)));

        Answer<Stats> running = stats(TENANT, Consistency.none(Duration.ZERO));
        assertThat(running).isInstanceOfSatisfying(Answer.Found.class,
                found -> assertThat(found.value()).isEqualTo(new Stats(7, 70, new TreeMap<>(Map.of("FAILED", 7L)))));

        Stats whole = ListEngine.run(ListQuery.defaults(), view).stats();
        owners.remove(StoreNames.NAMESPACE_STATS);
        assertThat(stats(TENANT, Consistency.none(Duration.ZERO))).isInstanceOfSatisfying(
                Answer.Found.class, found -> assertThat(found.value()).isEqualTo(whole));

        shards.put(PEER, new Holder(1, 2));
        Answer<Stats> fromView = stats(TENANT, new Consistency(new TreeMap<>(Map.of(1, 1L)), Duration.ZERO));
        assertThat(fromView).isInstanceOfSatisfying(Answer.Found.class, found ->
                assertThat(found.value()).isEqualTo(whole));

        shards.put(PEER, new Failing());
        shards.put(SELF, new Holder(0));
        assertThat(stats(TENANT, Consistency.none(Duration.ZERO))).isInstanceOf(Answer.NotServed.class);
    }

    private void assertWhole(Answer<ListPage> answer, ListRequest request) {
        ListRequests.assertWhole(answer, request, view);
    }

    private static class Failing implements SyncShard {
        @Override
        public Answer<ListPage> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return Answer.notServed(FailureReason.UNREACHABLE, "instance localhost:8081 cannot be reached: connection refused");
        }

        @Override
        public Answer<ListPage> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> partitions,
                                                Consistency consistency) {
            return Answer.notServed(FailureReason.UNREACHABLE, "instance localhost:8081 cannot be reached: connection refused");
        }

        @Override
        public Answer<ViewDocument> cluster(Tenant tenant, String clusterId, Consistency consistency) {
            return Answer.notServed(FailureReason.REFUSED, "down");
        }

        @Override
        public Answer<Stats> stats(Tenant tenant, Consistency consistency) {
            return Answer.notServed(FailureReason.REFUSED, "down");
        }
    }

    private static void assertUnavailable(Answer<?> answer, String topic, Integer... partitions) {
        assertThat(answer).isInstanceOf(Answer.NotServed.class);
        Answer.NotServed<?> unavailable = (Answer.NotServed<?>) answer;
        assertThat(unavailable.topic()).isEqualTo(topic);
        assertThat(List.copyOf(unavailable.partitions())).containsExactly(partitions);
    }

    private static ListRequest request(String body, String limit, String offset) {
        return ListRequests.request(body, limit, offset, null);
    }
}
