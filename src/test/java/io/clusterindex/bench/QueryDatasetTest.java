package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryDatasetTest {
    @Test
    void theSameSeedGivesTheSameBytes() {
        assertThat(bytes(new QueryDataset(300, 9))).isEqualTo(bytes(new QueryDataset(300, 9)));
        assertThat(bytes(new QueryDataset(300, 9))).isNotEqualTo(bytes(new QueryDataset(300, 10)));
    }

    @Test
    void prioritiesAreSkewedLowInsideTheirRange() {
        List<JsonNode> states = states(new QueryDataset(5000, 42));
        List<Integer> priorities = states.stream().map(s -> s.path("metadata").path("priority").intValue()).sorted()
                .toList();

        assertThat(states).allSatisfy(s -> assertThat(s.path("metadata").path("priority").isInt()).isTrue());
        assertThat(priorities.get(0)).isZero();
        assertThat(priorities.get(priorities.size() - 1)).isEqualTo(QueryDataset.PRIORITY_MAX);
        assertThat(priorities.get(priorities.size() / 2)).as("median").isBetween(50, 150);
        assertThat(priorities.stream().filter(p -> p == 500).count()).as("a round value").isGreaterThan(50);
    }

    @Test
    void aFinalStateCarriesTheLastEventsTimeAsUpdatedAt() {
        for (JsonNode state : states(new QueryDataset(500, 42))) {
            String created = state.path("created_at").textValue();
            String updated = state.path("updated_at").textValue();
            assertThat(QueryMix.compareTimestamps(updated, created)).isGreaterThanOrEqualTo(0);
            if (!state.path("status").textValue().equals("PENDING")) {
                assertThat(updated).isNotEqualTo(created);
            }
        }
    }

    private static List<JsonNode> states(QueryDataset dataset) {
        List<JsonNode> states = new ArrayList<>();
        dataset.generate((key, value) -> { }, states::add);
        return states;
    }

    private static byte[] bytes(QueryDataset dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dataset.generate((key, value) -> out.writeBytes(value), null);
        return out.toByteArray();
    }
}
