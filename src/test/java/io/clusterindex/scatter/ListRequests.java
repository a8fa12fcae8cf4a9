package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * List requests as the public endpoint parses them, the clusters of a test view by partition, and the check that an
 * answer is the whole view's page.
 */
final class ListRequests {
    private ListRequests() {
    }

    /** {@code body} with the raw {@code limit}, {@code offset} and {@code cursor} parameters (null: absent). */
    static ListRequest request(String body, String limit, String offset, String cursor) {
        try {
            ParsedRequest parsed = ListRequestParser.parse(Json.MAPPER.readTree(body), limit, offset, cursor);
            return new ListRequest(body.getBytes(StandardCharsets.UTF_8), "", ((ParsedRequest.Valid) parsed).query());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clusters of {@code view} in {@code partitions}, where cluster {@code i} is in partition {@code i % 3}. */
    static List<ObjectNode> clustersOf(List<ObjectNode> view, Set<Integer> partitions) {
        List<ObjectNode> clusters = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            if (partitions.contains(i % 3)) {
                clusters.add(view.get(i));
            }
        }
        return clusters;
    }

    /** The answer is found and is the page, total and stats one instance holding all of {@code view} gives. */
    static void assertWhole(Answer<ListPage> answer, ListRequest request, List<ObjectNode> view) {
        ListPage whole = ListEngine.run(request.query(), view);
        assertThat(answer).isInstanceOfSatisfying(Answer.Found.class, found -> {
            ListPage page = (ListPage) found.value();
            assertThat(page.results()).containsExactlyElementsOf(whole.results());
            assertThat(page.total()).isEqualTo(whole.total());
            assertThat(page.stats()).isEqualTo(whole.stats());
        });
    }
}
