package io.clusterindex.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.EventRouting;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reads of this instance while a partition moves: its task is active in the metadata but its store is not
 * queryable (restoring after a hand-over, closed after a revocation), or stops being queryable during a scan. Such a
 * partition is never answered as if it held nothing: a get, a stats read and a full scan that claim it are not
 * served, so that the scatter-gather fails over or answers 503, instead of a 404, empty stats or a short page.
 */
class MovingPartitionTest {
    private static final int PARTITIONS = FakeStores.PARTITIONS;
    private static final String NAMESPACE = "ns_moving";
    private static final Tenant TENANT = new Tenant("org_1", NAMESPACE);

    private final FakeStores stores = new FakeStores();
    private final LocalViewQueries local = new LocalViewQueries(stores);
    private final ClusterQueries queries = new ClusterQueries(local, new ViewIndex());
    private final Map<Integer, List<String>> idsOf = new TreeMap<>();

    MovingPartitionTest() {
        for (int i = 0; i < 60; i++) {
            String id = "clust_" + i;
            ObjectNode cluster = Json.NODES.objectNode().put("cluster_id", id).put("namespace_id", NAMESPACE)
                    .put("organization_id", "org_1").put("cluster_name", "c" + i);
            int partition = EventRouting.owner(id, PARTITIONS);
            stores.clusters.get(partition).put(id, new ClusterState(1, cluster));
            idsOf.computeIfAbsent(partition, p -> new ArrayList<>()).add(id);
        }
        String statsKey = StatsKey.of("org_1", NAMESPACE);
        stores.stats.get(EventRouting.owner(statsKey, PARTITIONS)).put(statsKey,
                new NamespaceStats(NAMESPACE, 60, 0, Map.of("PENDING", 60L)));
        assertThat(idsOf).as("every partition holds clusters").hasSize(PARTITIONS);
    }

    @Test
    void everyPartitionQueryableAnswersEveryCluster() {
        for (List<String> ids : idsOf.values()) {
            for (String id : ids) {
                assertThat(queries.byId(TENANT, id)).as(id).isInstanceOf(Answer.Found.class);
            }
        }
        assertThat(scan(Set.of(0, 1, 2))).isEqualTo(60);
        assertThat(queries.stats(TENANT)).isInstanceOf(Answer.Found.class);
        assertThat(((Answer.Found<NamespaceStats>) queries.stats(TENANT)).value().totalClusters()).isEqualTo(60);
        assertThat(local.ready()).isTrue();
        assertThat(stores.openIterators).hasValue(0);
    }

    @Test
    void aClusterOfAPartitionWhoseStoreIsNotQueryableIsNotServedNotNotFound() {
        for (int moving = 0; moving < PARTITIONS; moving++) {
            stores.queryable.clear();
            stores.queryable.addAll(Set.of(0, 1, 2));
            stores.queryable.remove(moving);
            for (Map.Entry<Integer, List<String>> partition : idsOf.entrySet()) {
                for (String id : partition.getValue()) {
                    Answer<ViewDocument> answer = queries.byId(TENANT, id);
                    if (partition.getKey() == moving) {
                        assertThat(answer).as("%s of moving partition %d", id, moving)
                                .isInstanceOf(Answer.NotServed.class);
                        assertThat(((Answer.NotServed<ViewDocument>) answer).reason()).isEqualTo(FailureReason.NOT_ACTIVE);
                    } else {
                        assertThat(answer).as("%s of partition %d", id, partition.getKey())
                                .isInstanceOf(Answer.Found.class);
                    }
                }
            }
            assertThat(queries.byId(TENANT, "clust_nowhere")).as("an id no partition holds: found, or not served")
                    .isNotInstanceOf(Answer.Found.class);
        }
    }

    @Test
    void theStatsOfAPartitionWhoseStoreIsNotQueryableAreNotServedNotEmpty() {
        int holder = EventRouting.owner(StatsKey.of("org_1", NAMESPACE), PARTITIONS);
        stores.queryable.remove(holder);
        Answer<NamespaceStats> answer = queries.stats(TENANT);
        assertThat(answer).as("%s", answer).isInstanceOf(Answer.NotServed.class);
        stores.queryable.add(holder);
        stores.queryable.remove((holder + 1) % PARTITIONS);
        assertThat(((Answer.Found<NamespaceStats>) queries.stats(TENANT)).value().totalClusters())
                .as("another partition moving does not matter to these stats").isEqualTo(60);
    }

    @Test
    void aScanThatClaimsAPartitionWhoseStoreIsNotQueryableIsNotServedNotShort() {
        stores.queryable.remove(1);
        Answer<Integer> answer = local.scanNamespace(NAMESPACE, Set.of(0, 1, 2), MovingPartitionTest::count);
        assertThat(answer).as("%s", answer).isInstanceOf(Answer.NotServed.class);
        assertThat(((Answer.NotServed<Integer>) answer).message()).contains("partition 1");
        assertThat(scan(Set.of(0, 2))).as("the partitions it does not claim")
                .isEqualTo(idsOf.get(0).size() + idsOf.get(2).size());
        assertThat(stores.openIterators).hasValue(0);
    }

    @Test
    void aStoreThatStopsBeingQueryableDuringTheScanVoidsItAndEveryIteratorIsClosed() {
        stores.failAfter = 3;
        Answer<Integer> answer = local.scanNamespace(NAMESPACE, Set.of(0, 1, 2), MovingPartitionTest::count);
        assertThat(answer).as("%s", answer).isInstanceOf(Answer.NotServed.class);
        assertThat(((Answer.NotServed<Integer>) answer).message()).contains("stopped being queryable");
        assertThat(stores.openIterators).hasValue(0);
    }

    @Test
    void aConsumerThatStopsEarlyLeavesNoIteratorOpen() {
        Answer<Integer> answer = local.scanNamespace(NAMESPACE, new TreeSet<>(Set.of(0, 1, 2)), clusters -> {
            Iterator<ObjectNode> it = clusters.iterator();
            it.next();
            return 1;
        });
        assertThat(answer).isInstanceOf(Answer.Found.class);
        assertThat(stores.openIterators).hasValue(0);
    }

    private int scan(Set<Integer> partitions) {
        Answer<Integer> answer = local.scanNamespace(NAMESPACE, new TreeSet<>(partitions), MovingPartitionTest::count);
        assertThat(answer).as("%s", answer).isInstanceOf(Answer.Found.class);
        return ((Answer.Found<Integer>) answer).value();
    }

    private static int count(Iterable<ObjectNode> clusters) {
        int count = 0;
        for (ObjectNode ignored : clusters) {
            count++;
        }
        return count;
    }
}
