package io.clusterindex.api;

import static io.clusterindex.api.ApiClient.LIST;
import static io.clusterindex.api.ApiClient.STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusterindex.api.ApiClient.Response;
import io.clusterindex.api.OpenApiContract.Exchange;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.http.EventStreamReader;
import io.clusterindex.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real requests to a running indexer (embedded broker, stream processor, HTTP server, as {@code java -jar} starts
 * them) checked against {@code openapi.json} by {@link OpenApiContract}: for every operation, requests that produce
 * each status it documents (all but 500, which only a bug produces), each request checked against the operation's
 * parameters and body schema (and refused by them when the server refuses it for a reason the schemas state), each
 * response's body and headers against the documented response of its status. The indexer allows one open stats
 * stream ({@code STATS_STREAM_MAX_OPEN=1}), so that holding one open produces the 429, and heartbeats every 200 ms,
 * so that a closed stream frees its slot soon. The stream's 503 is not produced here: the indexer has read
 * {@code cluster-stats} to its end before its first answer, so {@code OpenApiDocumentTest} produces it on a server
 * whose live stats are not read yet.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
    private static final String KEY = "sk_dev_local";
    private static final String NAMESPACE = "default";
    private static final String CLUSTER = "/v1/clusters/{cluster_identifier}";
    private static final String STREAM = "/v1/clusters/stats/stream";
    private static final String FAR_AHEAD = "0:999999999";
    /** A header that takes the request over the 8 KiB of headers: a 431. */
    private static final String PADDING = "p".repeat(9 * 1024);
    /** The 429 of a list refused for load: {@code OpenApiDocumentTest} produces it, over a server kept busy. */
    private static final String REFUSED_FOR_LOAD = "429";
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final Path stateDir = Path.of("target", "it-openapi-" + UUID.randomUUID()).toAbsolutePath();
    private final OpenApiContract contract = OpenApiContract.load();
    private final List<Response> notReadyAnswers = new ArrayList<>();
    private ClusterIndexApp app;
    private ApiClient api;

    @BeforeAll
    void startAndPublishThreeClusters() throws Exception {
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of(
                "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0", "EMBEDDED_KAFKA_PORT", "0",
                "STATS_STREAM_MAX_OPEN", "1", "STATS_STREAM_HEARTBEAT_MS", "200")));
        api = new ApiClient(app.httpPort());
        await("indexer ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Response ready = api.get("/health/ready", Map.of());
            if (ready.status() != 200 && notReadyAnswers.size() < 3) {
                notReadyAnswers.add(ready);
            }
            return ready.status() == 200 && api.get(STATS, caller()).status() == 200;
        });
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> event : events()) {
                producer.send(event).get(30, TimeUnit.SECONDS);
            }
        }
        await("three clusters in their last state").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Response list = api.list(KEY, NAMESPACE, null, null);
                    return list.status() == 200 && list.json().path("stats").path("clusters_by_status")
                            .equals(Json.MAPPER.valueToTree(Map.of("COMPLETED_WITH_ERRORS", 1, "FAILED", 1,
                                    "PENDING", 1)));
                });
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void listAnswersKeepTheDocument() {
        Exchange firstPage = send(200, "POST", LIST, LIST + "?limit=1", caller(), "{}", true);
        String cursor = firstPage.response().json().path("pagination").path("next_cursor").textValue();
        List<Exchange> exchanges = List.of(firstPage,
                send(200, "POST", LIST, LIST, caller(), null, true),
                send(200, "POST", LIST, LIST + "?limit=1&cursor=" + cursor, caller(), "{}", true),
                send(200, "POST", LIST, LIST + "?limit=1&offset=2&include_total=true", caller(), "null", true),
                send(200, "POST", LIST, LIST + "?limit=5", caller(), """
                        {"filters": {"AND": [{"field": "metadata.team", "operator": "eq", "value": "search"},
                                             {"field": "num_clusters", "operator": "gte", "value": 10}],
                                     "NOT": {"field": "status", "operator": "in", "value": ["CANCELED"]},
                                     "case_sensitive": false},
                         "sort": {"field": "cluster_name", "direction": "desc"}, "search": "nightly"}""", true),
                send(200, "POST", LIST, LIST, caller(), "{\"filters\": {\"cluster_type\": \"attribute\"}}", true),
                send(200, "POST", LIST, LIST, with(caller(), "X-Min-Offsets", "0:-1", "X-Wait-Ms", "1000"), "{}",
                        true),
                send(400, "POST", LIST, LIST, caller(), "{\"filters\": ", false),
                send(400, "POST", LIST, LIST, ApiClient.caller(KEY, null), "{}", false),
                send(400, "POST", LIST, LIST, with(caller(), "X-Min-Offsets", "zero:1"), "{}", false),
                send(400, "POST", LIST, LIST, with(caller(), "X-Min-Offsets", "9:1"), "{}", true),
                send(400, "POST", LIST, LIST, with(caller(), "X-Min-Offsets", "0:1", "X-Wait-Ms", "30001"), "{}",
                        false),
                send(401, "POST", LIST, LIST, ApiClient.caller(null, NAMESPACE), "{}", false),
                send(401, "POST", LIST, LIST, ApiClient.caller("sk_unknown", NAMESPACE), "{}", true),
                send(401, "POST", LIST, LIST, Map.of("Authorization", "Basic " + KEY, "X-Namespace", NAMESPACE),
                        "{}", false),
                send(404, "POST", LIST, LIST, ApiClient.caller(KEY, "no-such-namespace"), "{}", true),
                send(413, "POST", LIST, LIST, caller(), "{\"search\": \"" + "x".repeat(70_000) + "\"}", true),
                send(422, "POST", LIST, LIST, caller(), condition("status", "like", "\"x\""), false),
                send(422, "POST", LIST, LIST, caller(), condition("nope", "eq", "1"), false),
                send(422, "POST", LIST, LIST, caller(), condition("status", "in", "\"PENDING\""), false),
                send(422, "POST", LIST, LIST, caller(), condition("cluster_id.part", "eq", "1"), true),
                send(422, "POST", LIST, LIST, caller(), "{\"sort\": {\"field\": \"cluster_name\", \"order\": 1}}",
                        false),
                send(422, "POST", LIST, LIST, caller(), "{\"sort\": {\"field\": \"input_collections\"}}", true),
                send(422, "POST", LIST, LIST, caller(), "[1, 2]", false),
                send(422, "POST", LIST, LIST + "?limit=0", caller(), null, false),
                send(422, "POST", LIST, LIST + "?limit=ten", caller(), null, false),
                send(422, "POST", LIST, LIST + "?limit=2&cursor=" + cursor, caller(), "{}", true),
                send(431, "POST", LIST, LIST, with(caller(), "X-Padding", PADDING), "{}", true),
                send(503, "POST", LIST, LIST, with(caller(), "X-Min-Offsets", FAR_AHEAD, "X-Wait-Ms", "0"), "{}",
                        true));

        assertKeptAndEveryStatusSeen("POST", LIST, exchanges, REFUSED_FOR_LOAD);
    }

    @Test
    void getAnswersKeepTheDocument() {
        List<Exchange> exchanges = List.of(
                get(200, CLUSTER, "/v1/clusters/clust_oa_1", caller(), true),
                get(200, CLUSTER, "/v1/clusters/" + encode("attribute clusters"), caller(), true),
                get(200, CLUSTER, "/v1/clusters/clust_oa_3", caller(), true),
                get(400, CLUSTER, "/v1/clusters/clust_oa_1", ApiClient.caller(KEY, " "), false),
                get(400, CLUSTER, "/v1/clusters/clust_oa_1", with(caller(), "X-Wait-Ms", "soon"), false),
                get(401, CLUSTER, "/v1/clusters/clust_oa_1", ApiClient.caller(null, NAMESPACE), false),
                get(404, CLUSTER, "/v1/clusters/clust_none", caller(), true),
                get(404, CLUSTER, "/v1/clusters/clust_oa_1", ApiClient.caller(KEY, "no-such-namespace"), true),
                get(431, CLUSTER, "/v1/clusters/clust_oa_1", with(caller(), "X-Padding", PADDING), true),
                get(503, CLUSTER, "/v1/clusters/clust_oa_1", with(caller(), "X-Min-Offsets", FAR_AHEAD,
                        "X-Wait-Ms", "0"), true));

        assertKeptAndEveryStatusSeen("GET", CLUSTER, exchanges, REFUSED_FOR_LOAD);
    }

    @Test
    void statsAnswersKeepTheDocument() {
        List<Exchange> exchanges = List.of(
                get(200, STATS, STATS, caller(), true),
                get(200, STATS, STATS, with(caller(), "X-Min-Offsets", "0:-1,1:-1,2:-1"), true),
                get(400, STATS, STATS, ApiClient.caller(KEY, null), false),
                get(401, STATS, STATS, ApiClient.caller("sk_unknown", NAMESPACE), true),
                get(404, STATS, STATS, ApiClient.caller(KEY, "no-such-namespace"), true),
                get(431, STATS, STATS, with(caller(), "X-Padding", PADDING), true),
                get(503, STATS, STATS, with(caller(), "X-Min-Offsets", FAR_AHEAD, "X-Wait-Ms", "0"), true));

        assertKeptAndEveryStatusSeen("GET", STATS, exchanges, REFUSED_FOR_LOAD);
    }

    @Test
    void statsStreamAnswersKeepTheDocument() {
        List<Exchange> exchanges = new ArrayList<>();
        String firstId;
        try (EventStreamReader stream = openStream(caller())) {
            await("the first event").atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            firstId = stream.events().get(0).id();
            exchanges.add(streamed(stream, caller()));
            exchanges.add(get(429, STREAM, STREAM, caller(), true));
        }
        Map<String, String> resume = with(caller(), "Last-Event-ID", firstId);
        try (EventStreamReader resumed = openStream(resume)) {
            await("a heartbeat").atMost(Duration.ofSeconds(10)).until(() -> resumed.lines().contains(": heartbeat"));
            assertThat(resumed.events()).as("no repeat of %s", firstId).isEmpty();
            exchanges.add(streamed(resumed, resume));
        }
        exchanges.addAll(List.of(
                get(400, STREAM, STREAM, ApiClient.caller(KEY, null), false),
                get(400, STREAM, STREAM, with(caller(), "X-Wait-Ms", "soon"), false),
                get(401, STREAM, STREAM, ApiClient.caller("sk_unknown", NAMESPACE), true),
                get(401, STREAM, STREAM, ApiClient.caller(null, NAMESPACE), false),
                get(404, STREAM, STREAM, ApiClient.caller(KEY, "no-such-namespace"), true)));

        assertThat(firstId).as("the first event's id").isNotNull();
        assertKeptAndEveryStatusSeen("GET", STREAM, exchanges, "503");
    }

    @Test
    void healthAnswersKeepTheDocument() {
        assertKeptAndEveryStatusSeen("GET", "/health/live", List.of(get(200, "/health/live", "/health/live",
                Map.of(), true)));
        List<Exchange> ready = new ArrayList<>(List.of(get(200, "/health/ready", "/health/ready", Map.of(), true)));
        assumeTrue(!notReadyAnswers.isEmpty(), "the view was ready before the first request: no 503 to check");
        notReadyAnswers.forEach(response -> ready.add(new Exchange("GET", "/health/ready", "/health/ready",
                Map.of(), null, true, response)));
        assertKeptAndEveryStatusSeen("GET", "/health/ready", ready);
    }

    @Test
    void theDocumentIsServedAsItIsInTheRepository() throws Exception {
        assertKeptAndEveryStatusSeen("GET", "/openapi.json", List.of(get(200, "/openapi.json", "/openapi.json",
                Map.of(), true)));
        byte[] served = api.get("/openapi.json", Map.of()).text()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(served).isEqualTo(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("src/main/resources/openapi.json")));
    }

    @Test
    void otherMethodsOnDocumentedPathsAnswerTheDocumented405() {
        List<Exchange> exchanges = List.of(
                send(405, "GET", LIST, LIST, caller(), null, true),
                send(405, "DELETE", STATS, STATS, caller(), null, true),
                send(405, "POST", CLUSTER, "/v1/clusters/clust_oa_1", caller(), "{}", true),
                send(405, "POST", STREAM, STREAM, caller(), "{}", true),
                send(405, "DELETE", STREAM, STREAM, caller(), null, true),
                send(405, "PUT", "/health/live", "/health/live", Map.of(), "{}", true),
                send(405, "DELETE", "/health/ready", "/health/ready", Map.of(), null, true));

        assertKept(exchanges);
    }

    private void assertKept(List<Exchange> exchanges) {
        Map<String, List<String>> broken = new LinkedHashMap<>();
        for (Exchange exchange : exchanges) {
            List<String> problems = contract.check(exchange);
            if (!problems.isEmpty()) {
                broken.put(exchange.toString(), problems);
            }
        }
        assertThat(broken).as("exchanges that depart from openapi.json").isEmpty();
    }

    /**
     * As {@link #assertKept}, and the answers have every status the operation documents but 500 and those of
     * {@code producedElsewhere}.
     */
    private void assertKeptAndEveryStatusSeen(String method, String template, List<Exchange> exchanges,
                                              String... producedElsewhere) {
        assertKept(exchanges);
        Set<String> documented = new TreeSet<>();
        contract.document().at("/paths/" + OpenApiContract.escape(template) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses").fieldNames().forEachRemaining(documented::add);
        documented.remove("500");
        documented.removeAll(List.of(producedElsewhere));
        assertThat(exchanges.stream().map(e -> Integer.toString(e.response().status())).distinct())
                .as("the statuses documented for %s %s, all produced", method, template)
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    private Exchange get(int expected, String template, String target, Map<String, String> headers,
                         boolean conforms) {
        return send(expected, "GET", template, target, headers, null, conforms);
    }

    private Exchange send(int expected, String method, String template, String target, Map<String, String> headers,
                          String body, boolean conforms) {
        Response response = api.send(method, target, headers, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        Exchange exchange = new Exchange(method, template, target, headers, body, conforms, response);
        assertThat(response.status()).as("%s", exchange).isEqualTo(expected);
        return exchange;
    }

    /**
     * Opens a stats stream, waiting while the one slot is still held by a stream closed before (the server notices
     * a closed client at its next heartbeat).
     */
    private EventStreamReader openStream(Map<String, String> headers) {
        List<EventStreamReader> opened = new ArrayList<>();
        await("a free stream slot").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            EventStreamReader stream = EventStreamReader.open(streamUrl(), headers);
            if (stream.status() == 429) {
                stream.close();
                return false;
            }
            opened.add(stream);
            return true;
        });
        assertThat(opened.get(0).status()).isEqualTo(200);
        return opened.get(0);
    }

    /** The exchange of an open stream, with what it has sent so far as the body. */
    private static Exchange streamed(EventStreamReader stream, Map<String, String> headers) {
        String text = String.join("\n", stream.lines()) + "\n";
        return new Exchange("GET", STREAM, STREAM, headers, null, true, new Response(stream.status(),
                stream.headers(), text, null));
    }

    private String streamUrl() {
        return "http://localhost:" + app.httpPort() + STREAM;
    }

    private static Map<String, String> caller() {
        return ApiClient.caller(KEY, NAMESPACE);
    }

    private static Map<String, String> with(Map<String, String> headers, String... pairs) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    private static String condition(String field, String operator, String value) {
        return "{\"filters\": {\"AND\": [{\"field\": \"" + field + "\", \"operator\": \"" + operator
                + "\", \"value\": " + value + "}]}}";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Three clusters of the development namespace: one completed with errors, one pending, one failed. */
    private static List<ProducerRecord<String, byte[]>> events() throws JsonProcessingException {
        return List.of(
                event("clust_oa_1", 1, "cluster.created", Map.of("cluster_name", "nightly vectors",
                        "input_collections", List.of("col_1"), "cluster_type", "vector", "algorithm", "hdbscan",
                        "algorithm_params", Map.of("min_cluster_size", 10), "llm_labeling", Map.of("enabled", true),
                        "metadata", Map.of("team", "search", "tier", 1))),
                event("clust_oa_1", 2, "cluster.execution.started", Map.of("task_id", "task_1")),
                event("clust_oa_1", 3, "cluster.execution.completed", Map.of("task_id", "task_1",
                        "num_clusters", 12, "num_documents_clustered", 4210, "execution_time_seconds", 38.5,
                        "learned_weights", Map.of("mixpeek://clip@v1/embedding", 0.7), "hierarchy_detected", true,
                        "child_cluster_ids", List.of("clust_oa_1_a"), "with_errors", true)),
                event("clust_oa_2", 1, "cluster.created", Map.of("cluster_name", "attribute clusters",
                        "input_collections", List.of("col_2"), "cluster_type", "attribute",
                        "clustered_attributes", List.of("brand"))),
                event("clust_oa_3", 1, "cluster.created", Map.of("cluster_name", "weekly",
                        "input_collections", List.of("col_1", "col_2"), "cluster_type", "vector")),
                event("clust_oa_3", 2, "cluster.execution.started", Map.of("task_id", "task_9")),
                event("clust_oa_3", 3, "cluster.execution.failed", Map.of("task_id", "task_9",
                        "llm_labeling_errors", List.of("timeout"))));
    }

    private static ProducerRecord<String, byte[]> event(String cluster, long sequence, String type,
                                                        Map<String, Object> data) throws JsonProcessingException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", "evt_" + cluster + "_" + sequence);
        event.put("event_type", type);
        event.put("cluster_id", cluster);
        event.put("namespace_id", "ns_dev");
        event.put("organization_id", "org_dev");
        event.put("sequence", sequence);
        event.put("occurred_at", T0.plusSeconds(60 * sequence).toString());
        event.put("data", data);
        return new ProducerRecord<>("cluster-events", cluster, Json.MAPPER.writeValueAsBytes(event));
    }
}
