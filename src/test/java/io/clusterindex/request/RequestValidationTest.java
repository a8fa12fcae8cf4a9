package io.clusterindex.request;

import static io.clusterindex.engine.EngineFixtures.errors;
import static io.clusterindex.engine.EngineFixtures.json;
import static io.clusterindex.engine.EngineFixtures.loc;
import static io.clusterindex.engine.EngineFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortDirection;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.filter.MatchAll;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestValidationTest {

    private static ValidationError onlyError(String body) {
        List<ValidationError> errors = errors(body);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private static void assertSingleError(String body, List<Object> location, String type) {
        ValidationError error = onlyError(body);
        assertThat(error.location()).isEqualTo(location);
        assertThat(error.type()).isEqualTo(type);
    }

    private static String condition(String field, String operator, String value) {
        return "{'filters': {'AND': [{'field': '" + field + "', 'operator': '" + operator + "', 'value': " + value
                + "}]}}";
    }

    private static final List<Object> VALUE = loc("body", "filters", "AND", 0, "value");

    @Test
    void absentOrNullBodyMeansNoFiltersAndDefaults() {
        for (JsonNode body : Arrays.asList(null, NullNode.getInstance(), MissingNode.getInstance(), json("{}"))) {
            ListQuery query = query(body, null, null);
            assertThat(query.filter()).isSameAs(MatchAll.INSTANCE);
            assertThat(query.search().terms()).isEmpty();
            assertThat(query.sort()).isEqualTo(SortSpec.DEFAULT);
            assertThat(query.limit()).isEqualTo(10);
            assertThat(query.offset()).isZero();
        }
    }

    @Test
    void unknownTopLevelBodyKeysAreIgnored() {
        ListQuery query = query("{'return_url': true, 'filters': null, 'sort': null, 'search': null}");
        assertThat(query.filter()).isSameAs(MatchAll.INSTANCE);
    }

    @Test
    void aBodyThatIsNotAnObjectIsATypeError() {
        assertSingleError("[1]", loc("body"), ErrorTypes.TYPE_ERROR);
    }

    @Test
    void filtersSortAndSearchOfTheWrongJsonTypeAreTypeErrors() {
        List<ValidationError> errors = errors("{'filters': [], 'sort': 'created_at', 'search': 5}");
        assertThat(errors).extracting(ValidationError::location)
                .containsExactly(loc("body", "filters"), loc("body", "sort"), loc("body", "search"));
        assertThat(errors).extracting(ValidationError::type).containsOnly(ErrorTypes.TYPE_ERROR);
    }

    @Test
    void unknownOperatorIsLocatedAtTheOperator() {
        List<ValidationError> errors = errors("{'filters': {'AND': [{'field': 'status', 'value': 'x'},"
                + " {'field': 'status', 'value': 'x'}, {'field': 'status', 'operator': 'like', 'value': 'x'}]}}");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).location()).isEqualTo(loc("body", "filters", "AND", 2, "operator"));
        assertThat(errors.get(0).type()).isEqualTo(ErrorTypes.VALUE_ERROR);
        assertThat(errors.get(0).message()).contains("'like'", "starts_with", "is_null");
    }

    @Test
    void operatorThatIsNotAStringIsATypeError() {
        assertSingleError("{'filters': {'field': 'status', 'operator': 1, 'value': 'x'}}",
                loc("body", "filters", "operator"), ErrorTypes.TYPE_ERROR);
    }

    @Test
    void unknownTopLevelFieldListsTheKnownOnes() {
        ValidationError error = onlyError("{'filters': {'OR': [{'field': 'colour', 'value': 'red'}]}}");
        assertThat(error.location()).isEqualTo(loc("body", "filters", "OR", 0, "field"));
        assertThat(error.type()).isEqualTo(ErrorTypes.VALUE_ERROR);
        assertThat(error.message()).contains("'colour'", "cluster_id", "metadata", "updated_at");
    }

    @Test
    void unknownTopLevelFieldBelowADottedPathIsAlsoRejected() {
        assertSingleError("{'filters': {'meta.team': 'x'}}", loc("body", "filters", "meta.team"),
                ErrorTypes.VALUE_ERROR);
    }

    @Test
    void dottedPathBelowAScalarFieldIsRejected() {
        assertSingleError(condition("cluster_name.first", "eq", "'x'"), loc("body", "filters", "AND", 0, "field"),
                ErrorTypes.VALUE_ERROR);
    }

    @Test
    void emptyPathSegmentIsRejected() {
        assertSingleError(condition("metadata..team", "eq", "'x'"), loc("body", "filters", "AND", 0, "field"),
                ErrorTypes.VALUE_ERROR);
    }

    @Test
    void missingFieldIsReportedAsMissing() {
        assertSingleError("{'filters': {'AND': [{'operator': 'eq', 'value': 1}]}}",
                loc("body", "filters", "AND", 0, "field"), ErrorTypes.MISSING);
    }

    @Test
    void fieldThatIsNotAStringIsATypeError() {
        assertSingleError("{'filters': {'AND': [{'field': 3, 'value': 1}]}}",
                loc("body", "filters", "AND", 0, "field"), ErrorTypes.TYPE_ERROR);
    }

    @Test
    void missingValueIsReportedAsMissing() {
        assertSingleError("{'filters': {'AND': [{'field': 'status', 'operator': 'exists'}]}}", VALUE,
                ErrorTypes.MISSING);
    }

    @Test
    void unknownKeyInAConditionIsForbidden() {
        assertSingleError("{'filters': {'AND': [{'field': 'status', 'value': 'x', 'case_sensitive': true}]}}",
                loc("body", "filters", "AND", 0, "case_sensitive"), ErrorTypes.EXTRA_FORBIDDEN);
    }

    @Test
    void eqNeAndContainsNeedAScalar() {
        assertSingleError(condition("status", "eq", "['x']"), VALUE, ErrorTypes.TYPE_ERROR);
        assertSingleError(condition("status", "ne", "{'a': 1}"), VALUE, ErrorTypes.TYPE_ERROR);
        assertSingleError(condition("input_collections", "contains", "['x']"), VALUE, ErrorTypes.TYPE_ERROR);
    }

    @Test
    void inAndNinNeedAList() {
        assertSingleError(condition("status", "in", "'x'"), VALUE, ErrorTypes.TYPE_ERROR);
        assertSingleError(condition("status", "nin", "null"), VALUE, ErrorTypes.TYPE_ERROR);
    }

    @Test
    void inListItemsMustBeScalarsEachLocatedByIndex() {
        List<ValidationError> errors = errors(condition("status", "in", "['a', ['b'], 'c', {'d': 1}]"));
        assertThat(errors).extracting(ValidationError::location).containsExactly(
                loc("body", "filters", "AND", 0, "value", 1), loc("body", "filters", "AND", 0, "value", 3));
        assertThat(errors).extracting(ValidationError::type).containsOnly(ErrorTypes.TYPE_ERROR);
    }

    @Test
    void inAcceptsOneThousandValuesButNotOneThousandAndOne() {
        query(condition("num_clusters", "in", list(1000)));
        assertSingleError(condition("num_clusters", "in", list(1001)), VALUE, ErrorTypes.LIMIT_EXCEEDED);
    }

    private static String list(int size) {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            values.append(i == 0 ? "" : ",").append(i);
        }
        return values.append(']').toString();
    }

    @Test
    void existsAndIsNullNeedABoolean() {
        assertSingleError(condition("status", "exists", "'yes'"), VALUE, ErrorTypes.TYPE_ERROR);
        assertSingleError(condition("status", "is_null", "1"), VALUE, ErrorTypes.TYPE_ERROR);
    }

    @Test
    void stringOperatorsNeedAString() {
        for (String operator : List.of("text", "starts_with", "ends_with", "regex")) {
            assertSingleError(condition("cluster_name", operator, "5"), VALUE, ErrorTypes.TYPE_ERROR);
        }
    }

    @Test
    void invalidRegexIsAValueError() {
        assertSingleError(condition("cluster_name", "regex", "'(unclosed'"), VALUE, ErrorTypes.VALUE_ERROR);
        assertSingleError(condition("cluster_name", "regex", "'(a)\\\\1'"), VALUE, ErrorTypes.VALUE_ERROR);
    }

    @Test
    void regexAcceptsFiveHundredTwelveCharactersButNotFiveHundredThirteen() {
        query(condition("cluster_name", "regex", "'" + "a".repeat(512) + "'"));
        assertSingleError(condition("cluster_name", "regex", "'" + "a".repeat(513) + "'"), VALUE,
                ErrorTypes.LIMIT_EXCEEDED);
    }

    @Test
    void regexWhoseCountedRepetitionsExpandBeyondTenThousandIsRefusedBeforeRE2CompilesIt() {
        query(condition("cluster_name", "regex", "'((ab){100}){50}'"));
        query(condition("cluster_name", "regex", "'(a{100}){100}'"));
        assertSingleError(condition("cluster_name", "regex", "'((ab){100}){51}'"), VALUE, ErrorTypes.LIMIT_EXCEEDED);
        assertSingleError(condition("cluster_name", "regex", "'((a{1000}){1000}){1000}'"), VALUE,
                ErrorTypes.LIMIT_EXCEEDED);
    }

    @Test
    void orderedOperatorsNeedANumberOrAString() {
        for (String value : List.of("true", "null", "[1]", "{'a': 1}")) {
            assertSingleError(condition("num_clusters", "gt", value), VALUE, ErrorTypes.TYPE_ERROR);
        }
    }

    @Test
    void orderedOperatorOnATimestampNeedsADateTime() {
        assertSingleError(condition("created_at", "gte", "'2026-13-01T00:00:00Z'"), VALUE, ErrorTypes.VALUE_ERROR);
        assertSingleError(condition("completed_at", "lt", "'yesterday'"), VALUE, ErrorTypes.VALUE_ERROR);
        query(condition("created_at", "gte", "'2026-11-28T10:15:30.250+01:00'"));
        query(condition("metadata.created_at", "gte", "'yesterday'"));
    }

    @Test
    void caseSensitiveMustBeABoolean() {
        assertSingleError("{'filters': {'OR': [{'case_sensitive': 'yes'}]}}",
                loc("body", "filters", "OR", 0, "case_sensitive"), ErrorTypes.TYPE_ERROR);
    }

    @Test
    void logicalKeysNeedListsAndItemsNeedObjects() {
        List<ValidationError> errors = errors("{'filters': {'AND': {'status': 'x'}, 'OR': 'x', 'NOT': 3,"
                + " 'metadata.x': [1]}}");
        assertThat(errors).extracting(ValidationError::location).containsExactly(loc("body", "filters", "AND"),
                loc("body", "filters", "OR"), loc("body", "filters", "NOT"), loc("body", "filters", "metadata.x"));
        assertThat(errors).extracting(ValidationError::type).containsOnly(ErrorTypes.TYPE_ERROR);
        assertSingleError("{'filters': {'AND': ['status']}}", loc("body", "filters", "AND", 0),
                ErrorTypes.TYPE_ERROR);
    }

    @Test
    void everyErrorIsCollectedNotJustTheFirst() {
        List<ValidationError> errors = errors(json("{'filters': {'AND': [{'field': 'nope', 'operator': 'in',"
                + " 'value': 'x', 'extra': 1}, {'NOT': {'field': 'status', 'operator': 'bogus', 'value': 1}}]},"
                + " 'sort': {'field': 'metadata', 'direction': 'up'}}"), "0", "x");
        assertThat(errors).extracting(ValidationError::location).containsExactly(
                loc("query", "limit"),
                loc("query", "offset"),
                loc("body", "filters", "AND", 0, "extra"),
                loc("body", "filters", "AND", 0, "field"),
                loc("body", "filters", "AND", 0, "value"),
                loc("body", "filters", "AND", 1, "NOT", "operator"),
                loc("body", "sort", "field"),
                loc("body", "sort", "direction"));
    }

    @Test
    void nineNestedGroupsExceedTheDepthLimitOfEight() {
        query("{'filters': " + nested(8) + "}");
        List<ValidationError> errors = errors("{'filters': " + nested(9) + "}");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).type()).isEqualTo(ErrorTypes.LIMIT_EXCEEDED);
        assertThat(errors.get(0).location()).isEqualTo(
                loc("body", "filters", "AND", 0, "AND", 0, "AND", 0, "AND", 0, "AND", 0, "AND", 0, "AND", 0, "AND", 0));
    }

    @Test
    void aSingleNotObjectCountsAsALevel() {
        String eight = "{'NOT': {'NOT': {'NOT': {'NOT': {'NOT': {'NOT': {'NOT': {'status': 'x'}}}}}}}}";
        query("{'filters': " + eight + "}");
        assertThat(errors("{'filters': {'NOT': " + eight + "}}")).extracting(ValidationError::type)
                .containsExactly(ErrorTypes.LIMIT_EXCEEDED);
    }

    /** {@code depth} nested groups (the outermost is depth 1), with a condition in the innermost one. */
    private static String nested(int depth) {
        String group = "{'field': 'status', 'value': 'x'}";
        group = "{'AND': [" + group + "]}";
        for (int level = depth - 1; level > 0; level--) {
            group = "{'AND': [" + group + "]}";
        }
        return group;
    }

    @Test
    void twoHundredAndOneConditionsExceedTheLimit() {
        query("{'filters': {'OR': [" + conditions(200) + "]}}");
        List<ValidationError> errors = errors("{'filters': {'OR': [" + conditions(200) + "], 'metadata.x': 1}}");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).location()).isEqualTo(loc("body", "filters"));
        assertThat(errors.get(0).type()).isEqualTo(ErrorTypes.LIMIT_EXCEEDED);
        assertThat(errors.get(0).message()).contains("201");
    }

    private static String conditions(int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{'field': 'num_clusters', 'value': ").append(i).append('}');
        }
        return items.toString();
    }

    @Test
    void sortOnAnObjectOrArrayFieldIsRejected() {
        assertSingleError("{'sort': {'field': 'metadata'}}", loc("body", "sort", "field"), ErrorTypes.VALUE_ERROR);
        assertSingleError("{'sort': {'field': 'input_collections'}}", loc("body", "sort", "field"),
                ErrorTypes.VALUE_ERROR);
        assertSingleError("{'sort': {'field': 'hierarchy_relationships.level'}}", loc("body", "sort", "field"),
                ErrorTypes.VALUE_ERROR);
        assertSingleError("{'sort': {'field': 'status.x'}}", loc("body", "sort", "field"), ErrorTypes.VALUE_ERROR);
    }

    @Test
    void sortNeedsAKnownFieldAndADirectionOfAscOrDesc() {
        assertSingleError("{'sort': {'field': 'colour'}}", loc("body", "sort", "field"), ErrorTypes.VALUE_ERROR);
        assertSingleError("{'sort': {'direction': 'asc'}}", loc("body", "sort", "field"), ErrorTypes.MISSING);
        assertSingleError("{'sort': {'field': 'status', 'direction': 'ASC'}}", loc("body", "sort", "direction"),
                ErrorTypes.VALUE_ERROR);
        assertSingleError("{'sort': {'field': 'status', 'direction': 1}}", loc("body", "sort", "direction"),
                ErrorTypes.TYPE_ERROR);
        assertSingleError("{'sort': {'field': 'status', 'order': 'asc'}}", loc("body", "sort", "order"),
                ErrorTypes.EXTRA_FORBIDDEN);
    }

    @Test
    void sortDefaultsToAscendingAndAcceptsDottedPaths() {
        ListQuery query = query("{'sort': {'field': 'metadata.priority'}}");
        assertThat(query.sort().field().toString()).isEqualTo("metadata.priority");
        assertThat(query.sort().direction()).isEqualTo(SortDirection.ASC);
    }

    @Test
    void limitAndOffsetAreCheckedIntegersWithinTheirRanges() {
        assertThat(query(null, "1000", "10000").limit()).isEqualTo(1000);
        assertThat(query(null, "1", "0").offset()).isZero();
        for (String bad : List.of("0", "1001", "-1", "99999999999999999999")) {
            assertThat(errors(null, bad, null)).singleElement().satisfies(error -> {
                assertThat(error.location()).isEqualTo(loc("query", "limit"));
                assertThat(error.type()).isEqualTo(ErrorTypes.VALUE_ERROR);
            });
        }
        for (String bad : List.of("", "ten", "1.5", "+5", " 5", "1e3")) {
            assertThat(errors(null, bad, null)).singleElement().satisfies(error -> {
                assertThat(error.location()).isEqualTo(loc("query", "limit"));
                assertThat(error.type()).isEqualTo(ErrorTypes.TYPE_ERROR);
            });
        }
        assertThat(errors(null, null, "10001")).singleElement()
                .satisfies(error -> assertThat(error.location()).isEqualTo(loc("query", "offset")));
        assertThat(errors(null, null, "-1")).singleElement()
                .satisfies(error -> assertThat(error.type()).isEqualTo(ErrorTypes.VALUE_ERROR));
    }
}
