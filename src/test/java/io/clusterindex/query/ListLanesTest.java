package io.clusterindex.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * List queries with a regex the view index cannot narrow take turns in a lane of their own: they neither wait for the
 * other list queries nor hold them up.
 */
class ListLanesTest {
    private static final Admission ONE_AT_A_TIME = new Admission(1, 0, Duration.ofMillis(50));

    private static ListQuery query(String json) {
        ParsedRequest parsed;
        try {
            parsed = ListRequestParser.parse(Json.MAPPER.readTree(json.replace('\'', '"')), "10", "0");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(parsed).isInstanceOf(ParsedRequest.Valid.class);
        return ((ParsedRequest.Valid) parsed).query();
    }

    private static String regex(String pattern) {
        return "{'filters': {'AND': [{'field': 'cluster_name', 'operator': 'regex', 'value': '" + pattern + "'}]}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"^(([a-z])+.)+[A-Z]([a-z])+$", "[a-z]{50}", ".*", "^a.b"})
    void aRegexWithoutThreeCharactersAMatchMustContainEvaluatesEveryValue(String pattern) {
        assertThat(ViewIndex.evaluatesEveryValue(query(regex(pattern)))).isTrue();
        // anywhere in the filter tree, negated or in an alternative
        assertThat(ViewIndex.evaluatesEveryValue(query("{'filters': {'OR': [{'field': 'status', 'operator': 'eq',"
                + " 'value': 'COMPLETED'}, {'NOT': [{'field': 'cluster_name', 'operator': 'regex', 'value': '"
                + pattern + "'}]}]}}"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^alpha-beta", "word", "(abc|abd){3}"})
    void aRegexTheTrigramsNarrowAndOtherQueriesDoNot(String pattern) {
        assertThat(ViewIndex.evaluatesEveryValue(query(regex(pattern)))).isFalse();
        assertThat(ViewIndex.evaluatesEveryValue(query("{'search': 'alpha', 'filters': {'AND': [{'field': 'status',"
                + " 'operator': 'in', 'value': ['COMPLETED', 'FAILED']}]}}"))).isFalse();
        assertThat(ViewIndex.evaluatesEveryValue(query("{}"))).isFalse();
    }

    @Test
    void anUnnarrowedRegexNeitherWaitsForTheOtherQueriesNorHoldsThemUp() throws Exception {
        ListLanes lanes = new ListLanes(ONE_AT_A_TIME);
        ListQuery plain = query("{'filters': {'AND': [{'field': 'status', 'operator': 'eq', 'value': 'COMPLETED'}]}}");
        ListQuery costly = query(regex("^(([a-z])+.)+[A-Z]([a-z])+$"));

        // a plain query holds the one list permit: a costly one still runs, a second plain one is refused
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = PermitsTest.holdTheOnlyPermit(lanes.of(plain), release);
        assertThat(lanes.of(costly).run(() -> Answer.found("costly"))).isEqualTo(Answer.found("costly"));
        assertThat(lanes.of(plain).run(() -> Answer.found("plain"))).isInstanceOfSatisfying(Answer.NotServed.class,
                notServed -> assertThat(notServed.reason()).isEqualTo(FailureReason.BUSY));
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));

        // a costly query holds its lane: plain queries run, a second costly one is refused, naming its lane
        CountDownLatch releaseCostly = new CountDownLatch(1);
        CompletableFuture<Answer<String>> held = PermitsTest.holdTheOnlyPermit(lanes.of(costly), releaseCostly);
        assertThat(lanes.of(plain).run(() -> Answer.found("plain"))).isEqualTo(Answer.found("plain"));
        assertThat(lanes.of(costly).run(() -> Answer.found("costly"))).isInstanceOfSatisfying(Answer.NotServed.class,
                notServed -> assertThat(notServed.message()).isEqualTo("too many list queries with a regex the index"
                        + " cannot narrow at once: 1 running and 0 waiting; retry in a moment"));
        releaseCostly.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
    }

    @Test
    void aQuerySpreadsOverIdleCoresOnlyWhenNoOtherListQueryWaitsOrCostlyOneRuns() throws Exception {
        ListLanes lanes = new ListLanes(new Admission(1, 4, Duration.ofSeconds(30)));
        ListQuery plain = query("{'filters': {'AND': [{'field': 'status', 'operator': 'eq', 'value': 'COMPLETED'}]}}");
        ListQuery costly = query(regex("^(([a-z])+.)+[A-Z]([a-z])+$"));
        assertThat(lanes.of(plain).run(() -> Answer.found(lanes.mayUseIdleCores(lanes.of(plain)))))
                .as("alone").isEqualTo(Answer.found(true));
        assertThat(lanes.of(costly).run(() -> Answer.found(lanes.mayUseIdleCores(lanes.of(costly)))))
                .as("a regex the index cannot narrow, even alone").isEqualTo(Answer.found(false));

        // a plain query holds the permit and another waits for it: the holder must leave a core free
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> holder = PermitsTest.holdTheOnlyPermit(lanes.of(plain), release);
        CompletableFuture<Answer<String>> waiter = PermitsTest.onItsOwnThread(() ->
                lanes.of(plain).run(() -> Answer.found("waiter")));
        await().atMost(Duration.ofSeconds(30)).until(() -> lanes.of(plain).waiting() == 1);
        assertThat(lanes.mayUseIdleCores(lanes.of(plain))).as("another list query waits").isFalse();
        release.countDown();
        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("waiter"));

        // a costly query runs in its lane: a plain query beside it must leave a core free
        CountDownLatch releaseCostly = new CountDownLatch(1);
        CompletableFuture<Answer<String>> costlyHeld = PermitsTest.holdTheOnlyPermit(lanes.of(costly), releaseCostly);
        assertThat(lanes.of(plain).run(() -> Answer.found(lanes.mayUseIdleCores(lanes.of(plain)))))
                .as("a costly query runs").isEqualTo(Answer.found(false));
        releaseCostly.countDown();
        assertThat(costlyHeld.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
        assertThat(lanes.of(plain).run(() -> Answer.found(lanes.mayUseIdleCores(lanes.of(plain)))))
                .as("alone again").isEqualTo(Answer.found(true));
    }
}
