package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.auth.ApiKeys;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The command line against a real broker (one for the class) and an indexer running in this JVM, as a user would
 * use it next to a running service; {@code serve --demo} in a child JVM of its own, with its embedded broker and
 * development key, as a newcomer runs it.
 */
@Tag("integration")
class CommandLineIT {
    private static final String DEV_KEY = "sk_dev_local";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path ROOT = Path.of("target", "it-cli-" + UUID.randomUUID()).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedKafkaBroker broker;
    private static ClusterIndexApp app;

    @BeforeAll
    static void startBrokerAndIndexer() {
        broker = EmbeddedKafkaBroker.start(ROOT.resolve("broker"), 0);
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "STATE_DIR", ROOT.resolve("indexer").toString(), "HTTP_PORT", "0", "DEV_API_KEY", DEV_KEY)));
        await().atMost(WAIT).until(() -> get("/health/ready", DEV_KEY, "default").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void produceRefusesAFileWithBadLinesThenPublishesOnlyItsGoodOnesWhenToldAndTailPrintsWhatReachedTheTopics()
            throws IOException {
        Path file = ROOT.resolve("mixed.jsonl");
        String good1 = event("evt_p1", "cluster.created", "clust_p1", "ns_dev", 1, creation("produced one"));
        String good2 = event("evt_p2", "cluster.updated", "clust_p2", "ns_dev", 1, "{\"cluster_name\":\"x\"}");
        Files.writeString(file, good1 + "\n{\"event_id\":\"evt_p3\"}\n" + good2 + "\n");

        Cli.Result refused = kafka("produce", file.toString());
        int before = tail("cluster-events").size();
        Cli.Result skipped = kafka("produce", file.toString(), "--skip-invalid");

        assertThat(refused.status()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(refused.err()).contains("line 2: INVALID_ENVELOPE: ", "nothing published");
        assertThat(skipped.status()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(skipped.err()).contains("line 2: INVALID_ENVELOPE: ", "published 2 events to cluster-events on "
                + broker.bootstrapServers(), "1 of 3 lines were not valid events and were not published");
        List<String> events = tail("cluster-events");
        assertThat(events).hasSize(before + 2).contains("clust_p1 -> " + good1, "clust_p2 -> " + good2)
                .noneMatch(line -> line.contains("evt_p3"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(tail("clusters-view")).anyMatch(line -> line.startsWith("clust_p1 -> {")
                    && line.contains("\"status\":\"PENDING\""));
            assertThat(tail("cluster-events-dlq")).anyMatch(line -> line.startsWith("clust_p2 -> " + good2 + "  [")
                    && line.contains("error.code=UNKNOWN_CLUSTER"));
        });
        assertThat(kafka("tail", "cluster-events", "--max", "1").out().lines()).hasSize(1);
        assertThat(kafka("tail", "cluster-events", "--follow", "--max", Integer.toString(events.size())).out().lines())
                .containsExactlyElementsOf(events);
    }

    @Test
    void tailOfAMissingTopicIsAnErrorAndStatus1() {
        Cli.Result result = kafka("tail", "no-such-topic");

        assertThat(result.status()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(result.err()).isEqualTo("cluster-index: topic no-such-topic does not exist on "
                + broker.bootstrapServers() + "\n");
    }

    @Test
    void aMintedKeyOfANewNamespaceIsAcceptedByTheIndexerUntilItIsRevoked() {
        Cli.Result namespace = kafka("namespaces", "create", "--id", "ns_cli", "--name", "cli-made", "--organization",
                "org_cli");
        Cli.Result created = kafka("keys", "create", "--organization", "org_cli", "--name", "ci");
        String key = created.out().strip();

        assertThat(namespace.status()).isZero();
        assertThat(created.status()).isZero();
        assertThat(created.out()).isEqualTo(key + "\n");
        assertThat(key).matches("sk_live_[0-9a-f]{64}");
        assertThat(created.err()).contains(ApiKeys.hash(key)).doesNotContain(key);
        assertThat(tail("api-keys")).anyMatch(line -> line.startsWith(ApiKeys.hash(key) + " -> ")
                && line.contains("\"organization_id\":\"org_cli\"") && line.contains("\"name\":\"ci\"")
                && !line.contains(key));
        await().atMost(WAIT).until(() -> get("/v1/clusters/stats", key, "cli-made").statusCode() == 200);

        assertThat(kafka("keys", "revoke", "--key", key).status()).isZero();
        await().atMost(WAIT).until(() -> get("/v1/clusters/stats", key, "cli-made").statusCode() == 401);

        assertThat(kafka("namespaces", "delete", "--id", "ns_cli").status()).isZero();
        await().atMost(WAIT).until(() -> get("/v1/clusters/stats", DEV_KEY, "ns_cli").statusCode() != 200);
    }

    @Test
    void aGeneratedStreamPipedIntoProduceEndsInTheStatsTheIndependentReplayExpects() throws Exception {
        assertThat(kafka("namespaces", "create", "--id", "ns_gen", "--name", "generated", "--organization",
                "org_dev").status()).isZero();
        await().atMost(WAIT).until(() -> get("/v1/clusters/stats", DEV_KEY, "generated").statusCode() == 200);
        Cli.Result generated = Cli.run("generate", "--clusters", "60", "--events", "700", "--namespace", "ns_gen",
                "--seed", "12");
        Cli.Result produced = Cli.run(Map.of(), generated.outBytes(), "produce", "--offsets",
                "--bootstrap-servers", broker.bootstrapServers());
        List<ExpectedView.Input> inputs = new ArrayList<>();
        List<String> lines = generated.out().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            byte[] value = lines.get(i).getBytes(StandardCharsets.UTF_8);
            inputs.add(new ExpectedView.Input(0, i, EventLines.check(value).key(), value, i));
        }
        ExpectedView.Stats expected = ExpectedView.replay(inputs).stats().get("ns_gen");

        assertThat(produced.status()).isZero();
        assertThat(produced.err()).contains("published 700 events to cluster-events");
        String minOffsets = produced.out().strip();
        assertThat(minOffsets).matches("\\d+:\\d+(,\\d+:\\d+)*");
        HttpResponse<String> response = get("/v1/clusters/stats", DEV_KEY, "generated", "X-Min-Offsets", minOffsets,
                "X-Wait-Ms", "30000");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode stats = Json.MAPPER.readTree(response.body());
        assertThat(stats.findValue("total_clusters").asLong()).isEqualTo(expected.totalClusters());
        assertThat(stats.findValue("total_documents").asLong()).isEqualTo(expected.totalDocuments());
        assertThat(Json.MAPPER.convertValue(stats.findValue("clusters_by_status"),
                new TypeReference<Map<String, Long>>() { })).isEqualTo(expected.clustersByStatus());
    }

    @Test
    void serveDemoKeepsTheDemoNamespacesStatsMoving() {
        Path dir = ROOT.resolve("demo");
        try (IndexerProcess demo = IndexerProcess.isolated(dir.resolve("state"), 0, dir.resolve("log"), Map.of(),
                List.of("serve", "--demo"))) {
            demo.awaitReady(HTTP, WAIT);
            assertThat(demo.tail()).contains("Demo     : 5 events/s into namespace ns_demo",
                    "/v1/clusters/stats -H 'Authorization: Bearer " + DEV_KEY + "' -H 'X-Namespace: demo'");
            Set<String> seen = new HashSet<>();

            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> stats = get(demo.httpPort(), "/v1/clusters/stats", DEV_KEY, "demo");
                if (stats.statusCode() == 200) {
                    seen.add(stats.body());
                }
                return seen.size() >= 3;
            });
        }
    }

    private static Cli.Result kafka(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--bootstrap-servers", broker.bootstrapServers()));
        return Cli.run(command.toArray(String[]::new));
    }

    private static List<String> tail(String topic) {
        Cli.Result result = kafka("tail", topic);
        assertThat(result.status()).as(result.err()).isZero();
        return result.out().lines().toList();
    }

    private static HttpResponse<String> get(String path, String key, String namespace, String... headers)
            throws IOException, InterruptedException {
        return get(app.httpPort(), path, key, namespace, headers);
    }

    private static HttpResponse<String> get(int port, String path, String key, String namespace, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).header("X-Namespace", namespace)
                .timeout(Duration.ofSeconds(40)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id, String type, String cluster, String namespace, long sequence,
                                String data) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"cluster_id\":\"" + cluster
                + "\",\"namespace_id\":\"" + namespace + "\",\"organization_id\":\"org_dev\",\"sequence\":" + sequence
                + ",\"occurred_at\":\"2026-12-03T10:00:00Z\",\"data\":" + data + "}";
    }

    private static String creation(String name) {
        return "{\"cluster_name\":\"" + name + "\",\"input_collections\":[\"col_1\"],\"cluster_type\":\"vector\"}";
    }
}
