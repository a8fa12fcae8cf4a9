package io.clusterindex.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.SortKey;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.topology.EventRouting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads of stored documents by id: phase two of a list over several instances ({@link ClusterQueries#fetch}), the
 * documents asked for, each at the sequence its key matched with, and a get by id ({@link ClusterQueries#byId}); both
 * only of the asking tenant. A stored document comes back as its stored bytes, its tenancy read from the state's
 * header (nothing parsed); one made from a tree is checked on the tree.
 */
class FetchTest {
    private final FakeStores stores = new FakeStores();
    private final ClusterQueries queries = new ClusterQueries(new LocalViewQueries(stores), new ViewIndex());

    @Test
    void onlyTheTenantsClustersAtTheirSequenceAreFetched() throws Exception {
        byte[] ownJson = storeEveryKind();

        List<ViewDocument> fetched = fetch(new Tenant("org_1", "ns_a"), "own_raw@4", "own_tree@2", "other_org_raw@1",
                "other_org_tree@1", "other_ns_raw@1", "other_ns_tree@1", "own_raw@3", "own_tree@5", "deleted@3",
                "nowhere@1");

        assertThat(fetched.subList(2, fetched.size())).as("another tenant's, another version, deleted, absent")
                .containsOnlyNulls();
        assertThat(fetched.get(0).json()).as("the stored bytes themselves").isSameAs(ownJson);
        assertThat(fetched.get(0).treeIfParsed()).as("not parsed").isNull();
        assertThat(fetched.get(1).tree().get("cluster_id").textValue()).isEqualTo("own_tree");

        assertThat(fetch(new Tenant("org_2", "ns_a"), "own_raw@4", "other_org_raw@1", "other_org_tree@1"))
                .extracting(document -> document == null ? null : document.tree().get("cluster_id").textValue())
                .containsExactly(null, "other_org_raw", "other_org_tree");
    }

    @Test
    void aGetByIdIsTheStoredBytesOfALiveClusterOfTheTenant() throws Exception {
        byte[] ownJson = storeEveryKind();
        Tenant tenant = new Tenant("org_1", "ns_a");

        Answer<ViewDocument> own = queries.byId(tenant, "own_raw");
        assertThat(own).isInstanceOf(Answer.Found.class);
        ViewDocument document = ((Answer.Found<ViewDocument>) own).value();
        assertThat(document.json()).as("the stored bytes themselves").isSameAs(ownJson);
        assertThat(document.treeIfParsed()).as("not parsed").isNull();
        assertThat(queries.byId(tenant, "own_tree")).isInstanceOfSatisfying(Answer.Found.class, found ->
                assertThat(((ViewDocument) found.value()).tree().get("cluster_id").textValue()).isEqualTo("own_tree"));
        for (String id : List.of("other_org_raw", "other_org_tree", "other_ns_raw", "other_ns_tree", "deleted",
                "nowhere")) {
            assertThat(queries.byId(tenant, id)).as(id).isInstanceOf(Answer.NotFound.class);
        }
        assertThat(queries.byId(new Tenant("org_2", "ns_a"), "other_org_raw")).isInstanceOf(Answer.Found.class);
        assertThat(queries.byId(new Tenant("org_2", "ns_a"), "other_org_tree")).isInstanceOf(Answer.Found.class);
        assertThat(queries.byId(new Tenant("org_2", "ns_a"), "own_raw")).isInstanceOf(Answer.NotFound.class);
    }

    /**
     * Clusters of tenant org_1/ns_a, of the same namespace name in another organization, of another namespace, each
     * stored as bytes and as a tree, and a deleted one; answers the bytes of own_raw.
     */
    private byte[] storeEveryKind() throws Exception {
        byte[] ownJson = store("own_raw", "org_1", "ns_a", 4, true);
        store("own_tree", "org_1", "ns_a", 2, false);
        store("other_org_raw", "org_2", "ns_a", 1, true);
        store("other_org_tree", "org_2", "ns_a", 1, false);
        store("other_ns_raw", "org_1", "ns_b", 1, true);
        store("other_ns_tree", "org_1", "ns_b", 1, false);
        stores.clusters.get(EventRouting.owner("deleted", FakeStores.PARTITIONS)).put("deleted", new ClusterState(3,
                null));
        return ownJson;
    }

    private byte[] store(String id, String organization, String namespace, long sequence, boolean asStored)
            throws Exception {
        ObjectNode cluster = Json.NODES.objectNode().put("cluster_id", id).put("namespace_id", namespace)
                .put("organization_id", organization).put("status", "PENDING").putNull("num_documents_clustered");
        byte[] json = Json.MAPPER.writeValueAsBytes(cluster);
        ClusterState state = asStored ? ClusterState.stored(sequence, new ClusterState.Header(namespace, organization,
                "PENDING", null, 0), json) : new ClusterState(sequence, cluster);
        stores.clusters.get(EventRouting.owner(id, FakeStores.PARTITIONS)).put(id, state);
        return json;
    }

    /** Fetches {@code id@sequence} keys. */
    private List<ViewDocument> fetch(Tenant tenant, String... keys) {
        List<KeyPage.PageKey> wanted = new ArrayList<>();
        for (String key : keys) {
            String[] parts = key.split("@");
            SortKey sortKey = new SortKey();
            sortKey.clusterId = parts[0];
            wanted.add(new KeyPage.PageKey(sortKey, Long.parseLong(parts[1]), null));
        }
        Answer<List<ViewDocument>> answer = queries.fetch(tenant, wanted);
        assertThat(answer).as("%s", answer).isInstanceOf(Answer.Found.class);
        List<ViewDocument> documents = ((Answer.Found<List<ViewDocument>>) answer).value();
        assertThat(documents).as(Arrays.toString(keys)).hasSize(keys.length);
        return documents;
    }
}
