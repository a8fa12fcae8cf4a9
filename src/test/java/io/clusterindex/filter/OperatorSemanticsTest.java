package io.clusterindex.filter;

import static io.clusterindex.engine.EngineFixtures.cluster;
import static io.clusterindex.engine.EngineFixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorSemanticsTest {
    private static final List<ObjectNode> CLUSTERS = List.of(
            cluster("c1", "{'cluster_name': 'Alpha Search Engine', 'algorithm': 'kmeans', 'num_clusters': 5,"
                    + " 'input_collections': ['col_a', 'col_b'], 'created_at': '2026-01-01T00:00:00Z',"
                    + " 'metadata': {'team': 'Search', 'score': 5, 'tags': ['red', 'Blue'], 'nested': {'x': 1},"
                    + "   'owner': null},"
                    + " 'hierarchy_relationships': [{'parent': 'p1', 'level': 1}, {'parent': 'p2', 'level': 2}]}"),
            cluster("c2", "{'cluster_name': 'beta', 'algorithm': 'hdbscan', 'num_clusters': 7,"
                    + " 'input_collections': ['col_c'], 'created_at': '2026-02-01T10:00:00.500Z',"
                    + " 'metadata': {'team': 'ads', 'score': 5.0, 'tags': 'red tape', 'nested': {'x': '1'}}}"),
            cluster("c3", "{'cluster_name': 'Gamma', 'input_collections': ['col_a'],"
                    + " 'created_at': '2025-12-31T23:00:00Z',"
                    + " 'metadata': {'team': ['search', 'ads'], 'score': '5', 'nested': {'x': null}}}"),
            cluster("c4", "{'cluster_name': 'delta', 'input_collections': ['COL_A'], 'metadata': {}}"));

    private static List<String> where(String field, String operator, String value) {
        return matching("{'field': '" + field + "', 'operator': '" + operator + "', 'value': " + value + "}",
                CLUSTERS);
    }

    private static List<String> whereCaseSensitive(String field, String operator, String value) {
        return matching("{'case_sensitive': true, 'AND': [{'field': '" + field + "', 'operator': '" + operator
                + "', 'value': " + value + "}]}", CLUSTERS);
    }

    @Test
    void eqComparesNumbersNumerically() {
        assertThat(where("metadata.score", "eq", "5")).containsExactly("c1", "c2");
        assertThat(where("metadata.score", "eq", "5.00")).containsExactly("c1", "c2");
    }

    @Test
    void eqNeverMatchesAValueOfAnotherType() {
        assertThat(where("metadata.score", "eq", "'5'")).containsExactly("c3");
        assertThat(where("num_clusters", "eq", "true")).isEmpty();
    }

    @Test
    void eqFoldsCaseByDefaultAndMatchesAnyArrayElement() {
        assertThat(where("metadata.team", "eq", "'SEARCH'")).containsExactly("c1", "c3");
        assertThat(where("input_collections", "eq", "'col_a'")).containsExactly("c1", "c3", "c4");
    }

    @Test
    void eqRespectsCaseWhenCaseSensitive() {
        assertThat(whereCaseSensitive("metadata.team", "eq", "'search'")).containsExactly("c3");
        assertThat(whereCaseSensitive("input_collections", "eq", "'col_a'")).containsExactly("c1", "c3");
    }

    @Test
    void eqNullMatchesOnlyAPresentNull() {
        assertThat(where("metadata.owner", "eq", "null")).containsExactly("c1");
        assertThat(where("num_clusters", "eq", "null")).containsExactly("c3", "c4");
    }

    @Test
    void operatorDefaultsToEq() {
        assertThat(matching("{'field': 'algorithm', 'value': 'KMEANS'}", CLUSTERS)).containsExactly("c1");
    }

    @Test
    void neIsTheNegationOfEqAndMatchesAMissingField() {
        assertThat(where("metadata.team", "ne", "'search'")).containsExactly("c2", "c4");
        assertThat(where("metadata.score", "ne", "5")).containsExactly("c3", "c4");
    }

    @Test
    void orderedOperatorsCompareNumbersNumerically() {
        assertThat(where("num_clusters", "gt", "5")).containsExactly("c2");
        assertThat(where("num_clusters", "gte", "5.0")).containsExactly("c1", "c2");
        assertThat(where("num_clusters", "lt", "7")).containsExactly("c1");
        assertThat(where("num_clusters", "lte", "7")).containsExactly("c1", "c2");
    }

    @Test
    void orderedComparisonOfDifferentTypesMatchesNothing() {
        assertThat(where("num_clusters", "gt", "'5'")).isEmpty();
        assertThat(where("metadata.score", "gt", "'4'")).containsExactly("c3");
    }

    @Test
    void orderedOperatorsCompareFoldedStringsByCodePoint() {
        assertThat(where("cluster_name", "gt", "'B'")).containsExactly("c2", "c3", "c4");
        assertThat(whereCaseSensitive("cluster_name", "gt", "'b'")).containsExactly("c2", "c4");
    }

    @Test
    void orderedOperatorsCompareTimestampsAsInstants() {
        assertThat(where("created_at", "gt", "'2026-01-01T01:00:00+02:00'"))
                .containsExactly("c1", "c2", "c4");
        assertThat(where("created_at", "gte", "'2025-12-31T23:00:00.000Z'"))
                .containsExactly("c1", "c2", "c3", "c4");
        assertThat(where("created_at", "lt", "'2026-02-01T10:00:00.5Z'")).containsExactly("c1", "c3", "c4");
        assertThat(where("created_at", "lte", "'2026-02-01T10:00:00.5Z'")).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void timestampEqualityIsInstantEquality() {
        assertThat(where("created_at", "eq", "'2026-02-01T11:00:00.500+01:00'")).containsExactly("c2");
        assertThat(where("created_at", "eq", "'yesterday'")).isEmpty();
        assertThat(where("created_at", "in", "['2026-02-01T10:00:00.5Z', 'x', 3]")).containsExactly("c2");
    }

    @Test
    void timestampFieldComparedWithANumberMatchesNothing() {
        assertThat(where("created_at", "gt", "0")).isEmpty();
    }

    @Test
    void inMatchesWhenTheValueOrAnyElementIsListed() {
        assertThat(where("metadata.team", "in", "['ADS', 'x']")).containsExactly("c2", "c3");
        assertThat(where("num_clusters", "in", "[5.0, 9]")).containsExactly("c1");
        assertThat(where("num_clusters", "in", "[null]")).containsExactly("c3", "c4");
        assertThat(where("num_clusters", "in", "[]")).isEmpty();
    }

    @Test
    void ninIsTheNegationOfInAndMatchesAMissingField() {
        assertThat(where("metadata.team", "nin", "['ADS', 'x']")).containsExactly("c1", "c4");
        assertThat(where("num_clusters", "nin", "[]")).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void containsIsASubstringOnStringsAndElementEqualityOnArrays() {
        assertThat(where("cluster_name", "contains", "'SEARCH'")).containsExactly("c1");
        assertThat(where("metadata.tags", "contains", "'blue'")).containsExactly("c1");
        assertThat(where("metadata.tags", "contains", "'re'")).containsExactly("c2");
        assertThat(whereCaseSensitive("input_collections", "contains", "'COL_A'")).containsExactly("c4");
        assertThat(where("num_clusters", "contains", "5")).isEmpty();
    }

    @Test
    void startsWithAndEndsWithWorkOnFoldedStrings() {
        assertThat(where("cluster_name", "starts_with", "'ALPHA'")).containsExactly("c1");
        assertThat(whereCaseSensitive("cluster_name", "starts_with", "'alpha'")).isEmpty();
        assertThat(where("cluster_name", "ends_with", "'TA'")).containsExactly("c2", "c4");
        assertThat(where("input_collections", "ends_with", "'_c'")).containsExactly("c2");
    }

    @Test
    void regexIsFoundAnywhereAndIgnoresCaseUnlessCaseSensitive() {
        assertThat(where("cluster_name", "regex", "'^a.*E$'")).containsExactly("c1");
        assertThat(where("cluster_name", "regex", "'amm'")).containsExactly("c3");
        assertThat(whereCaseSensitive("cluster_name", "regex", "'^[A-Z]'")).containsExactly("c1", "c3");
        assertThat(where("num_clusters", "regex", "'5'")).isEmpty();
    }

    @Test
    void existsIsTrueForAPresentNullAndFalseForAnAbsentField() {
        assertThat(where("metadata.owner", "exists", "true")).containsExactly("c1");
        assertThat(where("metadata.owner", "exists", "false")).containsExactly("c2", "c3", "c4");
        assertThat(where("parent_cluster_id", "exists", "true")).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void isNullIsTrueForNullOrAbsentAndFalseForANonNullValue() {
        assertThat(where("metadata.nested.x", "is_null", "true")).containsExactly("c3", "c4");
        assertThat(where("metadata.nested.x", "is_null", "false")).containsExactly("c1", "c2");
        assertThat(where("metadata", "is_null", "false")).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void textNeedsEveryWordOfTheValueAsAWordOfTheField() {
        assertThat(where("cluster_name", "text", "'engine ALPHA'")).containsExactly("c1");
        assertThat(where("cluster_name", "text", "'search-engine!'")).containsExactly("c1");
        assertThat(where("cluster_name", "text", "'alp'")).isEmpty();
        assertThat(where("metadata.tags", "text", "'tape'")).containsExactly("c2");
        assertThat(whereCaseSensitive("cluster_name", "text", "'engine'")).isEmpty();
    }

    @Test
    void aPathThatCrossesAnArrayMatchesWhenAnyElementMatches() {
        assertThat(where("hierarchy_relationships.level", "gt", "1")).containsExactly("c1");
        assertThat(where("hierarchy_relationships.parent", "eq", "'P2'")).containsExactly("c1");
        assertThat(where("hierarchy_relationships.parent", "ne", "'p2'")).containsExactly("c2", "c3", "c4");
    }

    @Test
    void aPathThroughAScalarOrMissingKeyResolvesToNothing() {
        assertThat(where("metadata.team.name", "exists", "true")).isEmpty();
        assertThat(where("metadata.nested.x.y", "is_null", "true")).containsExactly("c1", "c2", "c3", "c4");
    }
}
