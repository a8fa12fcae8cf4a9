package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VariedQueriesTest {
    private static final int DRAWS = 1000;

    @Test
    void everyRequestOfTheContinuousQueriesIsNewInAThousandDraws() {
        for (Function<SplittableRandom, QueryMix.Draw> query : List.<Function<SplittableRandom, QueryMix.Draw>>of(
                VariedQueries::q2v, VariedQueries::q5v, VariedQueries::q8)) {
            assertThat(distinctBodies(query, DRAWS)).isEqualTo(DRAWS);
        }
    }

    @Test
    void theOtherVariedQueriesRarelyRepeatARequest() {
        for (QueryMix.Query query : VariedQueries.all()) {
            assertThat(distinctBodies(query.draws(), 200)).as(query.name()).isGreaterThanOrEqualTo(190);
        }
    }

    @Test
    void instantsAndPrioritiesStayInsideTheDatasetsRanges() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        Set<Long> millis = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            JsonNode and = body(VariedQueries.q8(random)).path("filters").path("AND");
            Instant from = Instant.parse(and.get(0).path("value").textValue());
            assertThat(from).isBetween(QueryDataset.CREATED_FROM, QueryDataset.CREATED_UNTIL);
            millis.add(from.toEpochMilli() % 1000);
            assertThat(and.get(1).path("value").intValue()).isBetween(0, QueryDataset.PRIORITY_MAX);
        }
        assertThat(millis).as("instants are drawn to the millisecond").hasSizeGreaterThan(500);
    }

    @Test
    void statusSubsetsAreNonEmptyAndMadeOfTheDatasetsStatuses() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            JsonNode statuses = body(VariedQueries.q2v(random)).path("filters").path("AND").get(0).path("value");
            assertThat(statuses.size()).isPositive();
            statuses.forEach(s -> seen.add(s.textValue()));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(QueryDataset.STATUSES);
    }

    @Test
    void searchWordsAreThreeToEightCharacterSubstringsOfTheDatasetsWords() {
        for (long seed = 0; seed < DRAWS; seed++) {
            String word = QueryDataset.drawWord(new SplittableRandom(seed));
            String term = VariedQueries.searchWord(new SplittableRandom(seed));
            assertThat(term).hasSizeBetween(VariedQueries.MIN_WORD, VariedQueries.MAX_WORD).doesNotContain(" ");
            assertThat(word).contains(term);
        }
    }

    @Test
    void aNameRegexIsAnchoredAndMatchesTheNameItWasBuiltFrom() {
        SplittableRandom random = new SplittableRandom(11);
        Set<String> shapes = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            String name = QueryDataset.drawName(random);
            String regex = VariedQueries.nameRegex(random, name);
            assertThat(regex).startsWith("^");
            assertThat(Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(name).find()).as(regex).isTrue();
            assertThat(Pattern.compile(regex).matcher("x" + name).find()).as(regex).isFalse();
            shapes.add(regex.contains("[0-9]") ? "digits" : regex.contains(".*") ? "gap" : "prefix");
        }
        assertThat(shapes).containsExactlyInAnyOrder("digits", "gap", "prefix");
    }

    @Test
    void escapingMakesEveryMetacharacterLiteral() {
        String literal = "a.b*c+d?(e)|[f]{2}^$\\g #1";
        Pattern pattern = Pattern.compile("^" + VariedQueries.escape(literal) + "$");
        assertThat(pattern.matcher(literal).matches()).isTrue();
        assertThat(pattern.matcher("aXb*c+d?(e)|[f]{2}^$\\g #1").matches()).isFalse();
        assertThat(VariedQueries.escape("Support tickets by topic #12")).isEqualTo("Support tickets by topic #12");
    }

    @Test
    void q8sExpectationHoldsEveryConditionOfItsBody() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            QueryMix.Draw draw = VariedQueries.q8(random);
            JsonNode body = body(draw);
            String word = body.path("search").textValue();
            Instant from = Instant.parse(body.path("filters").path("AND").get(0).path("value").textValue());
            int priority = body.path("filters").path("AND").get(1).path("value").intValue();
            assertThat(draw.matches().test(cluster("x" + word.toUpperCase() + "y", from, priority))).isTrue();
            assertThat(draw.matches().test(cluster("~~~", from, priority))).isFalse();
            assertThat(draw.matches().test(cluster(word, from.minusMillis(1), priority))).isFalse();
            assertThat(draw.matches().test(cluster(word, from, priority - 1))).isFalse();
        }
    }

    private static JsonNode cluster(String name, Instant createdAt, int priority) {
        ObjectNode cluster = Json.NODES.objectNode().put("cluster_id", "c").put("cluster_name", name)
                .put("created_at", Timestamps.format(createdAt));
        cluster.putObject("metadata").put("priority", priority);
        return cluster;
    }

    private static int distinctBodies(Function<SplittableRandom, QueryMix.Draw> query, int draws) {
        SplittableRandom random = new SplittableRandom(42);
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            QueryClient.Request request = query.apply(random).request();
            bodies.add(request.path() + new String(request.body(), StandardCharsets.UTF_8));
        }
        return bodies.size();
    }

    private static JsonNode body(QueryMix.Draw draw) throws IOException {
        return Json.MAPPER.readTree(draw.request().body());
    }
}
