package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
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
 * Three instances on one broker answer every request for the whole namespace exactly as one instance holding every
 * partition does. Instance A runs alone first and answers a few hundred random list requests (the single-instance
 * answers, also checked against {@link ListEngine} over an independent replay of the events); then B (in this JVM)
 * and C (a child JVM) join, and every instance must give byte-identical bodies. Each instance keeps a standby
 * replica of another's partitions, which answers for them flagged with its lag. Finally C is SIGKILLed while
 * requests keep going to A and B: each answer is the right one (standby replicas answer for C's partitions,
 * flagged {@code X-View-Stale}) or a 503 naming partitions, and full service returns after the rebalance.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScatterGatherIT {
    private static final Logger LOG = LoggerFactory.getLogger(ScatterGatherIT.class);
    private static final long SEED = Long.getLong("scatter.it.seed", 20261129L);
    private static final int EVENTS = 3000;
    private static final int REQUESTS = 300;
    /** List requests whose pages are followed by cursor for up to three more pages. */
    private static final int CURSOR_WALKS = 40;
    private static final Duration READY = Duration.ofSeconds(120);
    /** Short sessions so that the killed instance's partitions move within seconds (documented KAFKA_* pass-through). */
    private static final Map<String, String> FAST_SESSIONS = Map.of(
            "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
    private static final Map<String, String> KEYS = Map.of("org_1", "sk_it_scatter_org1", "org_2", "sk_it_scatter_org2");

    private final Path root = Path.of("target", "it-scatter-" + UUID.randomUUID()).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafkaBroker broker;
    private ClusterIndexApp a;
    private ClusterIndexApp b;
    private IndexerProcess c;
    private ExpectedView expected;
    private final List<Call> calls = new ArrayList<>();
    /** Right answers flagged {@code X-View-Stale} (served partly by standby replicas). */
    private final AtomicInteger stale = new AtomicInteger();
    /** The first distinct messages of the 503s seen while an instance was down (logged). */
    private final Set<String> unavailableReasons = ConcurrentHashMap.newKeySet();
    /** The single-instance answer (status and body) of each call. */
    private final List<Answer> single = new ArrayList<>();

    record Call(String namespace, String method, String path, String body) {
        Map<String, String> headers() {
            return Map.of("Authorization", "Bearer " + KEYS.get(EventStream.organizationOf(namespace)),
                    "X-Namespace", namespace);
        }
    }

    record Answer(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return Json.TRUSTED.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    @BeforeAll
    void recordTheAnswersOfOneInstanceAloneThenStartTwoMore() throws Exception {
        broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0);
        a = ClusterIndexApp.start(config("a"));
        registerTenants();
        List<GeneratedRecord> records = EventStream.forTests(SEED, 400, EVENTS).next(EVENTS);
        expected = ExpectedView.replay(KafkaIO.publish(broker.bootstrapServers(), records));
        KafkaIO.awaitGroupCaughtUp(broker.bootstrapServers(), READY);
        await("instance A lists every live cluster").atMost(READY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (Namespace ns : EventStream.TEST_NAMESPACES) {
                        Answer all = send(a.httpPort(), new Call(ns.id(), "POST", "/v1/clusters/list?limit=1", null));
                        assertThat(all.status()).as("%s", all.body()).isEqualTo(200);
                        assertThat(all.json().get("total_count").longValue()).isEqualTo(view(ns.id()).size());
                    }
                });

        Random random = new Random(SEED);
        Map<String, RandomListing> generators = new LinkedHashMap<>();
        EventStream.TEST_NAMESPACES.forEach(ns -> generators.put(ns.id(), new RandomListing(random, view(ns.id()))));
        for (int i = 0; i < REQUESTS; i++) {
            String ns = EventStream.TEST_NAMESPACES.get(i % EventStream.TEST_NAMESPACES.size()).id();
            RandomListing.Request request = generators.get(ns).next();
            calls.add(new Call(ns, "POST", listPath(request.limit(), request.offset()),
                    Json.MAPPER.writeValueAsString(request.body())));
        }
        List<String> ids = new ArrayList<>(expected.liveClusters().keySet());
        for (int i = 0; i < 40; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            calls.add(new Call(expected.liveClusters().get(id).get("namespace_id").textValue(), "GET",
                    "/v1/clusters/" + id, null));
        }
        for (String id : expected.deletedClusters().keySet().stream().limit(10).toList()) {
            calls.add(new Call("ns_alpha", "GET", "/v1/clusters/" + id, null));
        }
        for (Namespace ns : EventStream.TEST_NAMESPACES) {
            calls.add(new Call(ns.id(), "GET", "/v1/clusters/stats", null));
            view(ns.id()).stream().map(cluster -> cluster.get("cluster_name").textValue())
                    .filter(name -> name.matches("[A-Za-z0-9_-]+") && !expected.liveClusters().containsKey(name))
                    .findFirst()
                    .ifPresent(name -> calls.add(new Call(ns.id(), "GET", "/v1/clusters/" + name, null)));
        }
        for (Call call : calls) {
            single.add(send(a.httpPort(), call));
        }
        for (int i = 0; i < CURSOR_WALKS; i++) {
            Call call = calls.get(i);
            JsonNode next = single.get(i).json().get("pagination").get("next_cursor");
            for (int page = 0; page < 3 && next != null && !next.isNull(); page++) {
                String path = call.path() + (call.path().contains("?") ? "&" : "?") + "cursor=" + next.textValue();
                call = new Call(call.namespace(), "POST", path, call.body());
                calls.add(call);
                Answer answer = send(a.httpPort(), call);
                assertThat(answer.status()).as("%s: %s", call, answer.body()).isEqualTo(200);
                single.add(answer);
                next = answer.json().get("pagination").get("next_cursor");
            }
        }
        LOG.info("instance A alone answered {} requests", calls.size());

        b = ClusterIndexApp.start(config("b"));
        c = IndexerProcess.isolated(root.resolve("c"), 0, root.resolve("c.log"), env("c", broker.bootstrapServers()));
        c.awaitReady(http, READY);
        awaitThreeInstancesEachWithPartitions();
    }

    @AfterAll
    void stopAll() {
        ItTenants.closeAll(c, b, a, broker);
    }


    @Test
    void theSingleInstanceAnswersEqualAnIndependentReplay() {
        int compared = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Answer answer = single.get(i);
            String context = call + " -> " + answer.status() + " " + abbreviate(answer.body());
            if (call.path().startsWith("/v1/clusters/list")) {
                assertThat(answer.status()).as(context).isEqualTo(200);
                JsonNode body = answer.json();
                if (call.path().contains("cursor=")) {
                    continue;
                }
                ListPage reference = reference(call);
                ArrayNode results = Json.NODES.arrayNode();
                reference.trees().forEach(results::add);
                assertThat(body.get("results")).as(context).isEqualTo(normalised(results));
                assertThat(body.get("total_count").longValue()).as(context).isEqualTo(reference.total());
                assertThat(body.get("stats").get("total_documents").longValue()).as(context)
                        .isEqualTo(reference.stats().totalDocuments());
                compared++;
            } else if (call.path().equals("/v1/clusters/stats")) {
                ListPage all = ListEngine.run(ListQuery.defaults(), view(call.namespace()));
                assertThat(answer.json().get("total_clusters").longValue()).as(context).isEqualTo(all.total());
                assertThat(answer.json().get("total_documents").longValue()).as(context)
                        .isEqualTo(all.stats().totalDocuments());
            } else {
                String id = call.path().substring("/v1/clusters/".length());
                ObjectNode cluster = expected.liveClusters().get(id);
                if (cluster != null) {
                    assertThat(answer.status()).as(context).isEqualTo(200);
                    assertThat(answer.json()).as(context).isEqualTo(normalised(cluster));
                } else if (expected.deletedClusters().containsKey(id)) {
                    assertThat(answer.status()).as(context).isEqualTo(404);
                } else {
                    assertThat(answer.status()).as("by name: %s", context).isEqualTo(200);
                }
            }
        }
        assertThat(compared).isEqualTo(REQUESTS);
    }

    @Test
    void threeInstancesGiveEveryRequestTheSameBodyAsOneInstanceAlone() {
        int[] ports = {a.httpPort(), b.httpPort(), c.httpPort()};
        for (int i = 0; i < calls.size(); i++) {
            for (int port : ports) {
                Answer answer = send(port, calls.get(i));
                assertThat(answer.status()).as("%s on port %d: %s", calls.get(i), port, abbreviate(answer.body()))
                        .isEqualTo(single.get(i).status());
                assertThat(answer.body()).as("%s on port %d", calls.get(i), port).isEqualTo(single.get(i).body());
                if (calls.get(i).path().startsWith("/v1/clusters/list")) {
                    assertThat(answer.header("X-View-Offsets")).as("positions of every partition")
                            .matches("0:-?\\d+,1:-?\\d+,2:-?\\d+");
                }
            }
        }
    }

    @Test
    void readYourWritesHeadersWorkAcrossInstances() {
        Call list = calls.get(0);
        Answer first = send(a.httpPort(), list);
        String offsets = first.header("X-View-Offsets");
        for (int port : new int[] {a.httpPort(), b.httpPort(), c.httpPort()}) {
            Answer waited = send(port, list, Map.of("X-Min-Offsets", offsets, "X-Wait-Ms", "5000"));
            assertThat(waited.status()).as(waited.body()).isEqualTo(200);
            assertThat(waited.body()).isEqualTo(single.get(0).body());
            Answer stats = send(port, new Call(list.namespace(), "GET", "/v1/clusters/stats", null),
                    Map.of("X-Min-Offsets", offsets));
            assertThat(stats.status()).isEqualTo(200);
            Answer future = send(port, list, Map.of("X-Min-Offsets", "1:999999999", "X-Wait-Ms", "300"));
            assertThat(future.status()).as(future.body()).isEqualTo(503);
            assertThat(future.header("Retry-After")).isNotNull();
            Answer unknown = send(port, list, Map.of("X-Min-Offsets", "5:1"));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("error").get("message").textValue()).contains("partition 5");
        }
    }

    @Test
    void theInternalEndpointRefusesCallersWithoutTheSharedCredential() {
        for (int port : new int[] {a.httpPort(), b.httpPort(), c.httpPort()}) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(),
                    Map.of("X-Internal-Token", "not-the-secret"), Map.of("X-Internal-Token", ""))) {
                Map<String, String> all = new HashMap<>(headers);
                all.put("X-Organization-Id", "org_1");
                all.put("X-Namespace-Id", "ns_alpha");
                for (String[] route : new String[][] {{"POST", "/internal/v1/clusters/list"},
                        {"GET", "/internal/v1/clusters/stats"}, {"GET", "/internal/v1/clusters/by-id?cluster_id=x"}}) {
                    Answer answer = send(port, route[0], route[1], all, route[0].equals("POST") ? "{}" : null);
                    assertThat(answer.status()).as("%s %s %s", route[0], route[1], headers).isEqualTo(401);
                    JsonNode error = answer.json().get("error");
                    assertThat(error.get("type").textValue()).isEqualTo("UnauthorizedError");
                    assertThat(answer.json().get("success").booleanValue()).isFalse();
                }
            }
        }
    }

    @Test
    void instancesStartingTogetherAgreeOnOneGeneratedCredential() throws Exception {
        String topic = "it-internal-credential";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ExecutorService starting = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<InternalCredential>> credentials = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                credentials.add(starting.submit(() -> {
                    go.await();
                    return InternalCredential.resolve(Optional.empty(), client, topic);
                }));
            }
            go.countDown();
            Set<String> secrets = new TreeSet<>();
            for (Future<InternalCredential> credential : credentials) {
                secrets.add(credential.get(60, TimeUnit.SECONDS).value());
            }
            assertThat(secrets).hasSize(1);
            List<ConsumerRecord<String, byte[]>> records = KafkaIO.readAll(broker.bootstrapServers(), topic,
                    Duration.ofSeconds(30));
            assertThat(records).isNotEmpty();
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(secrets.iterator().next());
            assertThat(InternalCredential.resolve(Optional.empty(), client, topic).value())
                    .as("a later instance").isEqualTo(secrets.iterator().next());
            assertThat(InternalCredential.resolve(Optional.of("configured"), client, topic).value()).isEqualTo("configured");
        } finally {
            starting.shutdownNow();
        }
    }

    @Test
    void aStandbyReplicaAnswersForItsPartitionsWithItsLagAndRefusesBadPartitionLists() {
        String token = InternalCredential.resolve(Optional.empty(),
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())).value();
        int checked = 0;
        for (ClusterIndexApp app : new ClusterIndexApp[] {a, b}) {
            SortedSet<Integer> standby = new TreeSet<>();
            for (StreamsMetadata instance : app.streams().metadataForAllStreamsClients()) {
                if (instance.hostInfo().port() == app.httpPort()) {
                    instance.standbyTopicPartitions().stream().filter(tp -> tp.topic().equals(KafkaIO.EVENTS))
                            .forEach(tp -> standby.add(tp.partition()));
                }
            }
            if (standby.isEmpty()) {
                continue;
            }
            for (Call call : calls.subList(0, 30)) {
                Map<String, String> headers = Map.of("X-Internal-Token", token,
                        "X-Organization-Id", EventStream.organizationOf(call.namespace()),
                        "X-Namespace-Id", call.namespace(), "X-Partitions", join(standby));
                String path = call.path().replace("/v1/clusters/list", "/internal/v1/clusters/list-copies");
                ListQuery share = ListRequest.shareOf(parse(call));
                List<ObjectNode> inStandby = view(call.namespace()).stream()
                        .filter(cluster -> standby.contains(partitionOf(cluster))).toList();
                ListPage reference = ListEngine.run(share, inStandby);
                await("the standby copy of " + standby + " on port " + app.httpPort() + " is current")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            Answer answer = send(app.httpPort(), "POST", path, headers, call.body());
                            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                            JsonNode body = answer.json();
                            assertThat(body.get("partitions")).as(answer.body())
                                    .isEqualTo(Json.MAPPER.valueToTree(standby));
                            assertThat(body.get("lags").properties()).as("every partition flagged with its lag")
                                    .hasSize(standby.size());
                            assertThat(body.get("value").get("total").longValue()).isEqualTo(reference.total());
                            assertThat(ids(body.get("value").get("results")))
                                    .isEqualTo(ids(Json.MAPPER.valueToTree(reference.results())));
                        });
                checked++;
            }
            for (String bad : new String[] {null, "", "x", "1,,2", "-1", "1234567890", "0,1,"}) {
                Map<String, String> headers = new HashMap<>(Map.of("X-Internal-Token", token,
                        "X-Organization-Id", "org_1", "X-Namespace-Id", "ns_alpha"));
                if (bad != null) {
                    headers.put("X-Partitions", bad);
                }
                Answer refused = send(app.httpPort(), "POST", "/internal/v1/clusters/list-copies", headers, "{}");
                assertThat(refused.status()).as("X-Partitions '%s': %s", bad, refused.body()).isEqualTo(400);
                assertThat(refused.json().get("error").get("message").textValue()).contains("X-Partitions");
            }
        }
        assertThat(checked).as("an in-process instance keeps standby replicas").isPositive();
    }

    /** Runs last ({@link Order} is used for nothing else): it kills C, which every other test asks. */
    @Test
    @Order(Integer.MAX_VALUE)
    void afterAnInstanceIsKilledEveryAnswerIsRightOrA503AndFullServiceReturns() {
        int[] ports = {a.httpPort(), b.httpPort()};
        Random random = new Random(SEED + 1);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        for (int i = 0; i < 30; i++) {
            assertRightOr503(ports[i % 2], random.nextInt(calls.size()), ok, unavailable);
        }
        stale.set(0);
        c.kill();
        long killed = System.nanoTime();
        LOG.info("SIGKILLed instance C");
        int[] streak = {0};
        await("full service from active tasks after the rebalance").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    for (int port : ports) {
                        int before = stale.get();
                        boolean served = assertRightOr503(port, random.nextInt(calls.size()), ok, unavailable);
                        streak[0] = served && stale.get() == before ? streak[0] + 1 : 0;
                    }
                    return streak[0] >= 100;
                });
        LOG.info("full service {} ms after the kill: {} right answers ({} of them from standby copies), {} x 503",
                (System.nanoTime() - killed) / 1_000_000, ok.get(), stale.get(), unavailable.get());
        unavailableReasons.forEach(reason -> LOG.info("a 503 during the gap: {}", reason));
        assertThat(stale.get()).as("answers served by standby replicas while C's partitions had no active task")
                .isPositive();
        for (int i = 0; i < calls.size(); i++) {
            Answer answer = send(ports[i % 2], calls.get(i));
            assertThat(answer.body()).as("%s after the rebalance", calls.get(i)).isEqualTo(single.get(i).body());
        }
    }

    /** True for the right answer, false for a 503; anything else fails the test. */
    private boolean assertRightOr503(int port, int call, AtomicInteger ok, AtomicInteger unavailable) {
        Answer answer = send(port, calls.get(call));
        if (answer.status() == 503) {
            JsonNode error = answer.json().get("error");
            assertThat(error.get("type").textValue()).isEqualTo("ServiceUnavailableError");
            assertThat(answer.header("Retry-After")).isNotNull();
            if (calls.get(call).path().startsWith("/v1/clusters/list")) {
                assertThat(error.get("details").get("partitions")).as(answer.body()).isNotEmpty();
            }
            unavailable.incrementAndGet();
            if (unavailableReasons.size() < 10) {
                unavailableReasons.add(error.get("message").textValue());
            }
            return false;
        }
        assertThat(answer.status()).as("%s: %s", calls.get(call), abbreviate(answer.body()))
                .isEqualTo(single.get(call).status());
        assertThat(answer.body()).as("%s", calls.get(call)).isEqualTo(single.get(call).body());
        ok.incrementAndGet();
        if ("true".equals(answer.header("X-View-Stale"))) {
            assertThat(answer.header("X-View-Lag")).as("the lag of a stale answer").matches("\\d+:\\d+(,\\d+:\\d+)*");
            stale.incrementAndGet();
        } else {
            assertThat(answer.header("X-View-Lag")).isNull();
        }
        return true;
    }

    private void awaitThreeInstancesEachWithPartitions() {
        await("three instances, each with cluster-events partitions, all RUNNING").atMost(READY)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (ClusterIndexApp app : new ClusterIndexApp[] {a, b}) {
                        if (app.streams().state() != KafkaStreams.State.RUNNING) {
                            return false;
                        }
                    }
                    c.requireAlive();
                    Set<String> hosts = new TreeSet<>();
                    Set<Integer> partitions = new TreeSet<>();
                    for (StreamsMetadata instance : a.streams().metadataForAllStreamsClients()) {
                        for (TopicPartition partition : instance.topicPartitions()) {
                            if (partition.topic().equals(KafkaIO.EVENTS)) {
                                hosts.add(instance.hostInfo().toString());
                                partitions.add(partition.partition());
                            }
                        }
                    }
                    return hosts.size() == 3 && partitions.size() == 3
                            && c.status(http, "/health/ready") == 200
                            && send(a.httpPort(), calls.get(0)).body().equals(single.get(0).body())
                            && send(b.httpPort(), calls.get(0)).body().equals(single.get(0).body())
                            && send(c.httpPort(), calls.get(0)).body().equals(single.get(0).body());
                });
    }

    private static int partitionOf(ObjectNode cluster) {
        byte[] key = cluster.get("cluster_id").textValue().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % 3;
    }

    private static List<String> ids(JsonNode results) {
        List<String> ids = new ArrayList<>();
        results.forEach(result -> ids.add(result.get("cluster_id").textValue()));
        return ids;
    }

    private static String join(Set<Integer> partitions) {
        return String.join(",", partitions.stream().map(String::valueOf).toList());
    }

    private ListPage reference(Call call) {
        return ListEngine.run(parse(call), view(call.namespace()));
    }

    private static ListQuery parse(Call call) {
        URI uri = URI.create("http://x" + call.path());
        String limit = null;
        String offset = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("limit")) {
                    limit = kv[1];
                } else if (kv[0].equals("offset")) {
                    offset = kv[1];
                }
            }
        }
        try {
            ParsedRequest parsed = ListRequestParser.parse(Json.MAPPER.readTree(call.body()), limit, offset);
            return ((ParsedRequest.Valid) parsed).query();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live clusters of a namespace (and its organization) as the stores hold them: read back from their JSON. */
    private List<ObjectNode> view(String namespace) {
        String organization = EventStream.organizationOf(namespace);
        List<ObjectNode> clusters = new ArrayList<>();
        for (ObjectNode cluster : expected.namespace(namespace)) {
            if (organization.equals(cluster.get("organization_id").textValue())) {
                clusters.add((ObjectNode) normalised(cluster));
            }
        }
        return clusters;
    }

    private static JsonNode normalised(JsonNode node) {
        try {
            return Json.TRUSTED.readTree(Json.MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void registerTenants() throws Exception {
        ItTenants.register(broker.bootstrapServers(), EventStream.TEST_NAMESPACES, KEYS);
        await("tenants known").atMost(READY).pollInterval(Duration.ofMillis(100)).until(() ->
                send(a.httpPort(), new Call("ns_gamma", "GET", "/v1/clusters/stats", null)).status() == 200);
    }

    private Config config(String name) {
        return Config.fromEnvironment(env(name, broker.bootstrapServers()));
    }

    private Map<String, String> env(String name, String bootstrap) {
        Map<String, String> env = new HashMap<>(FAST_SESSIONS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STATE_DIR", root.resolve(name).toString());
        env.put("HTTP_PORT", "0");
        return env;
    }

    private static String listPath(String limit, String offset) {
        List<String> params = new ArrayList<>();
        if (limit != null) {
            params.add("limit=" + limit);
        }
        if (offset != null) {
            params.add("offset=" + offset);
        }
        return "/v1/clusters/list" + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }

    private Answer send(int port, Call call) {
        return send(port, call, Map.of());
    }

    private Answer send(int port, Call call, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(call.headers());
        headers.putAll(extra);
        return send(port, call.method(), call.path(), headers, call.body());
    }

    private Answer send(int port, String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), new TreeMap<>(response.headers().map()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
}
