package io.clusterindex.api;

import static io.clusterindex.api.ApiClient.LIST;
import static io.clusterindex.api.ApiClient.STATS;
import static io.clusterindex.api.ApiClient.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.api.ApiClient.Response;
import io.clusterindex.api.ApiDataSet.Cluster;
import io.clusterindex.api.ApiDataSet.Namespace;
import io.clusterindex.api.ApiDataSet.Stats;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.json.Json;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of api.md against one in-process indexer (embedded broker, stream processor, HTTP) fed through the
 * real topics: tenancy records on {@code namespaces} and {@code api-keys}, a few hundred clusters' lifecycle events on
 * {@code cluster-events}. Every answer is compared with {@link ApiDataSet}'s own model of the published data.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApiIT.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String DEV_KEY = "sk_dev_local";
    private static final long SEED = Long.getLong("api.it.seed", 20261129L);

    private final Path stateDir = Path.of("target", "it-api-" + UUID.randomUUID()).toAbsolutePath();
    private final ApiDataSet data = new ApiDataSet(SEED);
    private ClusterIndexApp app;
    private KafkaProducer<String, byte[]> producer;
    private ApiClient api;
    private final List<Response> startupAnswers = new ArrayList<>();
    private Response notReady;

    // ------------------------------------------------------------------------------------------------ set-up

    @BeforeAll
    void startAndLoad() {
        long started = System.nanoTime();
        Config config = Config.fromEnvironment(Map.of(
                "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0", "EMBEDDED_KAFKA_PORT", "0"));
        app = ClusterIndexApp.start(config);
        api = new ApiClient(app.httpPort());
        // while the view is not ready yet, requests must be refused with 503 (recorded for the test below)
        await("indexer ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Response stats = api.get(STATS, caller(DEV_KEY, "default"));
            startupAnswers.add(stats);
            Response ready = api.get("/health/ready", Map.of());
            if (ready.status() != 200) {
                notReady = ready;
            }
            return ready.status() == 200 && stats.status() == 200;
        });
        LOG.info("indexer ready in {} ms (broker {}, HTTP {}), seed {}", millisSince(started), app.bootstrapServers(),
                app.httpPort(), SEED);

        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());

        List<ProducerRecord<String, byte[]>> tenancy = new ArrayList<>();
        for (Namespace ns : data.namespaces) {
            tenancy.add(namespaceRecord(ns));
        }
        tenancy.add(apiKeyRecord(data.keyA, ApiDataSet.ORG_A, "key a"));
        tenancy.add(apiKeyRecord(data.keyB, ApiDataSet.ORG_B, "key b"));
        tenancy.add(apiKeyRecord(data.revocableKeyA, ApiDataSet.ORG_A, "revocable key a"));
        sendAll(tenancy);
        await("tenancy tables loaded").atMost(CATCH_UP).pollInterval(Duration.ofMillis(50)).until(() ->
                data.namespaces.stream().allMatch(ns ->
                        api.get(STATS, caller(data.keyOf(ns.organizationId()), ns.id())).status() == 200)
                        && api.get(STATS, caller(data.revocableKeyA, "ns_a1")).status() == 200);

        List<ProducerRecord<String, byte[]>> events = data.events().stream()
                .map(e -> new ProducerRecord<>("cluster-events", e.key(), e.value())).toList();
        long publishing = System.nanoTime();
        sendAll(events);
        LOG.info("published {} events of {} clusters in {} ms", events.size(), data.clusters.size(),
                millisSince(publishing));

        // caught up when every namespace lists exactly the model's live clusters at their last update
        await("the view holds every published event").atMost(CATCH_UP).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (Namespace ns : data.namespaces) {
                        Map<String, String> expected = new TreeMap<>();
                        data.live(ns.id()).forEach(c -> expected.put(c.id, ApiDataSet.text(c.updatedAt)));
                        Map<String, String> actual = new TreeMap<>();
                        for (JsonNode c : results(okList(data.keyOf(ns.organizationId()), ns.id(), "limit=1000", null))) {
                            actual.put(c.get("cluster_id").textValue(), c.get("updated_at").textValue());
                        }
                        assertThat(actual).as("cluster_id -> updated_at in %s", ns.id()).isEqualTo(expected);
                    }
                });
        LOG.info("set-up done in {} ms: {} live clusters ({} in ns_a1, {} in ns_a2, {} in ns_b1)",
                millisSince(started), data.clusters.values().stream().filter(c -> c.live).count(),
                data.live("ns_a1").size(), data.live("ns_a2").size(), data.live("ns_b1").size());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (app != null) {
            app.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ health

    @Test
    void healthEndpointsAnswerWithoutAuthentication() {
        assertThat(api.get("/health/live", Map.of()).status()).isEqualTo(200);
        Response ready = api.get("/health/ready", Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").textValue()).isEqualTo("READY");
    }

    @Test
    void requestsBeforeTheViewIsReadyAre503WithRetryAfter() {
        List<Integer> statuses = startupAnswers.stream().map(Response::status).toList();
        LOG.info("GET /v1/clusters/stats during start-up: {} x 503, then {}", statuses.stream().filter(s -> s == 503).count(),
                statuses.get(statuses.size() - 1));
        assertThat(statuses).as("a valid caller during start-up gets 503 until it gets 200, nothing else")
                .containsOnly(503, 200);
        Response unavailable = startupAnswers.stream().filter(r -> r.status() == 503).findFirst().orElse(null);
        assumeTrue(unavailable != null, "the view was ready before the first request: no 503 to check");
        assertError(unavailable, 503, "ServiceUnavailableError", "stats during start-up");
        assertThat(unavailable.headers().firstValue("Retry-After")).as("Retry-After of %s", unavailable)
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v.trim())).isPositive());
        if (notReady != null) {
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
        }
    }

    // ------------------------------------------------------------------------------------------------ auth

    @Test
    void requestsWithoutAKnownBearerKeyAre401OnEveryEndpoint() {
        String someId = data.live("ns_a1").get(0).id;
        Map<String, Map<String, String>> callers = new LinkedHashMap<>();
        callers.put("no Authorization", caller(null, "ns_a1"));
        callers.put("Basic scheme", Map.of("Authorization", "Basic " + data.keyA, "X-Namespace", "ns_a1"));
        callers.put("Token scheme", Map.of("Authorization", "Token " + data.keyA, "X-Namespace", "ns_a1"));
        callers.put("raw key without scheme", Map.of("Authorization", data.keyA, "X-Namespace", "ns_a1"));
        callers.put("Bearer without key", Map.of("Authorization", "Bearer", "X-Namespace", "ns_a1"));
        callers.put("Bearer with blank key", Map.of("Authorization", "Bearer    ", "X-Namespace", "ns_a1"));
        callers.put("unknown key", caller("sk_unknown_" + SEED, "ns_a1"));
        callers.put("the stored hash instead of the key", caller(sha256(data.keyA), "ns_a1"));
        callers.put("a prefix of a valid key", caller(data.keyA.substring(0, data.keyA.length() - 1), "ns_a1"));
        callers.put("unknown key, no namespace", caller("sk_unknown_" + SEED, null));
        callers.forEach((what, headers) -> {
            assertError(api.post(LIST, headers, "{}"), 401, "UnauthorizedError", what + ": list");
            assertError(api.get(STATS, headers), 401, "UnauthorizedError", what + ": stats");
            assertError(api.get("/v1/clusters/" + someId, headers), 401, "UnauthorizedError", what + ": get");
        });
    }

    @Test
    void aMissingNamespaceHeaderIs400() {
        for (Map<String, String> headers : List.of(caller(data.keyA, null), caller(data.keyA, "   "))) {
            assertError(api.post(LIST, headers, "{}"), 400, "BadRequestError", "list " + headers.keySet());
            assertError(api.get(STATS, headers), 400, "BadRequestError", "stats " + headers.keySet());
            assertError(api.get("/v1/clusters/" + data.live("ns_a1").get(0).id, headers), 400, "BadRequestError",
                    "get " + headers.keySet());
        }
    }

    @Test
    void namespacesResolveOnlyWithinTheCallersOrganization() {
        // another organization's namespace, by id or by a name only it has: 404 like an unknown one
        record Case(String key, String namespace) {
        }
        List<Case> notFound = List.of(new Case(data.keyA, "ns_b1"), new Case(data.keyB, "ns_a1"),
                new Case(data.keyB, "ns_a2"), new Case(data.keyB, "staging"), new Case(data.keyA, "no-such-ns"),
                new Case(data.keyA, "PROD-nope"), new Case(DEV_KEY, "prod"), new Case(DEV_KEY, "ns_a1"));
        String cluster = data.live("ns_b1").get(0).id;
        Map<String, String> messages = new HashMap<>();
        for (Case c : notFound) {
            Map<String, String> headers = caller(c.key(), c.namespace());
            String what = c.namespace() + " with key of " + c.key();
            JsonNode error = assertError(api.post(LIST, headers, null), 404, "NotFoundError", what + ": list");
            assertError(api.get(STATS, headers), 404, "NotFoundError", what + ": stats");
            assertError(api.get("/v1/clusters/" + cluster, headers), 404, "NotFoundError", what + ": get");
            messages.put(what, error.get("error").get("message").textValue().replace(c.namespace(), "<ns>"));
        }
        assertThat(new HashSet<>(messages.values()))
                .as("a namespace of another organization answers exactly like an unknown one: %s", messages)
                .hasSize(1);

        // the name "prod" exists in both organizations: each caller gets its own
        assertNamespaceIs(data.keyA, "prod", data.nsA1);
        assertNamespaceIs(data.keyB, "prod", data.nsB1);
        assertNamespaceIs(data.keyA, "staging", data.nsA2);
        assertNamespaceIs(data.keyA, "ns_a1", data.nsA1);
        assertNamespaceIs(data.keyB, "ns_b1", data.nsB1);
        assertNamespaceIs(data.keyA, "  ns_a2  ", data.nsA2);

        // the development key registered at start-up sees its own, empty, namespace
        for (String ns : List.of("default", "ns_dev")) {
            JsonNode list = okList(DEV_KEY, ns, null, null);
            assertThat(list.get("total_count").asLong()).isZero();
            assertThat(results(list)).isEmpty();
        }
    }

    @Test
    void aKeyRevokedByATombstoneStopsWorking() throws Exception {
        Map<String, String> headers = caller(data.revocableKeyA, "prod");
        assertThat(api.post(LIST, headers, null).status()).isEqualTo(200);

        producer.send(new ProducerRecord<>("api-keys", sha256(data.revocableKeyA), null)).get(10, TimeUnit.SECONDS);
        long revoked = System.nanoTime();
        // how soon depends on the machine (the table's consumer must read the tombstone): logged, not asserted
        await("revoked key refused").atMost(CATCH_UP).pollInterval(Duration.ofMillis(20))
                .until(() -> api.post(LIST, headers, null).status() == 401);
        LOG.info("revoked key refused {} ms after the tombstone was acknowledged", millisSince(revoked));

        assertError(api.post(LIST, headers, null), 401, "UnauthorizedError", "revoked key: list");
        assertError(api.get(STATS, headers), 401, "UnauthorizedError", "revoked key: stats");
        assertError(api.get("/v1/clusters/" + data.live("ns_a1").get(0).id, headers), 401, "UnauthorizedError",
                "revoked key: get");
        // the organization's other key is unaffected
        assertThat(api.post(LIST, caller(data.keyA, "prod"), null).status()).isEqualTo(200);
    }

    @Test
    void aNamespaceTombstoneRemovesTheNamespace() throws Exception {
        Namespace sandbox = new Namespace("ns_a_sandbox", "sandbox", ApiDataSet.ORG_A);
        producer.send(namespaceRecord(sandbox)).get(10, TimeUnit.SECONDS);
        await("namespace registered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(STATS, caller(data.keyA, "sandbox")).status() == 200);
        assertThat(okList(data.keyA, "sandbox", null, null).get("total_count").asLong()).isZero();
        assertThat(api.get(STATS, caller(data.keyB, "sandbox")).status()).isEqualTo(404);

        producer.send(new ProducerRecord<>("namespaces", sandbox.id(), null)).get(10, TimeUnit.SECONDS);
        await("namespace removed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(STATS, caller(data.keyA, "sandbox")).status() == 404);
        assertError(api.post(LIST, caller(data.keyA, sandbox.id()), null), 404, "NotFoundError", "removed namespace");
    }

    // ------------------------------------------------------------------------------------------------ isolation

    @Test
    void noResponseEverContainsAClusterOfAnotherNamespace() {
        for (Namespace ns : data.namespaces) {
            String key = data.keyOf(ns.organizationId());
            Set<String> own = new HashSet<>();
            data.live(ns.id()).forEach(c -> own.add(c.id));

            JsonNode all = okList(key, ns.name(), "limit=1000", null);
            assertOnlyOwn(all, ns);
            assertThat(ids(all)).as("every live cluster of %s", ns.id()).containsExactlyInAnyOrderElementsOf(own);

            // filters and searches that aim at other tenants find nothing
            for (Namespace other : data.namespaces) {
                if (other.equals(ns)) {
                    continue;
                }
                Cluster foreign = data.live(other.id()).get(0);
                for (String body : List.of(
                        "{\"filters\": {\"namespace_id\": \"" + other.id() + "\"}}",
                        "{\"filters\": {\"OR\": [{\"field\": \"namespace_id\", \"operator\": \"eq\", \"value\": \""
                                + other.id() + "\"}, {\"field\": \"cluster_id\", \"operator\": \"eq\", \"value\": \""
                                + foreign.id + "\"}]}}",
                        "{\"filters\": {\"field\": \"cluster_id\", \"operator\": \"in\", \"value\": [\"" + foreign.id
                                + "\"]}}",
                        "{\"search\": \"" + foreign.id + "\"}")) {
                    JsonNode list = okList(key, ns.id(), "limit=1000", body);
                    assertThat(list.get("total_count").asLong()).as("%s in %s", body, ns.id()).isZero();
                    assertThat(list.get("stats").get("total_clusters").asLong()).isZero();
                }
                if (!other.organizationId().equals(ns.organizationId())) {
                    JsonNode byOrg = okList(key, ns.id(), "limit=1000",
                            "{\"filters\": {\"NOT\": [{\"field\": \"organization_id\", \"value\": \""
                                    + other.organizationId() + "\"}]}}");
                    assertOnlyOwn(byOrg, ns);
                }
                // get by the id of any live cluster of another namespace, of this organization or not: 404
                for (Cluster c : data.live(other.id())) {
                    if (c == data.nameClashB) {
                        continue; // an ns_a1 cluster is named like it: checked below
                    }
                    assertError(api.get("/v1/clusters/" + c.id, caller(key, ns.id())), 404, "NotFoundError",
                            "get " + c.id + " of " + other.id() + " from " + ns.id());
                }
            }
        }

        // an org_a cluster is named like the id of an org_b cluster: each caller gets its own
        JsonNode forA = okGet("/v1/clusters/" + data.nameClashB.id, data.keyA, "prod");
        assertThat(forA).isEqualTo(data.nameClashA.json());
        JsonNode forB = okGet("/v1/clusters/" + data.nameClashB.id, data.keyB, "prod");
        assertThat(forB).isEqualTo(data.nameClashB.json());
        assertError(api.get("/v1/clusters/" + data.nameClashB.id, caller(data.keyA, "staging")), 404, "NotFoundError",
                "the clashing id from ns_a2");
    }

    /**
     * A producer that labels a cluster with org_b but with a namespace of org_a (the indexer does not check the
     * namespaces table when it folds): org_a must not see that cluster, in the list, by id, or counted in its stats,
     * and the namespace's stats must still equal the stats of its unfiltered list (api.md). Uses its own namespace.
     */
    @Test
    void aClusterLabelledWithAnotherOrganizationIsInvisibleInListGetAndStats() throws Exception {
        Namespace mixed = new Namespace("ns_a_mixed", "mixed", ApiDataSet.ORG_A);
        producer.send(namespaceRecord(mixed)).get(10, TimeUnit.SECONDS);
        await("namespace registered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(STATS, caller(data.keyA, mixed.id())).status() == 200);
        long appliedBefore = api.get("/health/ready", Map.of()).json().get("events_applied").asLong();

        // first the foreign-labelled cluster, then (once applied) the own one: the stats deltas of both go through
        // the same repartition partition in that order, so stats that count the own cluster have seen the other
        List<ProducerRecord<String, byte[]>> foreign = List.of(
                event("clust_mixed_foreign", mixed.id(), ApiDataSet.ORG_B, 1, "cluster.created",
                        "{\"cluster_name\": \"foreign\", \"input_collections\": [\"c\"], \"cluster_type\": \"vector\"}"),
                event("clust_mixed_foreign", mixed.id(), ApiDataSet.ORG_B, 2, "cluster.execution.started",
                        "{\"task_id\": \"t1\"}"),
                event("clust_mixed_foreign", mixed.id(), ApiDataSet.ORG_B, 3, "cluster.execution.completed",
                        "{\"task_id\": \"t1\", \"num_clusters\": 3, \"num_documents_clustered\": 1000,"
                                + " \"execution_time_seconds\": 1.5}"));
        sendAll(foreign);
        await("foreign-labelled events applied").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/health/ready", Map.of()).json().get("events_applied").asLong()
                        >= appliedBefore + foreign.size());
        sendAll(List.of(event("clust_mixed_own", mixed.id(), ApiDataSet.ORG_A, 1, "cluster.created",
                "{\"cluster_name\": \"own\", \"input_collections\": [\"c\"], \"cluster_type\": \"vector\"}")));
        await("own cluster listed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> okList(data.keyA, "mixed", null, null).get("total_count").asLong() == 1);
        await("own cluster in the stats").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> okGet(STATS, data.keyA, "mixed").get("clusters_by_status").has("PENDING"));

        JsonNode list = okList(data.keyA, "mixed", "limit=1000", null);
        assertThat(ids(list)).containsExactly("clust_mixed_own");
        assertError(api.get("/v1/clusters/clust_mixed_foreign", caller(data.keyA, "mixed")), 404, "NotFoundError",
                "the foreign-labelled cluster by id");
        assertError(api.get("/v1/clusters/foreign", caller(data.keyA, "mixed")), 404, "NotFoundError",
                "the foreign-labelled cluster by name");
        Stats ownOnly = new Stats(1, 0, 0.0, Map.of("PENDING", 1L));
        assertStats(list.get("stats"), ownOnly, "list stats of ns_a_mixed");
        assertStats(okGet(STATS, data.keyA, "mixed"), ownOnly,
                "GET /v1/clusters/stats of ns_a_mixed (must equal the unfiltered list's stats, and count no org_b cluster)");
    }

    @Test
    void malformedTenancyRecordsAreIgnored() throws Exception {
        String notJson = "sk_not_json_" + SEED;
        String numericOrg = "sk_numeric_org_" + SEED;
        String good = "sk_probe_" + SEED;
        List<ProducerRecord<String, byte[]>> records = List.of(
                new ProducerRecord<>("api-keys", sha256(notJson), "not json".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("api-keys", sha256(numericOrg),
                        "{\"organization_id\": 42, \"name\": \"n\"}".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("namespaces", "ns_no_org",
                        "{\"namespace_id\": \"ns_no_org\", \"namespace_name\": \"orphan\"}".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("namespaces", "ns_garbage", "[1,2".getBytes(StandardCharsets.UTF_8)),
                apiKeyRecord(good, ApiDataSet.ORG_A, "probe key"));
        sendAll(records);
        // the well-formed key, published last on the same single-partition topic, marks the others as loaded
        await("probe key loaded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(STATS, caller(good, "prod")).status() == 200);
        assertError(api.get(STATS, caller(notJson, "prod")), 401, "UnauthorizedError", "key with a non-JSON record");
        assertError(api.get(STATS, caller(numericOrg, "prod")), 401, "UnauthorizedError", "key with a numeric org");
        for (String ns : List.of("ns_no_org", "orphan", "ns_garbage")) {
            assertError(api.get(STATS, caller(good, ns)), 404, "NotFoundError", "malformed namespace " + ns);
        }
        // the healthy tenants are unaffected
        assertThat(okList(data.keyA, "prod", "limit=1", null).get("total_count").asLong())
                .isEqualTo(data.live("ns_a1").size());
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void aBodyThatIsNotJsonIs400() {
        for (String body : List.of("{not json", "{\"search\": ", "{\"search\": \"a\"} trailing", "nul", "'x'")) {
            assertError(api.list(data.keyA, "prod", null, body), 400, "BadRequestError", body);
        }
        Response invalidUtf8 = api.send("POST", LIST, caller(data.keyA, "prod"),
                HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xff, '"', '}'}));
        assertError(invalidUtf8, 400, "BadRequestError", "invalid UTF-8");
    }

    @Test
    void unknownClustersAndRoutesAre404() {
        assertError(api.get("/v1/clusters/clust_does_not_exist", caller(data.keyA, "prod")), 404, "NotFoundError",
                "unknown cluster");
        Cluster deleted = data.clusters.values().stream()
                .filter(c -> !c.live && !c.name.equals(ApiDataSet.DUPLICATE_NAME)).findFirst().orElseThrow();
        assertError(api.get("/v1/clusters/" + deleted.id, caller(data.keyOf(deleted.organizationId),
                deleted.namespaceId)), 404, "NotFoundError", "deleted cluster");
        assertError(api.get("/v1/clusters/" + encode(deleted.name), caller(data.keyOf(deleted.organizationId),
                deleted.namespaceId)), 404, "NotFoundError", "name of a deleted cluster");
        for (String path : List.of("/v1/nothing", "/v1/clusters", "/v1/clusters/a/b", "/v2/clusters/list")) {
            assertError(api.get(path, caller(data.keyA, "prod")), 404, "NotFoundError", "GET " + path);
        }
        assertError(api.get("/nothing", Map.of()), 404, "NotFoundError", "GET /nothing");
    }

    @Test
    void aWrongMethodOnAnExistingPathIs405() {
        String id = data.live("ns_a1").get(0).id;
        record Case(String method, String path) {
        }
        for (Case c : List.of(new Case("DELETE", LIST), new Case("PUT", LIST), new Case("PATCH", LIST),
                new Case("POST", STATS), new Case("DELETE", STATS), new Case("POST", "/v1/clusters/" + id),
                new Case("DELETE", "/v1/clusters/" + id), new Case("POST", "/health/live"),
                new Case("DELETE", "/health/ready"))) {
            Response response = api.send(c.method(), c.path(), caller(data.keyA, "prod"),
                    HttpRequest.BodyPublishers.ofString("{}"));
            JsonNode error = assertError(response, 405, null, c.method() + " " + c.path());
            assertThat(error.get("error").get("type").textValue()).endsWith("Error");
        }
        // and nothing was changed by them
        assertThat(okGet("/v1/clusters/" + id, data.keyA, "prod")).isEqualTo(data.clusters.get(id).json());
    }

    @Test
    void bodiesOver64KiBAre413() {
        int limit = 64 * 1024;
        Response atLimit = api.list(data.keyA, "prod", null, padded("{\"search\": \"nightly\"}", limit));
        assertThat(atLimit.status()).as("a body of exactly 64 KiB: %s", atLimit).isEqualTo(200);

        assertError(api.list(data.keyA, "prod", null, padded("{\"search\": \"nightly\"}", limit + 1)), 413,
                "PayloadTooLargeError", "64 KiB + 1");
        assertError(api.list(data.keyA, "prod", null, padded("{}", 1024 * 1024)), 413, "PayloadTooLargeError",
                "1 MiB of JSON");
        StringBuilder bigFilter = new StringBuilder("{\"filters\": {\"field\": \"cluster_name\", \"operator\": \"in\", \"value\": [");
        for (int i = 0; bigFilter.length() < 80_000; i++) {
            bigFilter.append(i == 0 ? "" : ", ").append("\"name-").append(i).append('"');
        }
        assertError(api.list(data.keyA, "prod", null, bigFilter.append("]}}").toString()), 413,
                "PayloadTooLargeError", "80 KB filter");
        // without a Content-Length (chunked transfer) the limit holds as well
        byte[] chunked = padded("{}", 100 * 1024).getBytes(StandardCharsets.UTF_8);
        Response response = api.send("POST", LIST, caller(data.keyA, "prod"),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)));
        assertError(response, 413, "PayloadTooLargeError", "100 KiB chunked");
    }

    @Test
    void invalidRequestsAre422WithTheLocationOfEachProblem() {
        record Case(String query, String body, List<List<Object>> locations) {
        }
        List<Case> cases = List.of(
                new Case("limit=0", null, List.of(List.of("query", "limit"))),
                new Case("limit=1001", null, List.of(List.of("query", "limit"))),
                new Case("limit=ten", null, List.of(List.of("query", "limit"))),
                new Case("offset=-1", null, List.of(List.of("query", "offset"))),
                new Case("offset=10001", null, List.of(List.of("query", "offset"))),
                new Case("limit=2.5&offset=x", null, List.of(List.of("query", "limit"), List.of("query", "offset"))),
                new Case(null, "{\"filters\": {\"AND\": [{\"field\": \"status\", \"value\": \"COMPLETED\"},"
                        + " {\"field\": \"metadata.team\", \"operator\": \"eq\", \"value\": \"ads\"},"
                        + " {\"field\": \"status\", \"operator\": \"almost\", \"value\": \"FAILED\"}]}}",
                        List.of(List.of("body", "filters", "AND", 2, "operator"))),
                new Case(null, "{\"filters\": {\"AND\": [{\"field\": \"colour\", \"value\": \"red\"}]}}",
                        List.of(List.of("body", "filters", "AND", 0, "field"))),
                new Case(null, "{\"filters\": {\"OR\": [{\"field\": \"status\", \"operator\": \"in\", \"value\": \"FAILED\"}]}}",
                        List.of(List.of("body", "filters", "OR", 0, "value"))),
                new Case(null, "{\"filters\": {\"NOT\": {\"field\": \"algorithm\", \"operator\": \"exists\", \"value\": \"yes\"}}}",
                        List.of(List.of("body", "filters", "NOT", "value"))),
                new Case(null, "{\"filters\": {\"AND\": [{\"OR\": [{\"field\": \"cluster_name\", \"value\": \"x\"},"
                        + " {\"field\": \"cluster_name\", \"operator\": \"regex\", \"value\": \"(unclosed\"}]}]}}",
                        List.of(List.of("body", "filters", "AND", 0, "OR", 1, "value"))),
                new Case(null, "{\"filters\": {\"AND\": \"status\"}}", List.of(List.of("body", "filters", "AND"))),
                new Case(null, "{\"sort\": {\"field\": \"metadata\", \"direction\": \"asc\"}}",
                        List.of(List.of("body", "sort", "field"))),
                new Case(null, "{\"sort\": {\"field\": \"created_at\", \"direction\": \"sideways\"}}",
                        List.of(List.of("body", "sort", "direction"))),
                new Case(null, "{\"search\": 5}", List.of(List.of("body", "search"))),
                new Case(null, "[1, 2]", List.of(List.of("body"))),
                new Case(null, "{\"filters\": " + nested(9) + "}", List.of(deepLocation(8))),
                new Case(null, "{\"filters\": {\"AND\": [" + String.join(", ", Collections.nCopies(201,
                        "{\"field\": \"status\", \"value\": \"FAILED\"}")) + "]}}", List.of(List.of("body", "filters"))),
                new Case("limit=0", "{\"filters\": {\"AND\": [{\"field\": \"status\", \"operator\": \"nope\", \"value\": 1}]},"
                        + " \"sort\": {\"field\": \"input_collections\"}}",
                        List.of(List.of("query", "limit"), List.of("body", "filters", "AND", 0, "operator"),
                                List.of("body", "sort", "field"))));
        for (Case c : cases) {
            String what = "?" + c.query() + " " + c.body();
            JsonNode error = assertError(api.list(data.keyA, "prod", c.query(), c.body()), 422, "ValidationError", what);
            JsonNode items = error.get("error").get("details").get("validation_errors");
            assertThat(items).as("%s: validation_errors", what).isNotNull();
            assertThat(items.isArray()).as("%s: validation_errors is a list", what).isTrue();
            List<List<Object>> locations = new ArrayList<>();
            for (JsonNode item : items) {
                assertThat(item.get("message").isTextual() && !item.get("message").textValue().isBlank())
                        .as("%s: message of %s", what, item).isTrue();
                assertThat(item.get("type").isTextual() && !item.get("type").textValue().isBlank())
                        .as("%s: type of %s", what, item).isTrue();
                List<Object> location = new ArrayList<>();
                item.get("location").forEach(part -> location.add(part.isInt() ? (Object) part.intValue() : part.textValue()));
                locations.add(location);
            }
            assertThat(locations).as(what).containsExactlyElementsOf(c.locations());
        }
        // the limits themselves are accepted: 8 levels of groups, 200 conditions
        assertThat(api.list(data.keyA, "prod", null, "{\"filters\": " + nested(8) + "}").status()).isEqualTo(200);
        assertThat(api.list(data.keyA, "prod", null, "{\"filters\": {\"OR\": [" + String.join(", ",
                Collections.nCopies(200, "{\"field\": \"status\", \"value\": \"FAILED\"}")) + "]}}").status())
                .isEqualTo(200);
        // an unknown top-level field lists the known ones
        JsonNode unknown = api.list(data.keyA, "prod", null, "{\"filters\": {\"colour\": \"red\"}}").json();
        assertThat(unknown.get("error").get("details").get("validation_errors").get(0).get("message").textValue())
                .contains("cluster_name", "status", "metadata", "created_at");
    }

    /** {@code groups} groups nested in AND lists around one condition. */
    private static String nested(int groups) {
        String filter = "{\"field\": \"status\", \"value\": \"FAILED\"}";
        for (int i = 0; i < groups; i++) {
            filter = "{\"AND\": [" + filter + "]}";
        }
        return filter;
    }

    /** ["body", "filters"] then {@code pairs} times "AND", 0. */
    private static List<Object> deepLocation(int pairs) {
        List<Object> location = new ArrayList<>(List.of("body", "filters"));
        for (int i = 0; i < pairs; i++) {
            location.add("AND");
            location.add(0);
        }
        return location;
    }

    /** A path that cannot be decoded is refused by the HTTP layer before any route: still with the envelope. */
    @Test
    void anUndecodablePathIsRefusedWithTheEnvelope() {
        for (String path : List.of("/v1/clusters/%ZZ", "/v1/clusters/a%00b")) {
            assertError(api.raw("GET", path, caller(data.keyA, "prod")), 400, "BadRequestError", "GET " + path);
        }
    }

    /** A limit or offset whose value cannot be URL-decoded is no integer: refused, never silently the default. */
    @Test
    void anUndecodableLimitOrOffsetIsRefused() {
        for (String query : List.of("limit=%ZZ", "offset=%G1", "limit=5&offset=1%")) {
            Response response = api.raw("POST", LIST + "?" + query, caller(data.keyA, "prod"));
            assertThat(response.status()).as("POST ?%s must not silently use the default: %s", query, response)
                    .isIn(400, 422);
            assertError(response, response.status(), null, "POST ?" + query);
        }
    }

    // ------------------------------------------------------------------------------------------------ list

    @Test
    void listResultsAreTheFoldOfThePublishedEvents() {
        for (Namespace ns : data.namespaces) {
            JsonNode list = okList(data.keyOf(ns.organizationId()), ns.id(), "limit=1000", null);
            List<Cluster> expected = data.live(ns.id(), c -> true, ApiDataSet.DEFAULT_ORDER);
            assertThat(list.get("total_count").asLong()).isEqualTo(expected.size());
            Iterator<JsonNode> actual = results(list).iterator();
            for (Cluster c : expected) {
                JsonNode result = actual.next();
                assertThat(fieldNames(result)).as("fields of %s", c.id).containsExactlyElementsOf(ApiDataSet.CLUSTER_FIELDS);
                assertThat(result).as("cluster %s", c).isEqualTo(c.json());
            }
        }
    }

    @Test
    void theDefaultListIsTheNewestTenWithPaginationPerApiMd() {
        List<Cluster> expected = data.live("ns_a1", c -> true, ApiDataSet.DEFAULT_ORDER);
        int total = expected.size();
        for (String body : Arrays.asList(null, "{}", "{\"filters\": null, \"sort\": null, \"search\": null}",
                "{\"filters\": {}, \"search\": \"\"}")) {
            JsonNode list = okList(data.keyA, "prod", null, body);
            assertThat(ids(list)).as("body %s", body).containsExactlyElementsOf(ids(expected.subList(0, 10)));
            assertPagination(list, total, 10, 0);
            assertStats(list.get("stats"), data.stats("ns_a1"), "default list");
        }
        // created_at ties are broken by cluster_id ascending (the data set has several)
        assertThat(expected).anySatisfy(c -> assertThat(expected.stream().filter(o -> o != c
                && o.createdAt.equals(c.createdAt))).isNotEmpty());
    }

    @Test
    void limitAndOffsetPageThroughTheResultsPerApiMd() {
        List<Cluster> expected = data.live("ns_a1", c -> true, ApiDataSet.DEFAULT_ORDER);
        int total = expected.size();
        int[][] pages = {{7, 0}, {7, 7}, {7, 14}, {10, 5}, {10, 3}, {25, total - total % 25}, {1, total - 1},
                {1, total}, {7, total + 5}, {1000, 0}, {3, 10_000}, {total, 0}, {total - 1, 1}};
        for (int[] page : pages) {
            int limit = page[0];
            int offset = page[1];
            JsonNode list = okList(data.keyA, "prod", "limit=" + limit + "&offset=" + offset, null);
            List<Cluster> slice = expected.subList(Math.min(offset, total), Math.min(offset + limit, total));
            assertThat(ids(list)).as("limit %d offset %d", limit, offset).containsExactlyElementsOf(ids(slice));
            assertPagination(list, total, limit, offset);
            assertStats(list.get("stats"), data.stats("ns_a1"), "stats cover all matches, not the page");
        }
    }

    @Test
    void aPaginationWalkReturnsEveryMatchExactlyOnce() {
        record Walk(Namespace ns, String body, Predicate<Cluster> filter, Comparator<Cluster> order) {
        }
        List<Walk> walks = List.of(
                new Walk(data.nsA1, "{\"sort\": {\"field\": \"num_documents_clustered\", \"direction\": \"desc\"}}",
                        c -> true, ApiDataSet.order(c -> c.numDocuments, true)),
                new Walk(data.nsA1, "{\"sort\": {\"field\": \"cluster_name\"}}",
                        c -> true, ApiDataSet.NAME_ASC),
                new Walk(data.nsB1, "{\"sort\": {\"field\": \"created_at\", \"direction\": \"asc\"},"
                        + " \"filters\": {\"field\": \"status\", \"operator\": \"in\", \"value\": [\"COMPLETED\", \"PROCESSING\"]}}",
                        c -> c.status.equals("COMPLETED") || c.status.equals("PROCESSING"),
                        ApiDataSet.order(c -> c.createdAt, false)),
                new Walk(data.nsA2, "{\"sort\": {\"field\": \"metadata.team\", \"direction\": \"desc\"}}",
                        c -> true, ApiDataSet.order(Cluster::team, true)));
        for (Walk walk : walks) {
            String key = data.keyOf(walk.ns().organizationId());
            List<String> expected = ids(data.live(walk.ns().id(), walk.filter(), walk.order()));
            List<String> seen = new ArrayList<>();
            String next = LIST + "?limit=7";
            int pages = 0;
            long totalPages = -1;
            while (next != null) {
                Response response = api.post(next, caller(key, walk.ns().id()), walk.body());
                assertThat(response.status()).as("%s %s", next, walk.body()).isEqualTo(200);
                JsonNode list = response.json();
                assertPagination(list, expected.size(), 7, 7 * pages);
                totalPages = list.get("pagination").get("total_pages").asLong();
                seen.addAll(ids(list));
                next = list.get("pagination").get("next_page").isNull() ? null
                        : list.get("pagination").get("next_page").textValue();
                pages++;
                assertThat(pages).as("walk terminates").isLessThan(200);
            }
            assertThat(new HashSet<>(seen)).as("no overlap in %s", walk.body()).hasSize(seen.size());
            assertThat(seen).as("walk over %s with %s", walk.ns().id(), walk.body()).containsExactlyElementsOf(expected);
            assertThat((long) pages).isEqualTo(Math.max(1, totalPages));
        }
    }

    @Test
    void aCursorWalkReturnsEveryMatchExactlyOnceInOrder() {
        String body = "{\"sort\": {\"field\": \"num_documents_clustered\", \"direction\": \"desc\"}}";
        List<String> expected = ids(data.live("ns_a1", c -> true, ApiDataSet.order(c -> c.numDocuments, true)));
        List<String> seen = cursorWalk(data.keyA, "ns_a1", body, 9, () -> { });
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aCursorIsBoundToItsBodyAndLimitAndMustBeOurs() {
        JsonNode first = okList(data.keyA, "ns_a1", "limit=5", null);
        String cursor = first.get("pagination").get("next_cursor").textValue();
        assertThat(cursor).isNotBlank();
        assertError(api.post(LIST + "?limit=6&cursor=" + cursor, caller(data.keyA, "ns_a1"), null), 422,
                "ValidationError", "a cursor used with another limit");
        assertError(api.post(LIST + "?limit=5&cursor=" + cursor, caller(data.keyA, "ns_a1"),
                "{\"search\": \"x\"}"), 422, "ValidationError", "a cursor used with another body");
        JsonNode garbage = assertError(api.post(LIST + "?limit=5&cursor=not-a-cursor", caller(data.keyA, "ns_a1"),
                null), 422, "ValidationError", "a cursor that is not ours");
        assertThat(garbage.toString()).contains("cursor");
        JsonNode second = okList(data.keyA, "ns_a1", "limit=5&offset=junk&cursor=" + cursor, null);
        assertThat(second.get("pagination").get("page").asInt()).as("the page number of the equivalent offset")
                .isEqualTo(2);
        assertThat(ids(second)).containsExactlyElementsOf(ids(okList(data.keyA, "ns_a1", "limit=5&offset=5", null)));
    }

    @Test
    void aCursorWalkWhileClustersKeepArrivingSeesEveryUnchangedClusterExactlyOnce() {
        List<String> before = ids(data.live("ns_a1", c -> true, ApiDataSet.DEFAULT_ORDER));
        List<String> arrivals = new ArrayList<>();
        java.util.Random random = new java.util.Random(SEED);
        List<String> seen = cursorWalk(data.keyA, "ns_a1", null, 7, () -> {
            // two new clusters per page, created anywhere in the data set's time range: before and after the cursor
            List<ProducerRecord<String, byte[]>> created = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = "cl_arrival_" + arrivals.size();
                arrivals.add(id);
                Instant at = Instant.parse("2025-06-01T00:00:00Z").plusSeconds(random.nextInt(60 * 86_400));
                created.add(arrivalEvent(id, 1, "cluster.created", at, Json.NODES.objectNode()
                        .put("cluster_name", "arrival " + id).put("cluster_type", "vector")
                        .set("input_collections", Json.NODES.arrayNode().add("col_arrivals"))));
            }
            sendAll(created);
        });
        try {
            assertThat(new HashSet<>(seen)).as("no duplicates").hasSize(seen.size());
            assertThat(seen.stream().filter(id -> !id.startsWith("cl_arrival_")).toList())
                    .as("every cluster that existed unchanged throughout, once, in order").containsExactlyElementsOf(before);
        } finally {
            List<ProducerRecord<String, byte[]>> deletions = new ArrayList<>();
            for (String id : arrivals) {
                deletions.add(arrivalEvent(id, 2, "cluster.deleted", Instant.parse("2025-09-01T00:00:00Z"),
                        Json.NODES.objectNode()));
            }
            sendAll(deletions);
            await("the arrivals are deleted again").atMost(CATCH_UP).pollInterval(Duration.ofMillis(100))
                    .until(() -> okList(data.keyA, "ns_a1", "limit=1", null).get("total_count").asLong() == before.size()
                            && api.get(STATS, caller(data.keyA, "ns_a1")).json().get("total_clusters").asLong()
                            == before.size());
        }
    }

    /** Walks every page with {@code next_cursor}, running {@code betweenPages} after each page. */
    private List<String> cursorWalk(String key, String namespace, String body, int limit, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        String next = LIST + "?limit=" + limit;
        int pages = 0;
        while (next != null) {
            Response response = api.post(next, caller(key, namespace), body);
            assertThat(response.status()).as("%s %s", next, body).isEqualTo(200);
            JsonNode list = response.json();
            assertThat(list.get("results").size()).isLessThanOrEqualTo(limit);
            seen.addAll(ids(list));
            JsonNode cursor = list.get("pagination").get("next_cursor");
            next = cursor.isNull() ? null : LIST + "?limit=" + limit + "&cursor=" + cursor.textValue();
            betweenPages.run();
            assertThat(++pages).as("walk terminates").isLessThan(500);
        }
        return seen;
    }

    private static ProducerRecord<String, byte[]> arrivalEvent(String id, long sequence, String type, Instant at,
                                                               ObjectNode data) {
        ObjectNode envelope = Json.NODES.objectNode();
        envelope.put("event_id", "evt_" + id + "_" + sequence);
        envelope.put("event_type", type);
        envelope.put("cluster_id", id);
        envelope.put("namespace_id", "ns_a1");
        envelope.put("organization_id", ApiDataSet.ORG_A);
        envelope.put("sequence", sequence);
        envelope.put("occurred_at", at.toString());
        envelope.set("data", data);
        return new ProducerRecord<>("cluster-events", id, ApiDataSet.bytes(envelope));
    }

    @Test
    void filtersSelectWhatTheModelSelects() {
        Instant july = Instant.parse("2025-07-01T00:00:00Z");
        record Case(String name, String filters, Predicate<Cluster> expected) {
        }
        List<Case> cases = List.of(
                new Case("status in", "{\"AND\": [{\"field\": \"status\", \"operator\": \"in\", \"value\": [\"FAILED\", \"CANCELED\"]}]}",
                        c -> c.status.equals("FAILED") || c.status.equals("CANCELED")),
                new Case("metadata.team eq (case-insensitive by default)",
                        "{\"AND\": [{\"field\": \"metadata.team\", \"operator\": \"eq\", \"value\": \"search\"}]}",
                        c -> c.team() != null && c.team().equalsIgnoreCase("search")),
                new Case("metadata.team eq, case-sensitive",
                        "{\"case_sensitive\": true, \"AND\": [{\"field\": \"metadata.team\", \"value\": \"Search\"}]}",
                        c -> "Search".equals(c.team())),
                new Case("shorthand pair", "{\"metadata.team\": \"ads\"}", c -> "ads".equals(c.team())),
                new Case("NOT (also matches a missing field)",
                        "{\"NOT\": [{\"field\": \"metadata.env\", \"operator\": \"eq\", \"value\": \"prod\"}]}",
                        c -> !"prod".equals(c.env())),
                new Case("nested OR",
                        "{\"AND\": [{\"field\": \"status\", \"value\": \"COMPLETED\"}, {\"OR\": ["
                                + "{\"field\": \"metadata.team\", \"value\": \"ads\"},"
                                + "{\"AND\": [{\"field\": \"num_documents_clustered\", \"operator\": \"gte\", \"value\": 2500},"
                                + " {\"field\": \"metadata.env\", \"operator\": \"ne\", \"value\": \"dev\"}]}]}]}",
                        c -> c.status.equals("COMPLETED") && ("ads".equals(c.team())
                                || (c.numDocuments != null && c.numDocuments >= 2500 && !"dev".equals(c.env())))),
                new Case("NOT as one object around an OR",
                        "{\"NOT\": {\"OR\": [{\"field\": \"status\", \"value\": \"PENDING\"},"
                                + " {\"field\": \"metadata.team\", \"operator\": \"exists\", \"value\": true}]}}",
                        c -> !c.status.equals("PENDING") && c.team() == null),
                new Case("empty OR adds no constraint, AND with status nin",
                        "{\"OR\": [], \"AND\": [{\"field\": \"status\", \"operator\": \"nin\", \"value\": [\"PENDING\", \"PROCESSING\"]}]}",
                        c -> !c.status.equals("PENDING") && !c.status.equals("PROCESSING")),
                new Case("timestamps compare as instants",
                        "{\"AND\": [{\"field\": \"created_at\", \"operator\": \"gte\", \"value\": \"2025-07-01T02:00:00+02:00\"}]}",
                        c -> !c.createdAt.isBefore(july)),
                new Case("no match", "{\"AND\": [{\"field\": \"status\", \"value\": \"NO_SUCH_STATUS\"}]}", c -> false));
        for (Namespace ns : data.namespaces) {
            String key = data.keyOf(ns.organizationId());
            for (Case c : cases) {
                List<Cluster> expected = data.live(ns.id(), c.expected(), ApiDataSet.DEFAULT_ORDER);
                JsonNode list = okList(key, ns.id(), "limit=1000", "{\"filters\": " + c.filters() + "}");
                String what = c.name() + " in " + ns.id();
                assertThat(ids(list)).as(what).containsExactlyElementsOf(ids(expected));
                assertThat(list.get("total_count").asLong()).as(what).isEqualTo(expected.size());
                assertStats(list.get("stats"), Stats.of(expected), what);
                // paged, the totals and stats stay those of all matches
                JsonNode page = okList(key, ns.id(), "limit=3&offset=2", "{\"filters\": " + c.filters() + "}");
                assertThat(ids(page)).as(what + ", page").containsExactlyElementsOf(
                        ids(expected.subList(Math.min(2, expected.size()), Math.min(5, expected.size()))));
                assertPagination(page, expected.size(), 3, 2);
                assertStats(page.get("stats"), Stats.of(expected), what + ", page");
            }
            assertThat(cases.stream().filter(c -> !data.live(ns.id(), c.expected(), ApiDataSet.DEFAULT_ORDER).isEmpty()))
                    .as("cases that select something in %s", ns.id()).hasSizeGreaterThanOrEqualTo(cases.size() - 2);
        }
        // search, combined with filters by AND
        JsonNode search = okList(data.keyA, "prod", "limit=1000",
                "{\"search\": \"NIGHTLY embed\", \"filters\": {\"field\": \"status\", \"operator\": \"ne\", \"value\": \"PROCESSING\"}}");
        assertThat(ids(search)).containsExactlyElementsOf(ids(data.live("ns_a1",
                c -> c.name.equals(ApiDataSet.DUPLICATE_NAME) && !c.status.equals("PROCESSING"), ApiDataSet.DEFAULT_ORDER)));
    }

    // ------------------------------------------------------------------------------------------------ stats

    @Test
    void theStatsEndpointEqualsTheUnfilteredListStatsAndARecount() {
        List<String[]> callers = new ArrayList<>();
        for (Namespace ns : data.namespaces) {
            callers.add(new String[] {data.keyOf(ns.organizationId()), ns.id()});
        }
        callers.add(new String[] {DEV_KEY, "default"});
        for (String[] c : callers) {
            String key = c[0];
            String ns = c[1];
            Stats model = ns.equals("default") ? Stats.of(List.of()) : data.stats(ns);
            // the stats store sits behind a repartition: it may lag the view for a moment
            await("stats of " + ns).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertStats(okGet(STATS, key, ns), model, "GET stats of " + ns));
            JsonNode fromStore = okGet(STATS, key, ns);
            JsonNode fromList = okList(key, ns, "limit=1", null).get("stats");
            assertThat(statsFields(fromStore)).as("GET stats vs list stats of %s", ns).isEqualTo(statsFields(fromList));
            assertStats(fromList, model, "list stats of " + ns);
        }
    }

    // ------------------------------------------------------------------------------------------------ get

    @Test
    void getByIdAnswersTheClusterOfTheCallersNamespace() {
        for (Namespace ns : data.namespaces) {
            for (Cluster c : data.live(ns.id())) {
                JsonNode cluster = okGet("/v1/clusters/" + c.id, data.keyOf(ns.organizationId()), ns.name());
                assertThat(fieldNames(cluster)).containsExactlyElementsOf(ApiDataSet.CLUSTER_FIELDS);
                assertThat(cluster).as("GET %s", c).isEqualTo(c.json());
            }
        }
        // a cluster deleted and created again answers as its new incarnation
        Cluster reborn = data.clusters.values().stream().filter(c -> c.live && c.name.startsWith("reborn-"))
                .findFirst().orElseThrow();
        assertThat(okGet("/v1/clusters/" + reborn.id, data.keyOf(reborn.organizationId), reborn.namespaceId)
                .get("created_at").textValue()).isEqualTo(reborn.createdAt.toString());
    }

    @Test
    void getByNameAnswersTheMostRecentlyCreatedClusterOfThatNameInTheNamespace() {
        for (Namespace ns : data.namespaces) {
            Cluster newest = data.live(ns.id(), c -> c.name.equals(ApiDataSet.DUPLICATE_NAME),
                    Comparator.comparing((Cluster c) -> c.createdAt).reversed()).get(0);
            JsonNode byName = okGet("/v1/clusters/" + ApiDataSet.DUPLICATE_NAME, data.keyOf(ns.organizationId()), ns.id());
            assertThat(byName).as("%s by name in %s", ApiDataSet.DUPLICATE_NAME, ns.id()).isEqualTo(newest.json());
        }
        // in ns_a1: four of that name, the newest deleted, the oldest updated last
        List<Cluster> ofName = data.clusters.values().stream()
                .filter(c -> c.namespaceId.equals("ns_a1") && c.name.equals(ApiDataSet.DUPLICATE_NAME)).toList();
        assertThat(ofName).hasSize(4);
        assertThat(ofName.stream().filter(c -> !c.live)).hasSize(1);

        // unique names, including ones outside ASCII (percent-encoded in the path)
        int checked = 0;
        for (Cluster c : data.live("ns_a1")) {
            long sameName = data.live("ns_a1").stream().filter(o -> o.name.equals(c.name)).count();
            if (sameName == 1 && !data.clusters.containsKey(c.name)) {
                assertThat(okGet("/v1/clusters/" + encode(c.name), data.keyA, "prod")).as("by name %s", c.name)
                        .isEqualTo(c.json());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
        // a name of another namespace is not found
        Cluster inA2 = data.live("ns_a2").stream().filter(c -> !c.name.equals(ApiDataSet.DUPLICATE_NAME))
                .findFirst().orElseThrow();
        assertError(api.get("/v1/clusters/" + encode(inA2.name), caller(data.keyA, "prod")), 404, "NotFoundError",
                "name of an ns_a2 cluster from ns_a1");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Checks the envelope of api.md and the status, and returns the body. {@code type} null: any type. */
    private static JsonNode assertError(Response response, int status, String type, String what) {
        assertThat(response.status()).as("%s: status of %s", what, response).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("%s: content type", what).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body).as("%s: JSON body of %s", what, response).isNotNull();
        assertThat(fieldNames(body)).as("%s: envelope keys", what).containsExactlyInAnyOrder("success", "status", "error");
        assertThat(body.get("success").isBoolean() && !body.get("success").booleanValue()).as("%s: success", what).isTrue();
        assertThat(body.get("status").isInt() ? body.get("status").intValue() : -1).as("%s: status field", what)
                .isEqualTo(status);
        JsonNode error = body.get("error");
        assertThat(fieldNames(error)).as("%s: error keys", what).containsExactlyInAnyOrder("type", "message", "details");
        if (type != null) {
            assertThat(error.get("type").textValue()).as("%s: error.type", what).isEqualTo(type);
        }
        assertThat(error.get("message").isTextual() && !error.get("message").textValue().isBlank())
                .as("%s: error.message", what).isTrue();
        assertThat(error.get("message").textValue()).as("%s: no stack trace", what).doesNotContain("\tat ", "Exception:");
        assertThat(error.get("details").isObject()).as("%s: error.details is an object", what).isTrue();
        return body;
    }

    private void assertPagination(JsonNode list, long total, int limit, int offset) {
        String what = "pagination of limit " + limit + " offset " + offset + " over " + total;
        JsonNode p = list.get("pagination");
        assertThat(list.get("total_count").asLong()).as(what).isEqualTo(total);
        ObjectNode expected = Json.NODES.objectNode();
        expected.put("total", total);
        expected.put("page", offset / limit + 1);
        expected.put("page_size", limit);
        expected.put("total_pages", (total + limit - 1) / limit);
        expected.put("next_page", offset + limit < total ? LIST + "?limit=" + limit + "&offset=" + (offset + limit) : null);
        expected.put("previous_page", offset > 0 ? LIST + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit) : null);
        ObjectNode actual = p.deepCopy();
        actual.remove("next_cursor"); // the cursor extension is opaque
        assertThat(ApiDataSet.normalise(actual)).as(what).isEqualTo(ApiDataSet.normalise(expected));
    }

    private static void assertStats(JsonNode stats, Stats expected, String what) {
        assertThat(stats.get("total_clusters").asLong()).as("%s: total_clusters", what).isEqualTo(expected.totalClusters());
        assertThat(stats.get("total_documents").asLong()).as("%s: total_documents", what).isEqualTo(expected.totalDocuments());
        assertThat(stats.get("avg_documents_per_cluster").isNumber()).as("%s: average is a number", what).isTrue();
        assertThat(stats.get("avg_documents_per_cluster").asDouble()).as("%s: avg_documents_per_cluster", what)
                .isCloseTo(expected.average(), within(1e-9));
        Map<String, Long> byStatus = new TreeMap<>();
        stats.get("clusters_by_status").properties().forEach(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
        assertThat(byStatus).as("%s: clusters_by_status", what).isEqualTo(expected.byStatus());
    }

    private static JsonNode statsFields(JsonNode stats) {
        ObjectNode node = Json.NODES.objectNode();
        for (String field : List.of("total_clusters", "total_documents", "avg_documents_per_cluster", "clusters_by_status")) {
            node.set(field, stats.get(field));
        }
        return node;
    }

    private void assertNamespaceIs(String key, String header, Namespace expected) {
        JsonNode list = okList(key, header, "limit=1000", null);
        assertOnlyOwn(list, expected);
        assertThat(ids(list)).as("X-Namespace %s", header).containsExactlyInAnyOrderElementsOf(ids(data.live(expected.id())));
        assertStats(okGet(STATS, key, header), data.stats(expected.id()), "stats of X-Namespace " + header);
        Cluster one = data.live(expected.id()).get(0);
        assertThat(okGet("/v1/clusters/" + one.id, key, header)).isEqualTo(one.json());
    }

    private static void assertOnlyOwn(JsonNode list, Namespace ns) {
        for (JsonNode c : results(list)) {
            assertThat(c.get("namespace_id").textValue()).as("namespace of %s", c.get("cluster_id")).isEqualTo(ns.id());
            assertThat(c.get("organization_id").textValue()).as("organization of %s", c.get("cluster_id"))
                    .isEqualTo(ns.organizationId());
        }
    }

    private JsonNode okList(String key, String namespace, String query, String body) {
        Response response = api.list(key, namespace, query, body);
        assertThat(response.status()).as("list %s in %s ?%s %s", key, namespace, query, body).isEqualTo(200);
        return response.json();
    }

    private JsonNode okGet(String path, String key, String namespace) {
        Response response = api.get(path, caller(key, namespace));
        assertThat(response.status()).as("GET %s in %s: %s", path, namespace, response).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> results(JsonNode list) {
        List<JsonNode> results = new ArrayList<>();
        list.get("results").forEach(results::add);
        return results;
    }

    private static List<String> ids(JsonNode list) {
        return results(list).stream().map(c -> c.get("cluster_id").textValue()).toList();
    }

    private static List<String> ids(List<Cluster> clusters) {
        return clusters.stream().map(c -> c.id).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String padded(String json, int bytes) {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return json + " ".repeat(bytes - length);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(String raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<String, byte[]> namespaceRecord(Namespace ns) {
        Map<String, String> value = new TreeMap<>();
        value.put("namespace_id", ns.id());
        value.put("namespace_name", ns.name());
        value.put("organization_id", ns.organizationId());
        return new ProducerRecord<>("namespaces", ns.id(), ApiDataSet.bytes(value));
    }

    private static ProducerRecord<String, byte[]> apiKeyRecord(String rawKey, String organization, String name) {
        Map<String, String> value = new TreeMap<>();
        value.put("organization_id", organization);
        value.put("name", name);
        value.put("created_at", Instant.now().toString());
        return new ProducerRecord<>("api-keys", sha256(rawKey), ApiDataSet.bytes(value));
    }

    private static ProducerRecord<String, byte[]> event(String clusterId, String namespaceId, String organizationId,
                                                        long sequence, String type, String data) {
        String json = "{\"event_id\": \"evt_" + clusterId + "_" + sequence + "\", \"event_type\": \"" + type
                + "\", \"cluster_id\": \"" + clusterId + "\", \"namespace_id\": \"" + namespaceId
                + "\", \"organization_id\": \"" + organizationId + "\", \"sequence\": " + sequence
                + ", \"occurred_at\": \"2025-09-01T00:00:0" + sequence + "Z\", \"data\": " + data + "}";
        return new ProducerRecord<>("cluster-events", clusterId, json.getBytes(StandardCharsets.UTF_8));
    }

    private void sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        records.forEach(r -> acks.add(producer.send(r)));
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
