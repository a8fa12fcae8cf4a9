package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.auth.ApiKeys;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.scatter.InternalApi;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.testkit.IndexerProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets and tenant isolation over one full run: three organizations whose namespaces share names ({@code prod},
 * {@code dev}) and whose clusters share names, API keys minted and revoked through the command line, a seeded
 * random set of clusters plus events that try to take over another organization's clusters; deployment A (a child
 * JVM, whose whole output is kept) answers every list, get (by id and by name), stats and stats-stream request for
 * every pair of key and namespace, and deployment B (another {@code APPLICATION_ID} and {@code INTERNAL_TOKEN}, in
 * this JVM) stands for a second deployment on the same Kafka cluster. Then: no answer holds another organization's
 * cluster; A's internal endpoint refuses requests without its credential, with a wrong one and with B's; and no raw
 * key appears in A's log, the command line's diagnostics, any answer, or any record of any topic (changelogs, which
 * hold exactly what the view's stores hold, included).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAndIsolationIT {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsAndIsolationIT.class);
    private static final long SEED = Long.getLong("isolation.it.seed", 20261203L);
    private static final List<String> ORGANIZATIONS = List.of("org_red", "org_green", "org_blue");
    private static final List<String> NAMESPACE_NAMES = List.of("prod", "dev");
    private static final List<String> CLUSTER_NAMES = List.of("search", "recs", "logs", "prod", "dev", "default");
    private static final String TOKEN_A = "internal-token-of-deployment-a";
    private static final String TOKEN_B = "internal-token-of-deployment-b";

    private final Path root = Path.of("target", "it-secrets-" + UUID.randomUUID()).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random(SEED);
    /** Raw keys minted in this run: the good one of each organization, then the revoked one. */
    private final Map<String, String> keyOfOrganization = new LinkedHashMap<>();
    private String revokedKey;
    /** namespace id -> organization, and namespace id -> cluster id -> cluster name. */
    private final Map<String, String> organizationOfNamespace = new TreeMap<>();
    private final Map<String, Map<String, String>> clusters = new TreeMap<>();
    /** Every answer body of the run, for the secrets grep. */
    private final List<String> answers = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private IndexerProcess a;
    private ClusterIndexApp b;

    @BeforeAll
    void startTwoDeploymentsWithThreeOrganizations() throws Exception {
        broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0);
        a = IndexerProcess.isolated(root.resolve("a"), 0, root.resolve("a.log"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "APPLICATION_ID", "ci-a",
                "INTERNAL_TOKEN", TOKEN_A));
        a.awaitReady(http, Duration.ofSeconds(120));
        b = ClusterIndexApp.start(Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "APPLICATION_ID", "ci-b", "INTERNAL_TOKEN", TOKEN_B, "HTTP_PORT", "0",
                "STATE_DIR", root.resolve("b").toString())));
        for (String organization : ORGANIZATIONS) {
            for (String name : NAMESPACE_NAMES) {
                String id = "ns_" + organization.substring(4) + "_" + name;
                cli("namespace-" + id, "namespaces", "create", "--id", id, "--name", name, "--organization",
                        organization);
                organizationOfNamespace.put(id, organization);
                clusters.put(id, new TreeMap<>());
            }
            keyOfOrganization.put(organization, mintKey(organization, "good"));
        }
        revokedKey = mintKey("org_red", "revoked");
        publishClustersAndTakeoverAttempts();
        awaitEveryNamespaceServed();
        CliRun revoke = cli("revoke", "keys", "revoke", "--key", revokedKey);
        assertThat(revoke.status()).as(revoke.stderr()).isZero();
        await("the revoked key is refused").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(a.httpPort(), "/v1/clusters/stats", revokedKey, "prod").statusCode() == 401);
    }

    @AfterAll
    void stopEverything() {
        ItTenants.closeAll(b, a, broker);
    }

    @Test
    @Order(1)
    void noAnswerToAnyKeyAndNamespaceHoldsAnotherOrganizationsCluster() throws Exception {
        List<String> namespaceHeaders = new ArrayList<>(NAMESPACE_NAMES);
        namespaceHeaders.add("staging");
        namespaceHeaders.addAll(organizationOfNamespace.keySet());
        List<String> identifiers = new ArrayList<>(CLUSTER_NAMES);
        clusters.values().forEach(inNamespace -> identifiers.addAll(inNamespace.keySet()));
        int served = 0;
        int refused = 0;
        for (Map.Entry<String, String> key : keyOfOrganization.entrySet()) {
            for (String header : namespaceHeaders) {
                String namespace = resolve(key.getKey(), header);
                for (Answer answer : everyRequest(key.getValue(), header, identifiers)) {
                    answers.add(answer.body());
                    assertOnlyOwnClusters(key.getKey(), namespace, header, answer);
                    if (answer.status() == 200) {
                        served++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        LOG.info("{} answers with data, {} refusals (404), 0 cross-organization reads", served, refused);
        assertThat(served).as("answers with data: at least list, stats and stream in each own namespace, by name and id")
                .isGreaterThanOrEqualTo(ORGANIZATIONS.size() * NAMESPACE_NAMES.size() * 2 * 3);
    }

    @Test
    @Order(2)
    void revokedUnknownAndAlteredKeysAreRefusedWithoutEchoingTheKey() throws Exception {
        String good = keyOfOrganization.get("org_green");
        List<String> wrong = List.of(revokedKey, "sk_live_" + "0".repeat(64), good.substring(0, good.length() - 1)
                + (good.endsWith("a") ? "b" : "a"), good.toUpperCase(java.util.Locale.ROOT), good + " x",
                ApiKeys.hash(good));
        for (String key : wrong) {
            for (String path : List.of("/v1/clusters/stats", "/v1/clusters/list", "/v1/clusters/clust_0001")) {
                HttpResponse<String> answer = get(a.httpPort(), path, key, "prod");
                answers.add(answer.body());
                assertThat(answer.statusCode()).as("%s with key %s", path, key).isEqualTo(401);
                assertThat(answer.body()).contains("UnauthorizedError").doesNotContain(key.trim());
            }
        }
    }

    @Test
    @Order(3)
    void theInternalEndpointRefusesEveryRequestWithoutItsOwnDeploymentsCredential() throws Exception {
        String namespace = "ns_red_prod";
        Map<String, String> tenant = Map.of(InternalApi.ORGANIZATION, "org_red", InternalApi.NAMESPACE, namespace);
        for (ClusterIndexSide side : List.of(new ClusterIndexSide(a.httpPort(), TOKEN_A, TOKEN_B),
                new ClusterIndexSide(b.httpPort(), TOKEN_B, TOKEN_A))) {
            for (String token : java.util.Arrays.asList(null, "", "wrong", side.own() + "x", side.other(),
                    side.own().substring(1))) {
                for (HttpResponse<String> answer : internalRequests(side.port(), token, tenant)) {
                    answers.add(answer.body());
                    assertThat(answer.statusCode()).as("%s with token %s", answer.uri(), token).isEqualTo(401);
                    assertThat(answer.body()).contains("UnauthorizedError").doesNotContain("clust_");
                }
            }
            List<HttpResponse<String>> own = internalRequests(side.port(), side.own(), tenant);
            assertThat(own).as("the deployment's own credential is accepted (the refusals above are not vacuous)")
                    .anyMatch(answer -> answer.statusCode() == 200 && answer.body().contains("clust_"));
        }
    }

    @Test
    @Order(4)
    void noRawKeyAppearsInLogsAnswersOrAnyRecordOfAnyTopic() throws Exception {
        List<String> raw = new ArrayList<>(keyOfOrganization.values());
        raw.add(revokedKey);
        Map<String, List<String>> records = EveryRecord.byTopic(broker.bootstrapServers(), Duration.ofSeconds(60));
        assertThat(records.keySet()).as("topics read").contains("api-keys", "__consumer_offsets", "__transaction_state")
                .anyMatch(topic -> topic.startsWith("ci-a-") && topic.endsWith("-changelog"));
        assertThat(records.get("api-keys")).as("the api-keys topic holds the hashes (the reader sees the keys' records)")
                .anyMatch(record -> record.contains(ApiKeys.hash(keyOfOrganization.get("org_red"))));
        String log = Files.readString(root.resolve("a.log"), StandardCharsets.UTF_8);
        assertThat(log).as("A's log is the full run's").contains("cluster-index is up");
        StringBuilder diagnostics = new StringBuilder();
        try (var files = Files.list(root.resolve("cli"))) {
            for (Path file : files.toList()) {
                diagnostics.append(file.getFileName().toString().endsWith(".err") ? Files.readString(file) : "");
            }
        }
        for (String key : raw) {
            assertThat(log).as("A's log").doesNotContain(key);
            assertThat(diagnostics.toString()).as("the command line's stderr").doesNotContain(key);
            assertThat(answers).as("answers").noneMatch(body -> body.contains(key));
            records.forEach((topic, texts) -> assertThat(texts).as("records of %s", topic)
                    .noneMatch(text -> text.contains(key)));
        }
        LOG.info("grepped {} records of {} topics, {} log bytes and {} answers for {} raw keys: 0 hits",
                records.values().stream().mapToInt(List::size).sum(), records.size(), log.length(), answers.size(),
                raw.size());
    }

    private record ClusterIndexSide(int port, String own, String other) {
    }

    private record Answer(String request, int status, String body) {
    }

    /** The list, stats, stats stream and get (every identifier) requests of one key in one namespace. */
    private List<Answer> everyRequest(String key, String namespace, List<String> identifiers) throws Exception {
        List<Answer> all = new ArrayList<>();
        all.add(answer("list", post(a.httpPort(), "/v1/clusters/list?limit=1000", key, namespace, "{}")));
        all.add(answer("stats", get(a.httpPort(), "/v1/clusters/stats", key, namespace)));
        all.add(firstStatsEvent(key, namespace));
        for (String identifier : identifiers) {
            all.add(answer("get " + identifier, get(a.httpPort(), "/v1/clusters/" + identifier, key, namespace)));
        }
        return all;
    }

    private void assertOnlyOwnClusters(String organization, String namespace, String header, Answer answer)
            throws Exception {
        String what = organization + " in X-Namespace " + header + ": " + answer.request();
        for (Map.Entry<String, Map<String, String>> other : clusters.entrySet()) {
            if (!other.getKey().equals(namespace)) {
                for (String clusterId : other.getValue().keySet()) {
                    assertThat(answer.body()).as("%s answers no cluster of namespace %s", what, other.getKey())
                            .doesNotContain("\"" + clusterId + "\"");
                }
            }
        }
        if (namespace == null) {
            assertThat(answer.status()).as(what + " (no such namespace in this organization)").isEqualTo(404);
            assertThat(answer.body()).contains("NotFoundError");
            return;
        }
        Map<String, String> own = clusters.get(namespace);
        JsonNode body = answer.status() == 200 ? Json.MAPPER.readTree(answer.body()) : null;
        switch (answer.request()) {
            case "list" -> {
                Set<String> ids = new TreeSet<>();
                body.get("results").forEach(cluster -> ids.add(cluster.get("cluster_id").asText()));
                assertThat(ids).as(what).isEqualTo(own.keySet());
            }
            case "stats", "stats stream" -> assertThat(body.get("total_clusters").asLong()).as(what)
                    .isEqualTo(own.size());
            default -> {
                String identifier = answer.request().substring("get ".length());
                boolean exists = own.containsKey(identifier) || own.containsValue(identifier);
                assertThat(answer.status()).as(what).isEqualTo(exists ? 200 : 404);
                if (exists) {
                    assertThat(own).containsKey(body.get("cluster_id").asText());
                }
            }
        }
    }

    /** The namespace id {@code header} names within {@code organization} (an id of its own, else a name), or null. */
    private String resolve(String organization, String header) {
        if (organization.equals(organizationOfNamespace.get(header))) {
            return header;
        }
        return organizationOfNamespace.entrySet().stream()
                .filter(ns -> ns.getValue().equals(organization) && ns.getKey().endsWith("_" + header))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private void publishClustersAndTakeoverAttempts() throws Exception {
        int next = 1;
        try (KafkaProducer<String, byte[]> producer = KafkaIO.producer(broker.bootstrapServers(), Map.of())) {
            for (Map.Entry<String, Map<String, String>> namespace : clusters.entrySet()) {
                String organization = organizationOfNamespace.get(namespace.getKey());
                int count = 2 + random.nextInt(5);
                List<String> names = new ArrayList<>(CLUSTER_NAMES);
                java.util.Collections.shuffle(names, random);
                for (int i = 0; i < count; i++) {
                    String id = String.format("clust_%04d", next++);
                    DevEvents.create(producer, organization, namespace.getKey(), id, names.get(i));
                    namespace.getValue().put(id, names.get(i));
                }
            }
            List<String> ids = new ArrayList<>();
            clusters.values().forEach(inNamespace -> ids.addAll(inNamespace.keySet()));
            for (int i = 0; i < 12; i++) {
                String victim = ids.get(random.nextInt(ids.size()));
                String thief = ORGANIZATIONS.get(random.nextInt(ORGANIZATIONS.size()));
                String thiefNamespace = "ns_" + thief.substring(4) + "_" + NAMESPACE_NAMES.get(random.nextInt(2));
                if (!organizationOfNamespace.get(namespaceOf(victim)).equals(thief)) {
                    DevEvents.publish(producer, thief, thiefNamespace, victim, 2 + i, "cluster.updated",
                            "{\"cluster_name\":\"stolen\"}");
                }
            }
        }
    }

    private String namespaceOf(String clusterId) {
        return clusters.entrySet().stream().filter(ns -> ns.getValue().containsKey(clusterId))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private void awaitEveryNamespaceServed() {
        await("every namespace's clusters served by A").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (Map.Entry<String, Map<String, String>> ns : clusters.entrySet()) {
                        String key = keyOfOrganization.get(organizationOfNamespace.get(ns.getKey()));
                        HttpResponse<String> stats = get(a.httpPort(), "/v1/clusters/stats", key, ns.getKey());
                        if (stats.statusCode() != 200 || Json.MAPPER.readTree(stats.body()).get("total_clusters")
                                .asLong() != ns.getValue().size()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private String mintKey(String organization, String name) throws Exception {
        CliRun minted = cli("key-" + organization + "-" + name, "keys", "create", "--organization", organization,
                "--name", name);
        assertThat(minted.status()).as(minted.stderr()).isZero();
        return minted.stdout().trim();
    }

    private CliRun cli(String label, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--bootstrap-servers");
        command.add(broker.bootstrapServers());
        CliRun run = CliRun.run(root.resolve("cli"), label, command);
        assertThat(run.status()).as("cluster-index %s: %s", command, run.stderr()).isZero();
        return run;
    }

    /** The first event of the stats stream (its {@code data:} line), or the refusal. */
    private Answer firstStatsEvent(String key, String namespace) throws Exception {
        HttpResponse<InputStream> response = http.send(request(a.httpPort(), "/v1/clusters/stats/stream", key,
                namespace).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                return new Answer("stats stream", response.statusCode(), reader.lines().reduce("", String::concat));
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    return new Answer("stats stream", 200, line.substring("data:".length()).trim());
                }
            }
            throw new IllegalStateException("the stats stream ended before its first event");
        }
    }

    private List<HttpResponse<String>> internalRequests(int port, String token, Map<String, String> tenant)
            throws Exception {
        List<HttpResponse<String>> all = new ArrayList<>();
        for (String path : List.of(InternalApi.LIST, InternalApi.KEYS, InternalApi.FETCH, InternalApi.LIST_COPIES,
                InternalApi.STATS, InternalApi.CLUSTER + "?" + InternalApi.CLUSTER_ID + "=clust_0001")) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10));
            tenant.forEach(builder::header);
            builder.header(InternalApi.PARTITIONS, "0,1,2");
            if (token != null) {
                builder.header(InternalCredential.HEADER, token);
            }
            boolean post = !path.startsWith(InternalApi.STATS) && !path.startsWith(InternalApi.CLUSTER);
            String body = path.equals(InternalApi.FETCH) ? "{\"ids\":[\"clust_0001\"],\"sequences\":[1]}" : "{}";
            all.add(http.send(post ? builder.POST(HttpRequest.BodyPublishers.ofString(body)).build()
                    : builder.GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        return all;
    }

    private static Answer answer(String request, HttpResponse<String> response) {
        return new Answer(request, response.statusCode(), response.body());
    }

    private HttpResponse<String> get(int port, String path, String key, String namespace) throws Exception {
        return http.send(request(port, path, key, namespace).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String key, String namespace, String body)
            throws Exception {
        return http.send(request(port, path, key, namespace).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path, String key, String namespace) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).header("X-Namespace", namespace)
                .header("Content-Type", "application/json");
    }
}
