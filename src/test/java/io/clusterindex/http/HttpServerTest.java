package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.NamespaceReads;
import io.clusterindex.scatter.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every status, envelope and header of api.md (and of the internal endpoint), over fake services: no Kafka.
 */
class HttpServerTest {
    private static final String KEY = "sk_http";
    private static final String TOKEN = "internal-secret";
    private static final SortedMap<Integer, Long> HERE = new TreeMap<>(Map.of(0, 7L, 1, -1L, 2, 3L));
    private static final SortedMap<Integer, Long> AT = new TreeMap<>(Map.of(0, 10L, 1, 11L, 2, 12L));
    private static final ObjectNode CLUSTER = json("{\"cluster_id\":\"c1\",\"cluster_name\":\"one\"}");
    private static final Stats STATS = new Stats(2, 3, new TreeMap<>(Map.of("PENDING", 2L)));

    private final Reads reads = new Reads();
    private final Copies shard = new Copies();
    private final OneTenant tenancy = new OneTenant(KEY);
    private boolean ready = true;
    private boolean kafkaAnswers = true;
    private final HttpServer.Services services = new HttpServer.Services(reads, shard, InternalCredential.of(TOKEN),
            new Authenticator(tenancy), () -> HERE, () -> readiness(Health.Ready.of(ready, "RUNNING", 1, 2, 3, 4, 5, 6)));

    private Health.Ready readiness(Health.Ready view) {
        return kafkaAnswers ? view : view.kafkaUnreachable();
    }

    /** Answers what the test sets, and remembers what it was asked. */
    private static class Reads implements NamespaceReads {
        Answer<ListPage> list = new Answer.Found<>(ListPage.ofTrees(List.of(CLUSTER), 1, STATS, 0), Basis.at(AT));
        Answer<ViewDocument> get = new Answer.Found<>(ViewDocument.of(CLUSTER), Basis.at(AT));
        Answer<Stats> stats = new Answer.Found<>(STATS, Basis.at(AT));
        Consistency asked;
        ListRequest request;

        @Override
        public int eventPartitions() {
            return 3;
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            this.asked = consistency;
            this.request = request;
            return CompletableFuture.completedFuture(list);
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency) {
            this.asked = consistency;
            return CompletableFuture.completedFuture(get);
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            this.asked = consistency;
            return CompletableFuture.completedFuture(stats);
        }
    }

    /** This instance's share, as the internal endpoint serves it. */
    private static final class Copies implements Shard {
        Answer<ListPage> share = new Answer.Found<>(ListPage.ofTrees(List.of(CLUSTER), 1, STATS, 0),
                new Basis(AT, new TreeSet<>(List.of(1)), new TreeMap<>(Map.of(1, 4L))));
        Answer<ViewDocument> cluster = new Answer.NotFound<>(Basis.of(AT, new TreeSet<>(List.of(0, 1, 2))));
        SortedSet<Integer> partitions;

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return CompletableFuture.completedFuture(share);
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> partitions, Consistency consistency) {
            this.partitions = partitions;
            return CompletableFuture.completedFuture(share);
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
            return CompletableFuture.completedFuture(cluster);
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            return CompletableFuture.completedFuture(new Answer.Found<>(STATS, Basis.of(AT, new TreeSet<>(List.of(0)))));
        }
    }

    @Test
    void aListIsWrittenWithThePositionsItReflectsAndNoStaleHeaders() {
        HttpTest.test(services, http -> {
            RawHttp.Response response = http.send("POST", "/v1/clusters/list?limit=1", caller(), "{}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.header("X-View-Offsets")).isEqualTo("0:10,1:11,2:12");
            assertThat(response.header("X-View-Stale")).isNull();
            assertThat(response.header("X-View-Lag")).isNull();
            assertThat(response.body()).isEqualTo("{\"results\":[{\"cluster_id\":\"c1\",\"cluster_name\":\"one\"}],"
                    + "\"pagination\":{\"total\":1,\"page\":1,\"page_size\":1,\"total_pages\":1,\"next_page\":null,"
                    + "\"previous_page\":null,\"next_cursor\":null},\"total_count\":1,\"stats\":{\"total_clusters\":2,"
                    + "\"total_documents\":3,\"avg_documents_per_cluster\":1.5,\"clusters_by_status\":{\"PENDING\":2}}}");
            assertThat(reads.request.queryString()).isEqualTo("limit=1");
            assertThat(new String(reads.request.body())).isEqualTo("{}");
        });
    }

    /**
     * A page's clusters come as the stored view JSON (the index) or as trees (a full scan, another instance's
     * answer); either way the body is the same bytes: Jackson's UTF-8 output, which escapes a character outside the
     * Basic Multilingual Plane as a surrogate pair, as the stored JSON and the clusters-view topic have it.
     */
    @Test
    void aPageIsTheSameBytesWhetherItsClustersComeAsStoredJsonOrAsTrees() throws Exception {
        ObjectNode emoji = json("{\"cluster_id\":\"c1\",\"cluster_name\":\"smile \uD83D\uDE00 é\"}");
        List<String> bodies = new ArrayList<>();
        for (ViewDocument document : List.of(ViewDocument.of(emoji),
                ViewDocument.json(Json.MAPPER.writeValueAsBytes(emoji)))) {
            reads.list = new Answer.Found<>(new ListPage(List.of(document), 1, STATS), Basis.at(AT));
            HttpTest.test(services, http -> bodies.add(http.send("POST", "/v1/clusters/list", caller(), "{}").body()));
        }
        assertThat(bodies.get(0)).isEqualTo(bodies.get(1)).contains("\"cluster_name\":\"smile \\uD83D\\uDE00 é\"");
    }

    @Test
    void anAnswerPartlyFromStaleCopiesSaysSoWithTheirLags() {
        reads.get = new Answer.Found<>(ViewDocument.of(CLUSTER), new Basis(AT, new TreeSet<>(), new TreeMap<>(Map.of(1, 3L, 2, 1L))));
        reads.stats = new Answer.NotFound<>(new Basis(AT, new TreeSet<>(), new TreeMap<>(Map.of(0, 9L))));
        HttpTest.test(services, http -> {
            RawHttp.Response found = http.send("GET", "/v1/clusters/c1", caller(), null);
            RawHttp.Response missing = http.send("GET", "/v1/clusters/stats", caller(), null);

            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body()).isEqualTo("{\"cluster_id\":\"c1\",\"cluster_name\":\"one\"}");
            assertThat(found.headers()).contains("X-View-Offsets: 0:10,1:11,2:12", "X-View-Stale: true",
                    "X-View-Lag: 1:3,2:1");
            assertThat(missing.headers()).contains("X-View-Stale: true", "X-View-Lag: 0:9");
        });
    }

    @Test
    void aClusterNotFoundIs404WithTheEnvelopeAndThePositionsOfTheAnswer() {
        reads.get = new Answer.NotFound<>(Basis.at(AT));
        HttpTest.test(services, http -> {
            RawHttp.Response response = http.send("GET", "/v1/clusters/c9", caller(), null);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("X-View-Offsets")).isEqualTo("0:10,1:11,2:12");
            assertThat(response.body()).isEqualTo("{\"success\":false,\"status\":404,\"error\":{\"type\":"
                    + "\"NotFoundError\",\"message\":\"cluster 'c9' not found\",\"details\":{}}}");
        });
    }

    @Test
    void anAnswerNotServedIs503WithRetryAfterNamingTheTopicAndPartitions() {
        reads.list = new Answer.NotServed<>(FailureReason.NOT_COVERED, "no instance runs partition 2", "cluster-events",
                new TreeSet<>(List.of(2)), Basis.NONE);
        reads.stats = new Answer.NotServed<>(FailureReason.UNREACHABLE, "instance b:1 cannot be reached",
                "stats-topic", new TreeSet<>(List.of(0, 1)), Basis.at(AT));
        HttpTest.test(services, http -> {
            RawHttp.Response list = http.send("POST", "/v1/clusters/list", caller(), null);
            RawHttp.Response stats = http.send("GET", "/v1/clusters/stats", caller(), null);

            assertThat(list.status()).isEqualTo(503);
            assertThat(list.header("Retry-After")).isEqualTo("1");
            assertThat(list.header("X-View-Offsets")).as("no positions in the answer: this instance's")
                    .isEqualTo("0:7,1:-1,2:3");
            assertThat(list.body()).isEqualTo("{\"success\":false,\"status\":503,\"error\":{\"type\":"
                    + "\"ServiceUnavailableError\",\"message\":\"the view cannot answer yet: no instance runs partition 2\","
                    + "\"details\":{\"topic\":\"cluster-events\",\"partitions\":[2]}}}");
            assertThat(stats.header("X-View-Offsets")).isEqualTo("0:10,1:11,2:12");
            assertThat(envelope(stats).path("details").toString()).isEqualTo("{\"topic\":\"stats-topic\",\"partitions\":[0,1]}");
        });
    }

    @Test
    void aListRefusedForLoadIs429WithRetryAfterOnThePublicAndTheInternalEndpoint() {
        reads.list = new Answer.NotServed<>(FailureReason.BUSY, "too many list queries at once: 1 running and 64 "
                + "waiting; retry in a moment", "cluster-events", new TreeSet<>(List.of(0, 1, 2)), Basis.NONE);
        shard.share = Answer.notServed(FailureReason.BUSY, "waited 10000 ms for a turn among the list queries; retry "
                + "in a moment");
        HttpTest.test(services, http -> {
            RawHttp.Response list = http.send("POST", "/v1/clusters/list", caller(), "{}");
            assertError(list, 429, "TooManyRequestsError", "refused for load, retry after 1 s: too many list queries "
                    + "at once: 1 running and 64 waiting; retry in a moment");
            assertThat(list.header("Retry-After")).isEqualTo("1");

            RawHttp.Response share = http.send("POST", "/internal/v1/clusters/list", Map.of("X-Internal-Token", TOKEN,
                    "X-Organization-Id", "org_1", "X-Namespace-Id", "ns_1"), "{}");
            assertThat(share.status()).isEqualTo(429);
            assertThat(share.header("Retry-After")).isEqualTo("1");
            assertThat(envelope(share).path("type").textValue()).isEqualTo("TooManyRequestsError");
        });
    }

    @Test
    void everyRequestWithoutAValidKeyIs401WhateverItsPath() {
        HttpTest.test(services, http -> {
            assertError(http.send("POST", "/v1/clusters/list", Map.of(), null), 401, "UnauthorizedError",
                    "Authorization header is missing; send 'Authorization: Bearer <api key>'");
            assertError(http.send("GET", "/v1/clusters/c1", Map.of("Authorization", "Token " + KEY), null), 401,
                    "UnauthorizedError", "Authorization header must be 'Bearer <api key>'");
            assertError(http.send("GET", "/v1/nowhere", Map.of("Authorization", "Bearer sk_other"), null), 401,
                    "UnauthorizedError", "API key is unknown or revoked");
        });
    }

    @Test
    void aMissingNamespaceIs400AnUnknownOne404AndTablesStillLoading503() {
        HttpTest.test(services, http -> {
            assertError(http.send("GET", "/v1/clusters/stats", Map.of("Authorization", "Bearer " + KEY), null), 400,
                    "BadRequestError", "X-Namespace header is missing; send a namespace id or name");
            assertError(http.send("GET", "/v1/clusters/stats", with(caller(), "X-Namespace", "ns_9"), null), 404,
                    "NotFoundError", "namespace 'ns_9' not found");
            tenancy.available = false;
            RawHttp.Response loading = http.send("GET", "/v1/clusters/stats", caller(), null);
            assertError(loading, 503, "ServiceUnavailableError", "the api-keys and namespaces tables are still loading");
            assertThat(loading.header("Retry-After")).isEqualTo("1");
        });
    }

    @Test
    void badRequestsAre400Or422AndCarryThisInstancesPositions() {
        HttpTest.test(services, http -> {
            RawHttp.Response notJson = http.send("POST", "/v1/clusters/list", caller(), "{\"search\": ");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(envelope(notJson).path("message").textValue()).startsWith("request body is not valid JSON: ");
            assertThat(notJson.header("X-View-Offsets")).isEqualTo("0:7,1:-1,2:3");

            RawHttp.Response invalid = http.send("POST", "/v1/clusters/list?limit=0&offset=x", caller(),
                    "{\"search\": 5}");
            assertThat(invalid.status()).isEqualTo(422);
            JsonNode error = envelope(invalid);
            assertThat(error.path("type").textValue()).isEqualTo("ValidationError");
            assertThat(error.path("message").textValue()).isEqualTo("limit must be between 1 and 1000 (and 2 more "
                    + "problem(s))");
            assertThat(error.path("details").path("validation_errors").toString()).isEqualTo("[{\"location\":[\"query\","
                    + "\"limit\"],\"message\":\"limit must be between 1 and 1000\",\"type\":\"value_error\"},"
                    + "{\"location\":[\"query\",\"offset\"],\"message\":\"offset must be an integer\",\"type\":"
                    + "\"type_error\"},{\"location\":[\"body\",\"search\"],\"message\":\"search must be a string\","
                    + "\"type\":\"type_error\"}]");
            assertThat(invalid.header("X-View-Offsets")).isEqualTo("0:7,1:-1,2:3");
        });
    }

    @Test
    void aWrongMethodIs405AndABodyOver64KiB413() {
        HttpTest.test(services, http -> {
            assertError(http.send("GET", "/v1/clusters/list", caller(), null), 405, "MethodNotAllowedError",
                    "method GET is not allowed on /v1/clusters/list; use POST");
            assertError(http.send("DELETE", "/v1/clusters/stats", caller(), null), 405, "MethodNotAllowedError",
                    "Method Not Allowed");
            assertError(http.send("POST", "/v1/clusters/list", caller(), "{\"search\":\"" + "x".repeat(66_000) + "\"}"),
                    413, "PayloadTooLargeError", "request body is larger than 64 KiB");
        });
    }

    /**
     * A client that sends its whole body before it reads (java.net.http, RawHttp, most libraries) must read the 413
     * (or the 401 of a request refused before its body is read), not a reset connection: the server reads and drops a body of up to {@link HttpServer#SWALLOW_BYTES} before it
     * answers (in the manner of Tomcat's {@code maxSwallowSize}). ApiIT once failed on a 1 MiB body cut this way.
     */
    @Test
    void aBodyOverTheLimitButWithinTheSwallowIsAnswered413EveryTime() {
        HttpTest.test(services, http -> {
            for (int size : List.of(1024 * 1024, HttpServer.SWALLOW_BYTES)) {
                String body = "{\"search\":\"" + "x".repeat(size - 14) + "\"}";
                for (int i = 0; i < 25; i++) {
                    assertError(http.send("POST", "/v1/clusters/list", caller(), body), 413, "PayloadTooLargeError",
                            "request body is larger than 64 KiB");
                    assertError(http.send("POST", "/v1/clusters/list", Map.of(), body), 401, "UnauthorizedError",
                            "Authorization header is missing; send 'Authorization: Bearer <api key>'");
                }
            }
        });
    }

    @Test
    void minOffsetsAndWaitReachTheReadsAndDefaultToNoneAndFiveSeconds() {
        HttpTest.test(services, http -> {
            http.send("GET", "/v1/clusters/c1", caller(), null);
            assertThat(reads.asked.minimum()).isEmpty();
            assertThat(reads.asked.maxWait()).isEqualTo(Duration.ofSeconds(5));

            http.send("GET", "/v1/clusters/stats", with(with(caller(), "X-Min-Offsets", " 2 : 9 ,0:5"), "X-Wait-Ms",
                    "250"), null);
            assertThat(reads.asked.minimum()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 5L, 2, 9L)));
            assertThat(reads.asked.maxWait()).isEqualTo(Duration.ofMillis(250));
        });
    }

    @Test
    void badReadYourWritesHeadersAre400NamingTheHeader() {
        HttpTest.test(services, http -> {
            assertError(http.send("GET", "/v1/clusters/stats", with(caller(), "X-Min-Offsets", "0:5,0:6"), null), 400,
                    "BadRequestError", "X-Min-Offsets must hold each partition once; partition 0 is repeated "
                            + "(got '0:5,0:6')");
            assertError(http.send("GET", "/v1/clusters/stats", with(caller(), "X-Min-Offsets", "3:1"), null), 400,
                    "BadRequestError", "X-Min-Offsets names partition 3, which cluster-events does not have (it has "
                            + "partitions 0 to 2)");
            assertError(http.send("GET", "/v1/clusters/stats", with(caller(), "X-Wait-Ms", "soon"), null), 400,
                    "BadRequestError", "X-Wait-Ms must be a whole number of milliseconds from 0 to 30000 (got 'soon')");
        });
    }

    @Test
    void healthIsLiveAlwaysAndReadyOnlyWhenTheViewCanAnswer() {
        HttpTest.test(services, http -> {
            RawHttp.Response live = http.send("GET", "/health/live", Map.of(), null);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
            RawHttp.Response up = http.send("GET", "/health/ready", Map.of(), null);
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.header("Retry-After")).isNull();
            assertThat(up.body()).isEqualTo("{\"status\":\"READY\",\"streams_state\":\"RUNNING\",\"events_applied\":1,"
                    + "\"events_skipped_duplicates\":2,\"events_dead_lettered\":3,\"events_rerouted\":4,"
                    + "\"clusters_handed_over\":5,\"clusters_adopted\":6,\"kafka\":\"REACHABLE\"}");
            ready = false;
            RawHttp.Response down = http.send("GET", "/health/ready", Map.of(), null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isEqualTo("1");
            assertThat(down.body()).startsWith("{\"status\":\"NOT_READY\",");
        });
    }

    @Test
    void aViewThatCanAnswerIsNotReadyWhileKafkaDoesNotAnswerButStillServesReads() {
        HttpTest.test(services, http -> {
            kafkaAnswers = false;
            RawHttp.Response down = http.send("GET", "/health/ready", Map.of(), null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isEqualTo("1");
            assertThat(down.body()).startsWith("{\"status\":\"NOT_READY\",\"streams_state\":\"RUNNING\",")
                    .endsWith(",\"kafka\":\"UNREACHABLE\"}");
            kafkaAnswers = true;
            assertThat(http.send("GET", "/health/ready", Map.of(), null).status()).isEqualTo(200);
        });
    }

    @Test
    void theInternalEndpointAnswersSharesOnlyWithTheCredentialAndNamesWhatItCannotServe() {
        Map<String, String> internal = new LinkedHashMap<>(Map.of("X-Internal-Token", TOKEN,
                "X-Organization-Id", "org_1", "X-Namespace-Id", "ns_1"));
        HttpTest.test(services, http -> {
            assertError(http.send("POST", "/internal/v1/clusters/list", Map.of("X-Internal-Token", "guess"), "{}"),
                    401, "UnauthorizedError", "the internal endpoint needs the instances' shared X-Internal-Token");
            RawHttp.Response copies = http.send("POST", "/internal/v1/clusters/list-copies?limit=1",
                    with(new LinkedHashMap<>(internal), "X-Partitions", "1,2"), "{}");
            assertThat(copies.status()).isEqualTo(200);
            assertThat(shard.partitions).containsExactly(1, 2);
            assertThat(copies.body()).isEqualTo("{\"partitions\":[1],\"positions\":{\"0\":10,\"1\":11,\"2\":12},"
                    + "\"lags\":{\"1\":4},\"value\":{\"results\":[{\"cluster_id\":\"c1\",\"cluster_name\":\"one\"}],"
                    + "\"total\":1,\"skipped\":0,\"stats\":{\"total_clusters\":2,\"total_documents\":3,"
                    + "\"clusters_by_status\":{\"PENDING\":2}}}}");
            assertThat(http.send("GET", "/internal/v1/clusters/by-id?cluster_id=c9", internal, null).body())
                    .isEqualTo("{\"partitions\":[0,1,2],\"positions\":{\"0\":10,\"1\":11,\"2\":12},\"value\":null}");
            assertError(http.send("POST", "/internal/v1/clusters/list-copies", internal, "{}"), 400,
                    "BadRequestError", "X-Partitions must list partitions such as 0,2");
            assertError(http.send("GET", "/internal/v1/clusters/stats", Map.of("X-Internal-Token", TOKEN), null), 400,
                    "BadRequestError", "internal requests name the tenant in X-Organization-Id and X-Namespace-Id");

            shard.share = Answer.notServed(FailureReason.NOT_UP_TO_BOUND, "the view has not reached X-Min-Offsets",
                    new TreeSet<>(List.of(0, 2)));
            RawHttp.Response behind = http.send("POST", "/internal/v1/clusters/list", internal, "{}");
            assertThat(behind.status()).isEqualTo(503);
            assertThat(behind.header("Retry-After")).isEqualTo("1");
            assertThat(behind.body()).isEqualTo("{\"success\":false,\"status\":503,\"error\":{\"type\":"
                    + "\"ServiceUnavailableError\",\"message\":\"the view has not reached X-Min-Offsets\","
                    + "\"details\":{\"partitions\":[0,2]}}}");
        });
    }

    @Test
    void aFailureInsideTheServiceIs500WithoutItsStackTrace() {
        HttpServer.Services broken = new HttpServer.Services(new Reads() {
            @Override
            public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
                return CompletableFuture.failedFuture(new IllegalStateException("secret detail"));
            }
        }, shard, services.credential(), services.authenticator(), services.positions(), services.readiness());
        HttpTest.test(broken, http -> assertError(http.send("GET", "/v1/clusters/stats", caller(), null), 500,
                "InternalServerError", "internal error; the request was not answered"));
    }

    @Test
    void everyRequestIsReportedOnceWithItsRouteTemplateNeverItsPathAndItsFinalStatus() {
        List<String> served = new CopyOnWriteArrayList<>();
        RequestObserver observer = (method, route, status, nanos) -> {
            assertThat(nanos).isPositive();
            served.add(method + " " + route + " " + status);
        };
        HttpTest.test(services, observer, MetricsExposition.NONE, http -> {
            http.send("GET", "/v1/clusters/c1", caller(), null);
            http.send("GET", "/v1/clusters/c2?x=1", caller(), null);
            http.send("GET", "/v1/clusters/c1", Map.of(), null);
            http.send("GET", "/v1/clusters/stats", caller(), null);
            http.send("POST", "/v1/clusters/list", caller(), "{\"limit\": \"x\"");
            http.send("GET", "/v1/clusters/list", caller(), null);
            http.send("DELETE", "/v1/clusters/stats", caller(), null);
            http.send("POST", MetricsExposition.PATH, Map.of(), null);
            http.send("GET", "/no/such/path/" + System.nanoTime(), Map.of(), null);
            http.send("PROPFIND", "/health/live", Map.of(), null);
            http.send("GET", "/health/live", Map.of(), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> served.size() == 11);
        });
        assertThat(served).containsExactly(
                "GET /v1/clusters/{cluster_identifier} 200",
                "GET /v1/clusters/{cluster_identifier} 200",
                "GET /v1/clusters/{cluster_identifier} 401",
                "GET /v1/clusters/stats 200",
                "POST /v1/clusters/list 400",
                "GET /v1/clusters/list 405",
                "DELETE " + RequestObserver.UNMATCHED + " 405",
                "POST " + RequestObserver.UNMATCHED + " 405",
                "GET " + RequestObserver.UNMATCHED + " 404",
                RequestObserver.OTHER_METHOD + " " + RequestObserver.UNMATCHED + " 405",
                "GET /health/live 200");
    }

    @Test
    void metricsAreServedWithoutAKeyInTheFormatTheExpositionChoseForTheAcceptHeader() {
        List<String> accepted = new CopyOnWriteArrayList<>();
        MetricsExposition metrics = accept -> {
            accepted.add(String.valueOf(accept));
            return new MetricsExposition.Exposition("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    "# EOF\n");
        };
        HttpTest.test(services, RequestObserver.NONE, metrics, http -> {
            RawHttp.Response scrape = http.send("GET", MetricsExposition.PATH,
                    Map.of("Accept", "application/openmetrics-text;version=1.0.0"), null);
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type"))
                    .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(scrape.body()).isEqualTo("# EOF\n");
            http.send("GET", MetricsExposition.PATH, Map.of(), null);
            assertError(http.send("POST", MetricsExposition.PATH, Map.of(), null), 405, "MethodNotAllowedError",
                    "Method Not Allowed");
        });
        assertThat(accepted).containsExactly("application/openmetrics-text;version=1.0.0", "null");
    }

    private static void assertError(RawHttp.Response response, int status, String type, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"status\":" + status + ",\"error\":{\"type\":\""
                + type + "\",\"message\":" + Json.NODES.textNode(message) + ",\"details\":{}}}");
    }

    private static JsonNode envelope(RawHttp.Response response) {
        try {
            return Json.MAPPER.readTree(response.body()).path("error");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> caller() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + KEY);
        headers.put("X-Namespace", "default");
        return headers;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
