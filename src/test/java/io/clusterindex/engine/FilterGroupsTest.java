package io.clusterindex.engine;

import static io.clusterindex.engine.EngineFixtures.cluster;
import static io.clusterindex.engine.EngineFixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterGroupsTest {
    private static final List<ObjectNode> CLUSTERS = List.of(
            cluster("a", "{'status': 'COMPLETED', 'metadata': {'team': 'Search', 'tier': 1}}"),
            cluster("b", "{'status': 'FAILED', 'metadata': {'team': 'search', 'tier': 2}}"),
            cluster("c", "{'status': 'COMPLETED', 'metadata': {'team': 'Ads', 'tier': 2}}"),
            cluster("d", "{'status': 'PENDING', 'metadata': {}}"));

    @Test
    void andNeedsEveryItem() {
        assertThat(matching("{'AND': [{'field': 'status', 'value': 'completed'},"
                + " {'field': 'metadata.tier', 'value': 2}]}", CLUSTERS)).containsExactly("c");
    }

    @Test
    void orNeedsOneItemAndAnEmptyOrAddsNoConstraint() {
        assertThat(matching("{'OR': [{'field': 'status', 'value': 'FAILED'}, {'field': 'metadata.tier', 'value': 1}]}",
                CLUSTERS)).containsExactly("a", "b");
        assertThat(matching("{'OR': []}", CLUSTERS)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void notExcludesEveryListedItem() {
        assertThat(matching("{'NOT': [{'field': 'status', 'value': 'FAILED'}, {'field': 'metadata.tier', 'value': 1}]}",
                CLUSTERS)).containsExactly("c", "d");
        assertThat(matching("{'NOT': []}", CLUSTERS)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void notMayBeASingleObject() {
        assertThat(matching("{'NOT': {'field': 'status', 'value': 'COMPLETED'}}", CLUSTERS)).containsExactly("b", "d");
        assertThat(matching("{'NOT': {'OR': [{'status': 'FAILED'}, {'status': 'PENDING'}]}}", CLUSTERS))
                .containsExactly("a", "c");
    }

    @Test
    void shorthandPairsMeanEq() {
        assertThat(matching("{'metadata.team': 'SEARCH'}", CLUSTERS)).containsExactly("a", "b");
        assertThat(matching("{'metadata.team': 'search', 'status': 'completed'}", CLUSTERS)).containsExactly("a");
    }

    @Test
    void allKeysOfAGroupMustHold() {
        assertThat(matching("{'AND': [{'field': 'metadata.team', 'value': 'search'}],"
                + " 'OR': [{'field': 'metadata.tier', 'value': 2}, {'status': 'PENDING'}],"
                + " 'NOT': [{'status': 'COMPLETED'}], 'metadata.tier': 2}", CLUSTERS)).containsExactly("b");
    }

    @Test
    void theFiltersObjectMayItselfBeACondition() {
        assertThat(matching("{'field': 'status', 'operator': 'ne', 'value': 'COMPLETED'}", CLUSTERS))
                .containsExactly("b", "d");
    }

    @Test
    void emptyFiltersMatchEverything() {
        assertThat(matching("{}", CLUSTERS)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void caseSensitiveAppliesToShorthandPairsOfItsGroup() {
        assertThat(matching("{'case_sensitive': true, 'metadata.team': 'search'}", CLUSTERS)).containsExactly("b");
    }

    @Test
    void nestedGroupsInheritCaseSensitivity() {
        assertThat(matching("{'case_sensitive': true, 'AND': [{'OR': [{'NOT': {'metadata.team': 'search'}}]}]}",
                CLUSTERS)).containsExactly("a", "c", "d");
    }

    @Test
    void aNestedGroupMayOverrideTheInheritedCaseSensitivity() {
        assertThat(matching("{'case_sensitive': true, 'OR': [{'case_sensitive': false, 'metadata.team': 'SEARCH'},"
                + " {'metadata.team': 'Ads'}]}", CLUSTERS)).containsExactly("a", "b", "c");
        assertThat(matching("{'OR': [{'case_sensitive': true, 'AND': [{'metadata.team': 'Search'}]},"
                + " {'metadata.team': 'ADS'}]}", CLUSTERS)).containsExactly("a", "c");
    }

    @Test
    void aNullCaseSensitiveInherits() {
        assertThat(matching("{'case_sensitive': true, 'AND': [{'case_sensitive': null, 'metadata.team': 'search'}]}",
                CLUSTERS)).containsExactly("b");
    }
}
