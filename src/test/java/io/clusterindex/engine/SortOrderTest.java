package io.clusterindex.engine;

import static io.clusterindex.engine.EngineFixtures.cluster;
import static io.clusterindex.engine.EngineFixtures.ids;
import static io.clusterindex.engine.EngineFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortOrderTest {

    private static List<String> sorted(String sort, List<ObjectNode> clusters) {
        ListQuery parsed = query(sort == null ? "{}" : "{'sort': " + sort + "}");
        ListQuery query = new ListQuery(parsed.filter(), parsed.search(), parsed.sort(), 1000, 0);
        List<ObjectNode> shuffled = new ArrayList<>(clusters);
        Collections.shuffle(shuffled, new Random(7));
        return ids(ListEngine.run(query, shuffled));
    }

    private static List<ObjectNode> withMetadataScores(String... scores) {
        List<ObjectNode> clusters = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            clusters.add(cluster("c" + i, "{'metadata': {'score': " + scores[i] + "}}"));
        }
        return clusters;
    }

    @Test
    void defaultOrderIsNewestFirst() {
        List<ObjectNode> clusters = List.of(
                cluster("a", "{'created_at': '2026-01-02T00:00:00Z'}"),
                cluster("b", "{'created_at': '2026-01-03T00:00:00Z'}"),
                cluster("c", "{'created_at': '2026-01-01T00:00:00Z'}"));
        assertThat(sorted(null, clusters)).containsExactly("b", "a", "c");
    }

    @Test
    void numbersSortNumerically() {
        List<ObjectNode> clusters = withMetadataScores("10", "9.5", "-1", "100000000000000000000", "2");
        assertThat(sorted("{'field': 'metadata.score'}", clusters)).containsExactly("c2", "c4", "c1", "c0", "c3");
        assertThat(sorted("{'field': 'metadata.score', 'direction': 'desc'}", clusters))
                .containsExactly("c3", "c0", "c1", "c4", "c2");
    }

    @Test
    void stringsSortByCodePointCaseSensitively() {
        List<ObjectNode> clusters = withMetadataScores("'b'", "'B'", "'a'", "'\uD83D\uDE00'", "'\uFF5E'");
        assertThat(sorted("{'field': 'metadata.score'}", clusters)).containsExactly("c1", "c2", "c0", "c4", "c3");
    }

    @Test
    void falseSortsBeforeTrue() {
        List<ObjectNode> clusters = withMetadataScores("true", "false");
        assertThat(sorted("{'field': 'metadata.score'}", clusters)).containsExactly("c1", "c0");
    }

    @Test
    void timestampsSortAsInstantsNotAsText() {
        List<ObjectNode> clusters = List.of(
                cluster("a", "{'completed_at': '2026-01-01T00:00:00Z'}"),
                cluster("b", "{'completed_at': '2026-01-01T00:00:00.5Z'}"),
                cluster("c", "{'completed_at': '2025-12-31T23:59:59.999999999Z'}"));
        assertThat(sorted("{'field': 'completed_at'}", clusters)).containsExactly("c", "a", "b");
    }

    @Test
    void mixedTypesSortNumbersThenStringsThenBooleansAndDescReversesThat() {
        List<ObjectNode> clusters = withMetadataScores("true", "'x'", "3", "false", "'a'", "1");
        assertThat(sorted("{'field': 'metadata.score'}", clusters))
                .containsExactly("c5", "c2", "c4", "c1", "c3", "c0");
        assertThat(sorted("{'field': 'metadata.score', 'direction': 'desc'}", clusters))
                .containsExactly("c0", "c3", "c1", "c4", "c2", "c5");
    }

    @Test
    void missingNullObjectsAndArraysComeLastInBothDirections() {
        List<ObjectNode> clusters = new ArrayList<>(withMetadataScores("null", "2", "{'a': 1}", "[1]", "1"));
        clusters.add(cluster("c5", "{'metadata': {}}"));
        clusters.add(cluster("c6", "{'metadata': null}"));
        assertThat(sorted("{'field': 'metadata.score'}", clusters))
                .containsExactly("c4", "c1", "c0", "c2", "c3", "c5", "c6");
        assertThat(sorted("{'field': 'metadata.score', 'direction': 'desc'}", clusters))
                .containsExactly("c1", "c4", "c0", "c2", "c3", "c5", "c6");
    }

    @Test
    void nullTopLevelValuesComeLastInBothDirections() {
        List<ObjectNode> clusters = List.of(
                cluster("z", "{'num_clusters': null}"),
                cluster("y", "{'num_clusters': 3}"),
                cluster("x", "{'num_clusters': null}"),
                cluster("w", "{'num_clusters': 4}"));
        assertThat(sorted("{'field': 'num_clusters'}", clusters)).containsExactly("y", "w", "x", "z");
        assertThat(sorted("{'field': 'num_clusters', 'direction': 'desc'}", clusters))
                .containsExactly("w", "y", "x", "z");
    }

    @Test
    void tiesAreBrokenByClusterIdAscendingInBothDirections() {
        List<ObjectNode> clusters = List.of(
                cluster("b", "{'status': 'COMPLETED'}"),
                cluster("c", "{'status': 'COMPLETED'}"),
                cluster("a", "{'status': 'FAILED'}"),
                cluster("B", "{'status': 'COMPLETED'}"),
                cluster("d", "{'status': 'FAILED'}"));
        assertThat(sorted("{'field': 'status'}", clusters)).containsExactly("B", "b", "c", "a", "d");
        assertThat(sorted("{'field': 'status', 'direction': 'desc'}", clusters))
                .containsExactly("a", "d", "B", "b", "c");
    }

    @Test
    void aSortPathThroughANestedArraySortsAsMissing() {
        List<ObjectNode> clusters = List.of(
                cluster("a", "{'metadata': {'owner': [{'name': 'x'}]}}"),
                cluster("b", "{'metadata': {'owner': {'name': 'y'}}}"));
        assertThat(sorted("{'field': 'metadata.owner.name', 'direction': 'desc'}", clusters))
                .containsExactly("b", "a");
    }

    @Test
    void theComparatorOrdersExtractedKeys() {
        SortOrder order = SortOrder.of(query("{'sort': {'field': 'metadata.score'}}").sort());
        SortKey one = order.keyOf(cluster("x", "{'metadata': {'score': 1}}"));
        SortKey two = order.keyOf(cluster("y", "{'metadata': {'score': 2.0}}"));
        assertThat(order.compare(one, two)).isNegative();
        assertThat(order.compare(two, one)).isPositive();
        assertThat(order.compare(one, one)).isZero();
        assertThat(two.cluster().get("cluster_id").textValue()).isEqualTo("y");
    }
}
