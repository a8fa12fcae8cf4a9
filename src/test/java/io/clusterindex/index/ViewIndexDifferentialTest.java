package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomClusterView;
import io.clusterindex.engine.RandomListRequests;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomised differential test of the in-memory {@link ViewIndex} against {@link ListEngine} over the same
 * clusters: thousands of random requests over random views that reached their state through a history of updates,
 * deletions, re-creations and compactions, spread over three partitions, next to clusters of other tenants.
 * Updates reach the index as the fold processor sends them: mostly with the version they replace (so that fields
 * equal in both are copied from the previous row), some of them partial changes of that version (untouched values
 * copied, as the fold does, or shared), some without it, and some with a stale version that the index must ignore.
 * Every other request is evaluated with its partitions spread over helper threads. The seed is printed; rerun one
 * with {@code -Dview.index.seed=<seed>}.
 */
class ViewIndexDifferentialTest {
    private static final long DEFAULT_SEED = 0x1DE7_2026_1129L;
    private static final int VIEWS = 6;
    private static final int REQUESTS_PER_VIEW = 700;
    private static final List<Integer> PARTITIONS = List.of(0, 1, 2);

    @Test
    void indexAnswersExactlyLikeTheEngine() throws JsonProcessingException {
        long seed = Long.getLong("view.index.seed", DEFAULT_SEED);
        System.out.println("ViewIndexDifferentialTest seed=" + seed);
        Random random = new Random(seed);
        int answered = 0;
        int withPage = 0;
        int total = 0;
        for (int v = 0; v < VIEWS; v++) {
            List<ObjectNode> view = RandomClusterView.generate(random, 150 + random.nextInt(300));
            Map<String, ClusterState> store = new HashMap<>();
            List<IndexPartition> partitions = new ArrayList<>();
            ViewIndex index = load(random, view, store, partitions);
            RandomListRequests requests = new RandomListRequests(random, view);
            long sequence = 1_000_000;
            for (int r = 0; r < REQUESTS_PER_VIEW; r++) {
                if (r % 25 == 24) {
                    // the view keeps changing between queries: new values grow the dictionaries under the caches
                    int replaced = random.nextInt(view.size());
                    ObjectNode fresh = random.nextBoolean() ? RandomClusterView.generate(random, 1).get(0)
                            : partiallyChanged(random, view.get(replaced));
                    fresh.set("cluster_id", view.get(replaced).get("cluster_id"));
                    view.set(replaced, fresh);
                    upsert(partitions, fresh, sequence);
                    store.put(fresh.get("cluster_id").textValue(), new ClusterState(sequence++, fresh));
                }
                RandomListRequests.Request request = requests.next();
                String context = "seed=" + seed + " view=" + v + " request=" + r + " limit=" + request.limit()
                        + " offset=" + request.offset() + " body=" + Json.MAPPER.writeValueAsString(request.body());
                ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(request.body(), request.limit(),
                        request.offset())).query();
                // every other request spreads its partitions over the idle helper threads (SpareCores)
                Answer<ListPage> answer = index.list(query, "org_1", "ns_1", PARTITIONS, store::get, r % 2 == 1);
                total++;
                if (!IndexScan.supports(query)) {
                    assertThat(answer).as(context).isInstanceOfSatisfying(Answer.NotServed.class,
                        notServed -> assertThat(notServed.reason()).isEqualTo(FailureReason.NOT_INDEXED));
                    continue;
                }
                assertThat(answer).as(context).isInstanceOf(Answer.Found.class);
                ListPage actual = ((Answer.Found<ListPage>) answer).value();
                ListPage expected = ListEngine.run(query, view);
                assertThat(EngineFixtures.ids(actual)).as(context).isEqualTo(EngineFixtures.ids(expected));
                assertThat(actual.results()).as(context).isEqualTo(expected.results());
                assertThat(actual.total()).as(context).isEqualTo(expected.total());
                assertThat(actual.stats()).as(context).isEqualTo(expected.stats());
                answered++;
                withPage += actual.results().isEmpty() ? 0 : 1;
            }
        }
        System.out.printf("ViewIndexDifferentialTest: %d requests, %d answered by the index, %d non-empty pages%n",
                total, answered, withPage);
        assertThat(answered).as("the index must answer a good share of the random requests").isGreaterThan(total / 3);
        assertThat(withPage).isGreaterThan(answered / 3);
        assertThat(sentAsChanges).as("versions sent as changes of the previous one").isGreaterThan(200);
    }

    @Test
    void aPartitionThatIsNotLoadedIsNamedInsteadOfAnsweredWithout() {
        ViewIndex index = new ViewIndex();
        IndexPartition zero = index.open(0);
        zero.ready();
        Answer<ListPage> answer = index.list(ListQuery.defaults(), "org_1", "ns_1", PARTITIONS, id -> null);
        assertThat(answer).isInstanceOf(Answer.NotServed.class);
        assertThat(((Answer.NotServed<ListPage>) answer).reason()).isEqualTo(FailureReason.INDEX_LOADING);
        assertThat(((Answer.NotServed<ListPage>) answer).partitions()).containsExactly(1, 2);
        zero.close();
        assertThat(index.loadedPartitions()).isEmpty();
    }

    @Test
    void aPageClusterChangedInTheStoreSinceTheSnapshotMakesTheQueryRetryThenGiveUp() {
        ViewIndex index = new ViewIndex();
        IndexPartition zero = index.open(0);
        ObjectNode cluster = RandomClusterView.generate(new Random(1), 1).get(0);
        zero.upsert(cluster.get("cluster_id").textValue(), 5, cluster);
        zero.ready();
        ClusterState newer = new ClusterState(6, cluster);
        Answer<ListPage> answer = index.list(ListQuery.defaults(), "org_1", "ns_1", List.of(0), id -> newer);
        assertThat(answer).isInstanceOfSatisfying(Answer.NotServed.class,
                        notServed -> assertThat(notServed.reason()).isEqualTo(FailureReason.NOT_INDEXED));
        Answer<ListPage> same = index.list(ListQuery.defaults(), "org_1", "ns_1", List.of(0),
                id -> new ClusterState(5, cluster));
        assertThat(((Answer.Found<ListPage>) same).value().trees()).containsExactly(cluster);
    }

    /**
     * Loads the view into three partitions through a history: earlier versions of some clusters first, clusters
     * deleted on the way (some re-created), and clusters of other tenants; compaction runs often. The partitions'
     * writers are added to {@code partitions}.
     */
    private ViewIndex load(Random random, List<ObjectNode> view, Map<String, ClusterState> store,
                           List<IndexPartition> partitions) {
        given.clear();
        previousChoice = new Random(random.nextLong());
        ViewIndex index = new ViewIndex(1 + random.nextInt(40), 4 + random.nextInt(200));
        for (int p : PARTITIONS) {
            partitions.add(index.open(p));
        }
        List<ObjectNode> decoys = RandomClusterView.generate(random, 60);
        long sequence = 1;
        for (int round = 0; round < 3; round++) {
            for (ObjectNode cluster : view) {
                if (random.nextInt(3) == 0) {
                    ObjectNode earlier = view.get(random.nextInt(view.size())).deepCopy();
                    earlier.put("cluster_id", cluster.get("cluster_id").textValue());
                    upsert(partitions, earlier, sequence++);
                }
                if (random.nextInt(10) == 0) {
                    delete(partitions, cluster.get("cluster_id").textValue(), sequence++);
                }
            }
            for (ObjectNode decoy : decoys) {
                ObjectNode other = decoy.deepCopy();
                other.put("cluster_id", "x" + decoy.get("cluster_id").textValue());
                other.put("organization_id", random.nextBoolean() ? "org_2" : "org_1");
                other.put("namespace_id", random.nextBoolean() ? "ns_1" : "ns_2");
                if (other.get("organization_id").textValue().equals("org_1")) {
                    other.put("namespace_id", "ns_2");
                }
                upsert(partitions, other, sequence++);
            }
        }
        for (ObjectNode cluster : view) {
            upsert(partitions, cluster, sequence);
            store.put(cluster.get("cluster_id").textValue(), new ClusterState(sequence, cluster));
            sequence++;
        }
        partitions.forEach(IndexPartition::ready);
        return index;
    }

    /**
     * A new version of {@code cluster}: a deep copy (as the fold makes) or a new object over the same values, with a
     * few fields (top-level, never its id or tenant, or inside {@code metadata}, where keys also go) replaced by
     * those of a random cluster.
     */
    private static ObjectNode partiallyChanged(Random random, ObjectNode cluster) {
        ObjectNode changed = Json.NODES.objectNode();
        changed.setAll(random.nextBoolean() ? cluster.deepCopy() : cluster);
        ObjectNode donor = RandomClusterView.generate(random, 1).get(0);
        List<String> fields = new ArrayList<>();
        donor.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(List.of("cluster_id", "organization_id", "namespace_id"));
        for (int i = random.nextInt(4); i > 0; i--) {
            String field = fields.get(random.nextInt(fields.size()));
            changed.set(field, donor.get(field));
        }
        if (random.nextBoolean() && cluster.get("metadata") instanceof ObjectNode metadata
                && donor.get("metadata") instanceof ObjectNode other) {
            ObjectNode patched = Json.NODES.objectNode();
            patched.setAll(metadata);
            other.properties().forEach(entry -> {
                if (random.nextBoolean()) {
                    patched.set(entry.getKey(), entry.getValue());
                }
            });
            if (!patched.isEmpty() && random.nextInt(3) == 0) {
                patched.remove(patched.fieldNames().next());
            }
            changed.set("metadata", patched);
        }
        return changed;
    }

    /** What each cluster id last became in the index, as the store would hold it (null once deleted). */
    private final Map<String, ClusterState> given = new HashMap<>();
    private Random previousChoice = new Random(7);
    private int sentAsChanges;

    private void upsert(List<IndexPartition> partitions, ObjectNode cluster, long sequence) {
        String id = cluster.get("cluster_id").textValue();
        send(partitions, id, sequence, cluster);
    }

    private void delete(List<IndexPartition> partitions, String id, long sequence) {
        send(partitions, id, sequence, null);
    }

    /** As the fold processor: with the replaced version mostly, without it or with a stale one sometimes. */
    private void send(List<IndexPartition> partitions, String id, long sequence, ObjectNode cluster) {
        IndexPartition partition = partitions.get(Math.floorMod(id.hashCode(), partitions.size()));
        ClusterState previous = given.get(id);
        int how = previousChoice.nextInt(10);
        if (how == 0 || previous == null) {
            partition.upsert(id, sequence, cluster);
        } else if (how == 1) {
            ObjectNode stale = RandomClusterView.generate(previousChoice, 1).get(0);
            partition.upsert(id, sequence, cluster, previous.sequence() - 1, stale);
        } else if (how <= 4 && cluster != null && previous.isLive() && hasHeader(cluster)
                && changes(previous.cluster(), cluster) != null) {
            // as the fold sends an updated or execution event: the new values of the fields that may have changed
            ClusterState from = how == 4 ? new ClusterState(previous.sequence() - 1, previous.cluster()) : previous;
            partition.upsert(id, new ClusterState(sequence, cluster), from, changes(previous.cluster(), cluster));
            sentAsChanges++;
        } else {
            partition.upsert(id, sequence, cluster, previous.sequence(), previous.cluster());
        }
        given.put(id, new ClusterState(sequence, cluster));
    }

    /** Whether {@code cluster} has what a fold-made state's header reads (this test's random views mostly do). */
    private static boolean hasHeader(ObjectNode cluster) {
        for (String field : List.of("namespace_id", "organization_id", "status")) {
            if (cluster.get(field) == null || !cluster.get(field).isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The new values of the fields of {@code after} that differ from {@code before}, plus a few that do not (the fold
     * names every field an event sets); null when a field went missing (a change the fold never makes).
     */
    private Map<ClusterField, JsonNode> changes(ObjectNode before, ObjectNode after) {
        Map<ClusterField, JsonNode> changes = new EnumMap<>(ClusterField.class);
        for (ClusterField field : ClusterField.values()) {
            JsonNode was = before.get(field.wireName());
            JsonNode is = after.get(field.wireName());
            if (is == null && was != null) {
                return null;
            }
            if (is != null && (!is.equals(was) || previousChoice.nextInt(6) == 0)) {
                changes.put(field, is);
            }
        }
        return changes;
    }
}
