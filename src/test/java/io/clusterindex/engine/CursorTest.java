package io.clusterindex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.IndexScan;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.request.ValidationError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The {@code cursor} extension: walks over random requests and views, with {@link ListEngine} and with the
 * {@link ViewIndex}, give exactly the full order; cursors are bound to their body and limit.
 */
class CursorTest {
    private static final long SEED = Long.getLong("cursor.seed", 0xC0_2026_1129L);

    @Test
    void cursorWalksGiveTheFullOrderWithTheEngineAndTheIndex() {
        Random random = new Random(SEED);
        int walks = 0;
        int indexWalks = 0;
        for (int v = 0; v < 4; v++) {
            List<ObjectNode> view = RandomClusterView.generate(random, 100 + random.nextInt(200));
            ViewIndex index = new ViewIndex();
            IndexPartition partition = index.open(0);
            Map<String, ClusterState> store = new HashMap<>();
            for (ObjectNode cluster : view) {
                String id = cluster.get("cluster_id").textValue();
                partition.upsert(id, 1, cluster);
                store.put(id, new ClusterState(1, cluster));
            }
            partition.ready();
            RandomListRequests requests = new RandomListRequests(random, view);
            for (int r = 0; r < 120; r++) {
                ObjectNode body = requests.next().body();
                String limit = Integer.toString(1 + random.nextInt(25));
                ListQuery all = valid(body, "1000", null);
                List<String> expected = EngineFixtures.ids(ListEngine.run(all, view));
                String context = "seed=" + SEED + " view=" + v + " request=" + r + " limit=" + limit + " body=" + body;
                assertThat(walk(body, limit, query -> ListEngine.run(query, view))).as(context)
                        .containsExactlyElementsOf(expected);
                walks++;
                if (IndexScan.supports(all)) {
                    List<String> viaIndex = walk(body, limit, query -> ((Answer.Found<ListPage>) index.list(query,
                            "org_1", "ns_1", List.of(0), store::get)).value());
                    assertThat(viaIndex).as(context).containsExactlyElementsOf(expected);
                    indexWalks++;
                }
            }
        }
        assertThat(indexWalks).isGreaterThan(walks / 3);
    }

    @Test
    void aCursorOnlyContinuesTheRequestItCameFrom() {
        List<ObjectNode> view = RandomClusterView.generate(new Random(7), 30);
        ObjectNode body = (ObjectNode) json("{\"sort\": {\"field\": \"cluster_name\"}}");
        ListQuery first = valid(body, "5", null);
        String cursor = first.cursorAfter(ListEngine.run(first, view).trees().get(4)).encode();

        assertThat(valid(json("{ \"sort\" : {\"field\":\"cluster_name\"} }"), "5", cursor).after())
                .as("the same body written differently").isNotNull();
        assertCursorError(body, "6", cursor, "cursor belongs to a request with another body or limit");
        assertCursorError(json("{\"sort\": {\"field\": \"cluster_id\"}}"), "5", cursor,
                "cursor belongs to a request with another body or limit");
        assertCursorError(null, "5", cursor, "cursor belongs to a request with another body or limit");
        assertCursorError(body, "5", "not a cursor!", "cursor is not a cursor of this API");
        assertCursorError(body, "5", "eyJ2IjoyfQ", "cursor is not a cursor of this API");
        assertThat(ListRequestParser.parse(body, "5", "not-a-number", cursor)).as("the offset is ignored")
                .isInstanceOf(ParsedRequest.Valid.class);
    }

    private static List<String> walk(JsonNode body, String limit, Function<ListQuery, ListPage> run) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            ListQuery query = valid(body, limit, cursor);
            ListPage page = run.apply(query);
            assertThat(page.skipped()).as("matches before the page").isEqualTo(seen.size());
            seen.addAll(EngineFixtures.ids(page));
            if (page.results().isEmpty() || seen.size() >= page.total()) {
                return seen;
            }
            cursor = query.cursorAfter(page.trees().get(page.results().size() - 1)).encode();
        }
        throw new AssertionError("the walk does not end");
    }

    private static ListQuery valid(JsonNode body, String limit, String cursor) {
        ParsedRequest parsed = ListRequestParser.parse(body, limit, null, cursor);
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedRequest.Valid.class);
        return ((ParsedRequest.Valid) parsed).query();
    }

    private static void assertCursorError(JsonNode body, String limit, String cursor, String message) {
        ParsedRequest parsed = ListRequestParser.parse(body, limit, null, cursor);
        assertThat(parsed).isInstanceOf(ParsedRequest.Invalid.class);
        ValidationError error = ((ParsedRequest.Invalid) parsed).errors().get(0);
        assertThat(error.location()).containsExactly("query", "cursor");
        assertThat(error.message()).isEqualTo(message);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
