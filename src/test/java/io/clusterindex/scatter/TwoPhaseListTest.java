package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.query.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The two-phase list over instances that answer keys first and documents on request: the page is the one a single
 * instance holding every partition would give, only its documents are fetched, and a page whose clusters change
 * between the phases, or whose holder fails, is never served mixed.
 */
class TwoPhaseListTest {
    private static final Tenant TENANT = new Tenant("org_1", "ns_1");
    private static final HostInfo SELF = new HostInfo("localhost", 8080);
    private static final HostInfo PEER = new HostInfo("localhost", 8081);
    private static final HostInfo OTHER = new HostInfo("localhost", 8082);
    private static final Duration NO_WAIT = Duration.ZERO;

    /** The view: cluster {@code i} lives in partition {@code i % 3}, at a sequence that each change raises. */
    private final List<ObjectNode> view = new ArrayList<>(RandomListing.view(new Random(5), 150));
    private final long[] sequences = new long[view.size()];
    private final Map<HostInfo, SortedSet<Integer>> plan = new LinkedHashMap<>();
    private final Map<HostInfo, SortedSet<Integer>> standbys = new LinkedHashMap<>();
    private final Map<HostInfo, KeyHolder> shards = new LinkedHashMap<>();
    private final ManualTime time = new ManualTime();

    private final Membership membership = new FixedMembership(plan, standbys, Map.of());
    private final ClusterReads reads = new ClusterReads(membership, SELF, "cluster-events", 3, "stats-repartition",
            new Routed(SELF), Routed::new, Duration.ofMillis(300), time.clock(), time);

    /** Asks whichever {@link KeyHolder} runs at {@code host} now. */
    private final class Routed extends ListingShard {
        private final HostInfo host;

        Routed(HostInfo host) {
            this.host = host;
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return shards.get(host).list(tenant, request, consistency);
        }

        @Override
        public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
            return shards.get(host).keys(tenant, request, consistency);
        }

        @Override
        public CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
            return shards.get(host).fetch(tenant, wanted);
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> partitions, Consistency consistency) {
            return shards.get(host).listCopies(tenant, request, partitions, consistency);
        }
    }

    /**
     * An instance running the active tasks of {@code partitions} and keeping copies of {@link #copies}: its keys come
     * without documents, its fetch gives a document only at the sequence asked. {@link #betweenPhases} runs before
     * each fetch; a {@link #down} instance cannot be reached.
     */
    private class KeyHolder extends ListingShard {
        final SortedSet<Integer> partitions;
        final TreeMap<Integer, Long> copies = new TreeMap<>();
        final AtomicInteger keysAsked = new AtomicInteger();
        final AtomicInteger listsAsked = new AtomicInteger();
        final List<String> fetched = new ArrayList<>();
        Runnable betweenPhases = () -> { };
        boolean down;
        int fetchFailures;

        KeyHolder(Integer... partitions) {
            this.partitions = new TreeSet<>(List.of(partitions));
        }

        KeyHolder copying(int partition, long lag) {
            copies.put(partition, lag);
            return this;
        }

        @Override
        public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
            keysAsked.incrementAndGet();
            if (down) {
                return unreachable();
            }
            SortOrder order = SortOrder.of(request.query().sort());
            ListPage share = ListEngine.run(ListRequest.shareOf(request.query()), clustersOf(partitions));
            List<KeyPage.PageKey> keys = new ArrayList<>();
            for (ObjectNode cluster : share.trees()) {
                keys.add(new KeyPage.PageKey(order.keyOf(cluster), sequences[view.indexOf(cluster)], null));
            }
            return served(new KeyPage(keys, share.total(), share.stats(), share.skipped()), Basis.of(positions(),
                    partitions));
        }

        @Override
        public CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
            betweenPhases.run();
            if (down || fetchFailures-- > 0) {
                return unreachable();
            }
            List<ViewDocument> documents = new ArrayList<>();
            for (KeyPage.PageKey key : wanted) {
                fetched.add(key.clusterId());
                int at = indexOf(key.clusterId());
                documents.add(sequences[at] == key.sequence() ? ViewDocument.of(view.get(at)) : null);
            }
            return served(documents, Basis.NONE);
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            listsAsked.incrementAndGet();
            return down ? unreachable() : served(ListEngine.run(ListRequest.shareOf(request.query()),
                    clustersOf(partitions)), Basis.of(positions(), partitions));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> asked, Consistency consistency) {
            SortedSet<Integer> served = new TreeSet<>();
            TreeMap<Integer, Long> lags = new TreeMap<>();
            for (int partition : asked) {
                if (partitions.contains(partition) || copies.containsKey(partition)) {
                    served.add(partition);
                }
                if (copies.containsKey(partition)) {
                    lags.put(partition, copies.get(partition));
                }
            }
            if (down || served.isEmpty()) {
                return down ? unreachable() : CompletableFuture.completedFuture(Answer.notServed(FailureReason.NO_COPY,
                        "no copy of " + asked, asked));
            }
            return served(ListEngine.run(ListRequest.shareOf(request.query()), clustersOf(served)),
                    new Basis(positions(), served, lags));
        }

        private TreeMap<Integer, Long> positions() {
            TreeMap<Integer, Long> positions = new TreeMap<>();
            partitions.forEach(p -> positions.put(p, 100L + p));
            return positions;
        }
    }

    private static <T> CompletableFuture<Answer<T>> served(T value, Basis basis) {
        return CompletableFuture.completedFuture(new Answer.Found<>(value, basis));
    }

    private static <T> CompletableFuture<Answer<T>> unreachable() {
        return CompletableFuture.completedFuture(Answer.notServed(FailureReason.UNREACHABLE,
                "instance cannot be reached: connection refused"));
    }

    private List<ObjectNode> clustersOf(SortedSet<Integer> partitions) {
        return ListRequests.clustersOf(view, partitions);
    }

    private int indexOf(String clusterId) {
        for (int i = 0; i < view.size(); i++) {
            if (view.get(i).get("cluster_id").textValue().equals(clusterId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(clusterId);
    }

    /** A new version of the cluster {@code clusterId}: renamed so that it sorts first by name. */
    private void rename(String clusterId) {
        int at = indexOf(clusterId);
        ObjectNode changed = view.get(at).deepCopy();
        changed.put("cluster_name", "!" + sequences[at]);
        view.set(at, changed);
        sequences[at]++;
    }

    private void threeInstances() {
        plan.put(SELF, new TreeSet<>(List.of(0)));
        plan.put(PEER, new TreeSet<>(List.of(1)));
        plan.put(OTHER, new TreeSet<>(List.of(2)));
        shards.put(SELF, new KeyHolder(0));
        shards.put(PEER, new KeyHolder(1));
        shards.put(OTHER, new KeyHolder(2));
    }

    @Test
    void aDeepPageIsTheWholeViewsPageAndOnlyItsDocumentsAreFetched() {
        threeInstances();
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\"}}", "6", "40", null);

        Answer<ListPage> answer = list(request);

        assertWhole(answer, request);
        assertThat(answer.basis().positions()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 100L, 1, 101L,
                2, 102L)));
        List<String> fetched = new ArrayList<>();
        shards.values().forEach(shard -> fetched.addAll(shard.fetched));
        assertThat(fetched).as("the page's six documents, each once").containsExactlyInAnyOrderElementsOf(
                ((Answer.Found<ListPage>) answer).value().trees().stream()
                        .map(cluster -> cluster.get("cluster_id").textValue()).toList());
        assertThat(shards.values()).allSatisfy(shard -> assertThat(shard.listsAsked).hasValue(0));
    }

    @Test
    void aPageClusterThatChangesBetweenThePhasesMakesTheListRunAgainOnTheNewVersion() {
        threeInstances();
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\"}}", "5", "0", null);
        String victim = ListEngine.run(request.query(), view).trees().get(2).get("cluster_id").textValue();
        KeyHolder holder = shards.get(List.of(SELF, PEER, OTHER).get(indexOf(victim) % 3));
        ObjectNode before = view.get(indexOf(victim));
        AtomicInteger changes = new AtomicInteger();
        holder.betweenPhases = () -> {
            if (changes.getAndIncrement() == 0) {
                rename(victim);
            }
        };

        Answer<ListPage> answer = list(request);

        assertWhole(answer, request);
        assertThat(((Answer.Found<ListPage>) answer).value().trees()).as("never the version before the change")
                .doesNotContain(before);
        assertThat(shards.values()).allSatisfy(shard -> assertThat(shard.keysAsked).hasValue(2));
    }

    @Test
    void aPageThatKeepsChangingIsAnsweredWithTheSharesDocumentsInOnePhase() {
        threeInstances();
        ListRequest request = request("{}", "4", "3", null);
        String victim = ListEngine.run(request.query(), view).trees().get(0).get("cluster_id").textValue();
        shards.values().forEach(shard -> shard.betweenPhases = () -> rename(victim));

        Answer<ListPage> answer = list(request);

        assertWhole(answer, request);
        assertThat(shards.values()).allSatisfy(shard -> {
            assertThat(shard.keysAsked).hasValue(ClusterReads.TWO_PHASE_ATTEMPTS);
            assertThat(shard.listsAsked).hasValue(1);
        });
    }

    @Test
    void anInstanceThatFailsInPhaseTwoOnceIsAskedAgainAndThePageIsWhole() {
        threeInstances();
        shards.get(PEER).fetchFailures = 1;
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\", \"direction\": \"desc\"}}", "9", "9",
                null);

        Answer<ListPage> answer = list(request);

        assertWhole(answer, request);
        assertThat(shards.get(PEER).keysAsked).hasValue(2);
    }

    @Test
    void anInstanceThatGoesDownBetweenThePhasesIsReplacedByItsStandbyAndTheAnswerSaysStale() {
        threeInstances();
        standbys.put(OTHER, new TreeSet<>(List.of(1)));
        shards.get(OTHER).copying(1, 7);
        KeyHolder peer = shards.get(PEER);
        peer.betweenPhases = () -> peer.down = true;
        ListRequest request = request("{\"sort\": {\"field\": \"cluster_name\"}}", "12", "0", null);

        Answer<ListPage> answer = list(request);

        assertWhole(answer, request);
        assertThat(answer.basis().lags()).containsExactlyEntriesOf(Map.of(1, 7L));
    }

    @Test
    void anInstanceThatStaysDownInPhaseTwoWithoutACopyMakesTheListA503() {
        threeInstances();
        KeyHolder peer = shards.get(PEER);
        peer.betweenPhases = () -> peer.down = true;

        Answer<ListPage> answer = list(request("{}", "30", "0", null));

        assertThat(answer).isInstanceOf(Answer.NotServed.class);
        Answer.NotServed<ListPage> unavailable = (Answer.NotServed<ListPage>) answer;
        assertThat(unavailable.reason()).isEqualTo(FailureReason.NOT_COVERED);
        assertThat(List.copyOf(unavailable.partitions())).containsExactly(1);
    }

    @Test
    void cursorPagesAcrossInstancesWalkTheWholeOrderOnceWithoutGapsOrRepeats() {
        threeInstances();
        String body = "{\"sort\": {\"field\": \"created_at\", \"direction\": \"desc\"}}";
        List<ObjectNode> walked = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            ListRequest request = request(body, "7", null, cursor);
            ListPage answer = ((Answer.Found<ListPage>) list(request)).value();
            assertThat(answer.total()).isEqualTo(view.size());
            assertThat(answer.skipped()).isEqualTo(walked.size());
            walked.addAll(answer.trees());
            if (answer.results().size() < 7) {
                break;
            }
            cursor = request.query().cursorAfter(answer.trees().get(6)).encode();
        }

        assertThat(walked).containsExactlyElementsOf(ListEngine.run(request(body, "1000", "0", null).query(), view)
                .trees());
    }

    @Test
    void anInstanceHoldingEveryPartitionAnswersThePageItselfWithoutAPhaseTwo() {
        plan.put(SELF, new TreeSet<>(List.of(0, 1, 2)));
        shards.put(SELF, new KeyHolder(0, 1, 2));
        ListRequest request = request("{}", "5", "20", null);

        assertWhole(list(request), request);
        assertThat(shards.get(SELF).keysAsked).hasValue(0);
        assertThat(shards.get(SELF).fetched).isEmpty();
    }

    private Answer<ListPage> list(ListRequest request) {
        CompletableFuture<Answer<ListPage>> answer = reads.list(TENANT, request, Consistency.none(NO_WAIT));
        for (int pause = 0; pause < 3 && !answer.isDone(); pause++) {
            time.advance(RetryPolicy.PAUSE);
        }
        assertThat(answer).as("answered once its pauses have passed").isDone();
        return answer.join();
    }

    private void assertWhole(Answer<ListPage> answer, ListRequest request) {
        ListRequests.assertWhole(answer, request, view);
    }

    private static ListRequest request(String body, String limit, String offset, String cursor) {
        return ListRequests.request(body, limit, offset, cursor);
    }
}
