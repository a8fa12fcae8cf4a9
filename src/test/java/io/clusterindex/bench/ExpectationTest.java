package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpectationTest {
    @Test
    void keepsThePageOfTheMatchesInOrderWhateverOrderTheyArriveIn() {
        QueryMix.Draw draw = new QueryMix.Draw(null, c -> c.path("n").intValue() % 2 == 0,
                QueryMix.order("num_documents_clustered", true), 10);
        Expectation expectation = new Expectation(draw);
        List<JsonNode> states = new ArrayList<>(IntStream.range(0, 1000).mapToObj(ExpectationTest::state).toList());
        Collections.shuffle(states, new Random(1));

        states.forEach(expectation::offer);

        assertThat(expectation.total()).isEqualTo(500);
        // even n, documents 1000 - n descending: ids 0, 2, 4, ... ; the page skips the first 10
        assertThat(expectation.pageIds()).hasSize(QueryMix.LIMIT).first().isEqualTo(id(20));
        assertThat(expectation.pageIds()).last().isEqualTo(id(20 + 2 * (QueryMix.LIMIT - 1)));
    }

    @Test
    void aPageBeyondTheMatchesIsEmptyAndNullsSortLast() {
        QueryMix.Draw draw = new QueryMix.Draw(null, c -> true, QueryMix.order("num_documents_clustered", false), 0);
        Expectation expectation = new Expectation(draw);
        expectation.offer(Json.NODES.objectNode().put("cluster_id", "b").putNull("num_documents_clustered"));
        expectation.offer(Json.NODES.objectNode().put("cluster_id", "c").put("num_documents_clustered", 5));
        expectation.offer(Json.NODES.objectNode().put("cluster_id", "a").putNull("num_documents_clustered"));

        assertThat(expectation.pageIds()).containsExactly("c", "a", "b");

        Expectation deep = new Expectation(new QueryMix.Draw(null, c -> true, QueryMix.NEWEST_FIRST, 500));
        deep.offer(state(1));
        assertThat(deep.total()).isEqualTo(1);
        assertThat(deep.pageIds()).isEmpty();
        assertThatThrownBy(() -> deep.offer(state(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timestampsCompareAsInstantsWhateverTheirFraction() {
        assertThat(QueryMix.compareTimestamps("2026-05-01T00:00:00Z", "2026-05-01T00:00:00.001Z")).isNegative();
        assertThat(QueryMix.compareTimestamps("2026-05-01T00:00:00.1Z", "2026-05-01T00:00:00.099Z")).isPositive();
        assertThat(QueryMix.compareTimestamps("2026-05-01T00:00:00.100Z", "2026-05-01T00:00:00.1Z")).isZero();
        assertThat(QueryMix.compareTimestamps("2026-05-01T00:00:01Z", "2026-05-01T00:00:00.999Z")).isPositive();
        assertThat(QueryMix.compareTimestamps("2026-05-01T02:00:00+02:00", "2026-05-01T00:00:00Z")).isZero();
    }

    private static JsonNode state(int n) {
        return Json.NODES.objectNode().put("cluster_id", id(n)).put("n", n).put("num_documents_clustered", 1000 - n)
                .put("created_at", "2026-05-01T00:00:00Z");
    }

    private static String id(int n) {
        return String.format("clust_%04d", n);
    }
}
