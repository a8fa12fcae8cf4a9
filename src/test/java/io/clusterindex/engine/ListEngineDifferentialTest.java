package io.clusterindex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomised differential test: {@link ListEngine} (parsed by {@link ListRequestParser}) against
 * {@link NaiveListReference} on thousands of random requests over random views. The seed is printed; rerun one
 * with {@code -Dlist.differential.seed=<seed>}.
 */
class ListEngineDifferentialTest {
    private static final long DEFAULT_SEED = 0x5EED_2026_0311L;
    private static final int VIEWS = 5;
    private static final int REQUESTS_PER_VIEW = 800;

    @Test
    void engineAgreesWithTheNaiveReferenceOnRandomRequests() throws JsonProcessingException {
        long seed = Long.getLong("list.differential.seed", DEFAULT_SEED);
        System.out.println("ListEngineDifferentialTest seed=" + seed);
        Random random = new Random(seed);
        int withMatches = 0;
        int partial = 0;
        int withPage = 0;
        long engineNanos = 0;
        long referenceNanos = 0;
        for (int v = 0; v < VIEWS; v++) {
            List<ObjectNode> view = RandomClusterView.generate(random, 150 + random.nextInt(250));
            RandomListRequests requests = new RandomListRequests(random, view);
            for (int r = 0; r < REQUESTS_PER_VIEW; r++) {
                RandomListRequests.Request request = requests.next();
                JsonNode body = random.nextBoolean() ? request.body()
                        : Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(request.body()));
                String context = "seed=" + seed + " view=" + v + " request=" + r + " limit=" + request.limit()
                        + " offset=" + request.offset() + " body=" + Json.MAPPER.writeValueAsString(body);

                ParsedRequest parsed = ListRequestParser.parse(body, request.limit(), request.offset());
                assertThat(parsed).as(context).isInstanceOf(ParsedRequest.Valid.class);
                ListQuery query = ((ParsedRequest.Valid) parsed).query();
                if (random.nextBoolean()) {
                    Collections.shuffle(view, random);
                }
                long t0 = System.nanoTime();
                ListPage page = ListEngine.run(query, view);
                long t1 = System.nanoTime();
                NaiveListReference.Outcome expected =
                        NaiveListReference.run(body, query.limit(), query.offset(), view);
                engineNanos += t1 - t0;
                referenceNanos += System.nanoTime() - t1;

                assertThat(EngineFixtures.ids(page)).as(context).isEqualTo(expected.ids());
                assertThat(page.total()).as(context).isEqualTo(expected.total());
                assertThat(page.stats().totalClusters()).as(context).isEqualTo(expected.total());
                assertThat(page.stats().totalDocuments()).as(context).isEqualTo(expected.totalDocuments());
                assertThat(page.stats().avgDocumentsPerCluster()).as(context).isEqualTo(expected.average());
                assertThat(page.stats().clustersByStatus()).as(context).isEqualTo(expected.byStatus());

                withMatches += page.total() > 0 ? 1 : 0;
                partial += page.total() > 0 && page.total() < view.size() ? 1 : 0;
                withPage += page.results().isEmpty() ? 0 : 1;
            }
        }
        int total = VIEWS * REQUESTS_PER_VIEW;
        System.out.printf("ListEngineDifferentialTest: %d requests, %d with matches, %d selective, %d non-empty"
                + " pages; engine %d ms, reference %d ms%n", total, withMatches, partial, withPage,
                engineNanos / 1_000_000, referenceNanos / 1_000_000);
        assertThat(partial).as("the generator must produce selective filters").isGreaterThan(total / 5);
        assertThat(withPage).as("the generator must produce non-empty pages").isGreaterThan(total / 3);
    }
}
