package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ViewIndex#keys}: the page of {@link ViewIndex#list} as keys and sequences, without reading the store. */
class ViewIndexKeysTest {
    private static final List<Integer> PARTITIONS = List.of(0, 1);

    private final ViewIndex index = new ViewIndex();
    private final Map<String, ClusterState> store = new HashMap<>();
    private final List<ObjectNode> view = RandomListing.view(new Random(21), 300);

    private void load() {
        IndexPartition[] partitions = {index.open(0), index.open(1)};
        for (int i = 0; i < view.size(); i++) {
            String id = view.get(i).get("cluster_id").textValue();
            store.put(id, new ClusterState(10L + i, view.get(i)));
            partitions[i % 2].upsert(id, 10L + i, view.get(i));
        }
        partitions[0].ready();
        partitions[1].ready();
    }

    @Test
    void theKeysAreThoseOfTheListedPageWithTheSequencesOfTheVersionsThatMatched() {
        load();
        RandomListing requests = new RandomListing(new Random(22), view);
        int compared = 0;
        for (int n = 0; n < 300; n++) {
            RandomListing.Request request = requests.next();
            ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(request.body(), request.limit(),
                    request.offset())).query();
            Answer<ListPage> listed = index.list(query, "org_1", "ns_1", PARTITIONS, store::get);
            Answer<KeyPage> keys = index.keys(query, "org_1", "ns_1", PARTITIONS);
            if (listed instanceof Answer.NotServed<ListPage> notServed) {
                assertThat(keys).isInstanceOfSatisfying(Answer.NotServed.class, failure ->
                        assertThat(failure.reason()).isEqualTo(notServed.reason()));
                continue;
            }
            ListPage page = ((Answer.Found<ListPage>) listed).value();
            KeyPage keyed = ((Answer.Found<KeyPage>) keys).value();
            SortOrder order = SortOrder.of(query.sort());
            assertThat(keyed.total()).isEqualTo(page.total());
            assertThat(keyed.stats()).isEqualTo(page.stats());
            assertThat(keyed.skipped()).isEqualTo(page.skipped());
            assertThat(keyed.keys()).hasSameSizeAs(page.results());
            for (int i = 0; i < page.results().size(); i++) {
                ObjectNode cluster = page.trees().get(i);
                KeyPage.PageKey key = keyed.keys().get(i);
                assertThat(key.clusterId()).isEqualTo(cluster.get("cluster_id").textValue());
                assertThat(key.sequence()).isEqualTo(store.get(key.clusterId()).sequence());
                assertThat(key.document()).isNull();
                assertThat(order.compare(key.key(), order.keyOf(cluster))).isZero();
            }
            compared++;
        }
        assertThat(compared).as("queries the index answered").isGreaterThan(100);
    }

    @Test
    void aPartitionNotLoadedYetIsNamedAsLoading() {
        load();
        Answer<KeyPage> keys = index.keys(ListQuery.defaults(), "org_1", "ns_1", List.of(0, 1, 2));

        assertThat(keys).isInstanceOf(Answer.NotServed.class);
        Answer.NotServed<KeyPage> failure = (Answer.NotServed<KeyPage>) keys;
        assertThat(failure.reason()).isEqualTo(FailureReason.INDEX_LOADING);
        assertThat(List.copyOf(failure.partitions())).containsExactly(2);
    }
}
