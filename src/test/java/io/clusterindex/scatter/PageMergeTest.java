package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.Stats;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PageMergeTest {
    private static final long SEED = Long.getLong("page.merge.seed", 0x5CA77E4L);

    @Test
    void mergingEachPartsShareGivesThePageOfTheWholeViewOnRandomRequestsAndAfterTheirCursors() {
        Random random = new Random(SEED);
        int nonEmpty = 0;
        int cursors = 0;
        for (int v = 0; v < 4; v++) {
            List<ObjectNode> view = RandomListing.view(random, 200 + random.nextInt(200));
            RandomListing requests = new RandomListing(random, view);
            for (int r = 0; r < 400; r++) {
                RandomListing.Request request = requests.next();
                ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(request.body(), request.limit(),
                        request.offset())).query();
                int parts = 1 + random.nextInt(4);
                List<List<ObjectNode>> split = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    split.add(new ArrayList<>());
                }
                view.forEach(cluster -> split.get(random.nextInt(parts)).add(cluster));
                List<ListPage> shares = split.stream().map(part -> ListEngine.run(ListRequest.shareOf(query), part))
                        .toList();

                ListPage merged = PageMerge.merge(query, shares);
                ListPage whole = ListEngine.run(query, view);

                String context = "seed=" + SEED + " view=" + v + " request=" + r + " " + request;
                assertSamePage(merged, whole, context);
                nonEmpty += merged.results().isEmpty() ? 0 : 1;

                if (!whole.results().isEmpty()) {
                    String cursor = query.cursorAfter(whole.trees().get(whole.results().size() - 1)).encode();
                    ListQuery next = ((ParsedRequest.Valid) ListRequestParser.parse(request.body(), request.limit(),
                            null, cursor)).query();
                    ListPage nextWhole = ListEngine.run(next, view);
                    ListPage nextMerged = PageMerge.merge(next, split.stream()
                            .map(part -> ListEngine.run(ListRequest.shareOf(next), part)).toList());
                    assertSamePage(nextMerged, nextWhole, "after the cursor: " + context);
                    cursors++;
                }
            }
        }
        assertThat(nonEmpty).as("the generator must produce non-empty pages").isGreaterThan(400);
        assertThat(cursors).isEqualTo(nonEmpty);
    }

    private static void assertSamePage(ListPage merged, ListPage whole, String context) {
        assertThat(merged.results()).as(context).containsExactlyElementsOf(whole.results());
        assertThat(merged.total()).as(context).isEqualTo(whole.total());
        assertThat(merged.stats()).as(context).isEqualTo(whole.stats());
        assertThat(merged.skipped()).as(context).isEqualTo(whole.skipped());
    }

    @Test
    void statsAddUpPerStatusAndLeaveZeroCountsOut() {
        Stats a = new Stats(3, 30, new TreeMap<>(Map.of("COMPLETED", 2L, "FAILED", 1L)));
        Stats b = new Stats(2, 5, new TreeMap<>(Map.of("COMPLETED", 1L, "PENDING", 1L)));
        Stats none = new Stats(0, 0, new TreeMap<>());

        Stats sum = PageMerge.sum(List.of(a, b, none));

        assertThat(sum).isEqualTo(new Stats(5, 35, new TreeMap<>(Map.of("COMPLETED", 3L, "FAILED", 1L, "PENDING", 1L))));
        assertThat(sum.avgDocumentsPerCluster()).isEqualTo(7.0);
        assertThat(PageMerge.sum(List.of(none))).isEqualTo(none);
    }
}
