package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.api.ApiClient;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import io.clusterindex.topology.DeadLetterHeaders;
import io.clusterindex.topology.EventRouting;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events published the way librdkafka-based clients (Python, Go, Node, .NET) publish them, to three instances:
 * 300 clusters keyed by {@code cluster_id} and placed by librdkafka's default partitioner ({@code consistent_random}:
 * CRC32 of the key), and 100 clusters whose events alternate between two partitions (a Java and a librdkafka producer
 * taking turns: the CRC32 partition and the murmur2 one, or the next one where both agree), published one event per
 * cluster at a time, each wave after the view has handled the one before (events of one cluster published seconds
 * apart, as lifecycle events are). Every instance must answer get by id, get by name, lists and stats exactly as an
 * independent replay of the events gives them, hold each cluster once, and dead-letter each bad record once naming
 * where it was published; after one instance is SIGKILLed, the two others still do.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnyProducerIT {
    private static final Logger LOG = LoggerFactory.getLogger(AnyProducerIT.class);
    private static final long SEED = Long.getLong("any.producer.it.seed", 20261203L);
    private static final int PARTITIONS = 3;
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Map<String, String> KEYS = Map.of("org_1", "sk_it_any_org1", "org_2", "sk_it_any_org2");
    /** A namespace of its own for the read-your-writes test, so that the other checks do not see its cluster. */
    private static final String RYW_NAMESPACE = "ns_ryw";
    /** The namespace of the events that kcat publishes. */
    private static final String KCAT_NAMESPACE = "ns_kcat";
    private static final Map<String, String> FAST_SESSIONS = Map.of(
            "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1500");

    private final Path root = Path.of("target", "it-any-producer-" + UUID.randomUUID()).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafkaBroker broker;
    private ClusterIndexApp a;
    private ClusterIndexApp b;
    private IndexerProcess c;
    private ExpectedView expected;
    private final List<ExpectedView.Input> published = new ArrayList<>();

    /** librdkafka's {@code consistent_random} / {@code consistent} partitioner: CRC32 of the key bytes. */
    static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    /** The Java client's default partitioner: murmur2 of the key bytes. */
    static int javaPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @BeforeAll
    void startThreeInstancesAndPublishFromEveryKindOfProducer() throws Exception {
        broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0);
        a = ClusterIndexApp.start(Config.fromEnvironment(env("a")));
        registerTenants();
        b = ClusterIndexApp.start(Config.fromEnvironment(env("b")));
        c = IndexerProcess.isolated(root.resolve("c"), 0, root.resolve("c.log"), env("c"));
        c.awaitReady(http, READY);
        awaitThreeInstancesRunning();

        List<GeneratedRecord> crc = EventStream.forTests(SEED, 300, 2_400).next(2_400);
        published.addAll(KafkaIO.publish(broker.bootstrapServers(), crc,
                record -> record.key() == null ? 0 : crc32Partition(record.key())));
        awaitEveryInstanceHasHandled(published);

        List<GeneratedRecord> alternating = EventStream.forTests(SEED + 1, 100, 900).next(900);
        Map<String, Integer> ordinal = new HashMap<>();
        Map<Integer, List<GeneratedRecord>> waves = new TreeMap<>();
        for (GeneratedRecord record : alternating) {
            int wave = ordinal.merge(String.valueOf(record.key()), 1, Integer::sum) - 1;
            waves.computeIfAbsent(wave, w -> new ArrayList<>()).add(record);
        }
        for (Map.Entry<Integer, List<GeneratedRecord>> wave : waves.entrySet()) {
            int turn = wave.getKey();
            List<ExpectedView.Input> inputs = KafkaIO.publish(broker.bootstrapServers(), wave.getValue(),
                    record -> record.key() == null ? turn % PARTITIONS : alternate(record.key(), turn));
            published.addAll(inputs);
            awaitEveryInstanceHasHandled(inputs);
        }
        LOG.info("published {} records: {} placed by CRC32, {} alternating over {} waves", published.size(),
                crc.size(), alternating.size(), waves.size());
        published.sort(Comparator.comparingLong(ExpectedView.Input::index));
        expected = ExpectedView.replay(published);
        assertThat(a.counters().reroutedCount() + b.counters().reroutedCount())
                .as("events were published away from their cluster's owner").isPositive();
    }

    /** The partition of a cluster's {@code turn}-th event: its CRC32 and its murmur2 partition taking turns. */
    private static int alternate(String key, int turn) {
        int crc = crc32Partition(key);
        int java = javaPartition(key);
        int other = java != crc ? java : (crc + 1) % PARTITIONS;
        return turn % 2 == 0 ? crc : other;
    }

    @AfterAll
    void stopAll() {
        ItTenants.closeAll(c, b, a, broker);
    }


    @Test
    void everyInstanceAnswersAsTheReplayAndTheSurvivorsStillDoAfterOneIsKilled() {
        assertThat(expected.liveClusters()).hasSizeGreaterThan(250);
        for (int port : new int[] {a.httpPort(), b.httpPort(), c.httpPort()}) {
            assertAnswersAsTheReplay(port, false);
        }

        c.kill();
        LOG.info("SIGKILLed instance C");
        for (int port : new int[] {a.httpPort(), b.httpPort()}) {
            rightOr503Until("instance on port " + port + " answers as the replay after the kill",
                    () -> assertAnswersAsTheReplay(port, true));
        }
    }

    @Test
    void eachBadRecordIsDeadLetteredOnceNamingWhereItWasPublishedAndTheTopicsHoldEachClusterOnce() {
        Map<String, ExpectedView.DeadLetter> deadLetters = expected.deadLetters();
        assertThat(deadLetters).hasSizeGreaterThan(20);
        await("the dead-letter topic holds every rejection").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> codes = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> record : KafkaIO.readAll(broker.bootstrapServers(), KafkaIO.DLQ,
                    Duration.ofSeconds(30))) {
                String position = header(record, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                        + header(record, DeadLetterHeaders.SOURCE_OFFSET);
                assertThat(codes.put(position, header(record, DeadLetterHeaders.ERROR_CODE)))
                        .as("dead-lettered twice: %s", position).isNull();
                assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(KafkaIO.EVENTS);
                for (Header header : record.headers()) {
                    assertThat(header.key()).doesNotStartWith(EventRouting.INTERNAL_HEADER_PREFIX);
                }
            }
            Map<String, String> wanted = new TreeMap<>();
            deadLetters.forEach((position, letter) -> wanted.put(position, letter.code().name()));
            assertThat(codes).isEqualTo(wanted);
        });
        await("clusters-view and cluster-stats hold the replay").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, JsonNode> view = new TreeMap<>();
            KafkaIO.lastPerKey(broker.bootstrapServers(), KafkaIO.VIEW).forEach((id, record) -> {
                if (record.value() != null) {
                    view.put(id, parse(record.value()));
                }
            });
            Map<String, JsonNode> live = new TreeMap<>();
            expected.liveClusters().forEach((id, cluster) -> live.put(id, normalised(cluster)));
            view.keySet().removeIf(id -> id.startsWith("clust_kcat_") || id.startsWith("clust_ryw_"));
            assertThat(view).isEqualTo(live);
            Map<String, Long> clustersPerNamespace = new TreeMap<>();
            KafkaIO.lastPerKey(broker.bootstrapServers(), KafkaIO.STATS).forEach((namespace, record) -> {
                if (record.value() != null && !namespace.equals(RYW_NAMESPACE) && !namespace.equals(KCAT_NAMESPACE)) {
                    clustersPerNamespace.put(namespace, parse(record.value()).get("total_clusters").longValue());
                }
            });
            Map<String, Long> recount = new TreeMap<>();
            expected.stats().forEach((namespace, stats) -> recount.put(namespace, stats.totalClusters()));
            assertThat(clustersPerNamespace).isEqualTo(recount);
        });
    }

    @Test
    void aWaitForAnEventPublishedAwayFromItsOwnerEndsOnceTheOwnerHasFoldedIt() throws Exception {
        String id = IntStream.range(0, 1_000).mapToObj(i -> "clust_ryw_" + i)
                .filter(candidate -> crc32Partition(candidate) != javaPartition(candidate)).findFirst().orElseThrow();
        byte[] event = ("{\"event_id\":\"evt_ryw\",\"event_type\":\"cluster.created\",\"cluster_id\":\"" + id
                + "\",\"namespace_id\":\"" + RYW_NAMESPACE + "\",\"organization_id\":\"org_1\",\"sequence\":1,"
                + "\"occurred_at\":\"2026-12-03T10:00:00Z\",\"data\":{\"cluster_name\":\"ryw\","
                + "\"input_collections\":[\"col\"],\"cluster_type\":\"vector\"}}").getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent;
        try (KafkaProducer<String, byte[]> producer = KafkaIO.producer(broker.bootstrapServers(), Map.of())) {
            sent = producer.send(new ProducerRecord<>(KafkaIO.EVENTS, crc32Partition(id), id, event)).get();
        }
        Map<String, String> headers = new HashMap<>(ApiClient.caller(KEYS.get("org_1"), RYW_NAMESPACE));
        headers.put("X-Min-Offsets", sent.partition() + ":" + sent.offset());
        headers.put("X-Wait-Ms", "20000");
        for (int port : livePorts()) {
            ApiClient api = new ApiClient(port);
            rightOr503Until("read-your-writes on port " + port, () -> {
                        ApiClient.Response byId = rightOr503(api.get("/v1/clusters/" + id, headers));
                        assertThat(byId.status()).as("port %d: %s", port, byId).isEqualTo(200);
                        assertThat(byId.json().get("cluster_name").textValue()).isEqualTo("ryw");
                        ApiClient.Response list = rightOr503(api.post(ApiClient.LIST, headers, "{}"));
                        assertThat(list.status()).as("port %d: %s", port, list).isEqualTo(200);
                        assertThat(list.json().get("total_count").longValue()).isEqualTo(1);
                        long reflected = offsets(list.headers().firstValue("X-View-Offsets").orElseThrow())
                                .get(sent.partition());
                        assertThat(reflected).as("the answer reflects the event's offset")
                                .isGreaterThanOrEqualTo(sent.offset());
                    });
        }
    }

    @Test
    void eventsPublishedByKcatWithLibrdkafkasPartitionersAreFoundOnEveryInstance() throws Exception {
        Path kcat = Stream.of("/usr/bin/kcat", "/usr/local/bin/kcat").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        assumeTrue(kcat != null, "kcat (Debian's package kcat, a librdkafka client) is not installed; .ci/run "
                + "installs it");
        List<String> partitioners = List.of("consistent_random", "consistent", "murmur2_random", "fnv1a");
        Map<String, String> partitionerOf = new TreeMap<>();
        for (String partitioner : partitioners) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 15; i++) {
                String id = "clust_kcat_" + partitioner + "_" + i;
                partitionerOf.put(id, partitioner);
                lines.append(id).append('\t').append(kcatEvent(id, "cluster.created", 1,
                        "{\"cluster_name\":\"kcat-" + i + "\",\"input_collections\":[\"c\"],\"cluster_type\":\"vector\"}"))
                        .append('\n');
                lines.append(id).append('\t').append(kcatEvent(id, "cluster.execution.started", 2,
                        "{\"task_id\":\"task_" + i + "\"}")).append('\n');
            }
            Process producer = new ProcessBuilder(kcat.toString(), "-P", "-b", broker.bootstrapServers(), "-t",
                    KafkaIO.EVENTS, "-K", "\t", "-X", "topic.partitioner=" + partitioner)
                    .redirectErrorStream(true).start();
            producer.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            producer.getOutputStream().close();
            String output = new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(producer.waitFor()).as("kcat with %s: %s", partitioner, output).isZero();
        }
        Map<String, Integer> placed = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : KafkaIO.readAll(broker.bootstrapServers(), KafkaIO.EVENTS,
                Duration.ofSeconds(30))) {
            if (record.key() != null && partitionerOf.containsKey(record.key())) {
                placed.put(record.key(), record.partition());
            }
        }
        partitionerOf.forEach((id, partitioner) -> {
            if (partitioner.startsWith("consistent")) {
                assertThat(placed.get(id)).as("librdkafka's %s is CRC32 of the key, as this test's mimic", partitioner)
                        .isEqualTo(crc32Partition(id));
            }
        });
        assertThat(placed.entrySet()).as("some events away from their cluster's owner")
                .anyMatch(e -> e.getValue() != javaPartition(e.getKey()));
        Map<String, String> caller = ApiClient.caller(KEYS.get("org_1"), KCAT_NAMESPACE);
        for (int port : livePorts()) {
            ApiClient api = new ApiClient(port);
            await("kcat's clusters on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreException(Unavailable.class).untilAsserted(() -> {
                        ApiClient.Response list = rightOr503(api.post(ApiClient.LIST + "?limit=1000", caller,
                                "{\"sort\": {\"field\": \"cluster_id\"}}"));
                        assertThat(list.status()).as("%s", list).isEqualTo(200);
                        assertThat(list.json().get("total_count").longValue()).as("%s", list)
                                .isEqualTo(partitionerOf.size());
                        assertThat(list.json().get("stats").get("clusters_by_status").get("PROCESSING").longValue())
                                .isEqualTo(partitionerOf.size());
                    });
            rightOr503Until("kcat's clusters one by one on port " + port, () -> {
                for (String id : partitionerOf.keySet()) {
                    ApiClient.Response byId = rightOr503(api.get("/v1/clusters/" + id, caller));
                    assertThat(byId.status()).as("%s (%s) on port %d: %s", id, partitionerOf.get(id), port, byId)
                            .isEqualTo(200);
                    assertThat(byId.json().get("status").textValue()).isEqualTo("PROCESSING");
                }
                ApiClient.Response byName = rightOr503(api.get("/v1/clusters/kcat-3", caller));
                assertThat(byName.status()).as("by name on port %d: %s", port, byName).isEqualTo(200);
                assertThat(byName.json().get("cluster_id").textValue()).as("created at the same instant: the smallest id")
                        .isEqualTo("clust_kcat_consistent_3");
            });
        }
    }

    private static String kcatEvent(String id, String type, int sequence, String data) {
        return "{\"event_id\":\"evt_" + id + "_" + sequence + "\",\"event_type\":\"" + type + "\",\"cluster_id\":\"" + id
                + "\",\"namespace_id\":\"" + KCAT_NAMESPACE + "\",\"organization_id\":\"org_1\",\"sequence\":"
                + sequence + ",\"occurred_at\":\"2026-12-03T10:0" + sequence + ":00Z\",\"data\":" + data + "}";
    }

    private int[] livePorts() {
        return c.isAlive() ? new int[] {a.httpPort(), b.httpPort(), c.httpPort()} : new int[] {a.httpPort(), b.httpPort()};
    }

    /**
     * Every live and deleted cluster by id, three lists and the stats of every namespace, and get by name, on the
     * instance at {@code port}; with {@code while503}, a 503 throws {@link Unavailable} instead of failing.
     */
    private void assertAnswersAsTheReplay(int port, boolean while503) {
        ApiClient plain = new ApiClient(port);
        Checked api = (method, path, headers, body) -> {
            ApiClient.Response answer = method.equals("GET") ? plain.get(path, headers) : plain.post(path, headers, body);
            return while503 ? rightOr503(answer) : answer;
        };
        SortedMap<String, ObjectNode> live = expected.liveClusters();
        for (ObjectNode cluster : live.values()) {
            String id = cluster.get("cluster_id").textValue();
            ApiClient.Response answer = api.send("GET", "/v1/clusters/" + id, callerOf(cluster), null);
            assertThat(answer.status()).as("get %s on port %d: %s", id, port, answer).isEqualTo(200);
            assertThat(answer.json()).as("get %s on port %d", id, port).isEqualTo(normalised(cluster));
        }
        for (String id : expected.deletedClusters().keySet()) {
            ApiClient.Response answer = api.send("GET", "/v1/clusters/" + id,
                    ApiClient.caller(KEYS.get("org_1"), "ns_alpha"), null);
            assertThat(answer.status()).as("deleted %s on port %d: %s", id, port, answer).isEqualTo(404);
        }
        for (Namespace namespace : EventStream.TEST_NAMESPACES) {
            List<ObjectNode> clusters = expected.namespace(namespace.id()).stream()
                    .filter(cluster -> namespace.organizationId().equals(cluster.get("organization_id").textValue()))
                    .map(cluster -> (ObjectNode) normalised(cluster)).toList();
            Map<String, String> caller = ApiClient.caller(KEYS.get(namespace.organizationId()), namespace.id());
            for (String body : List.of("{\"sort\": {\"field\": \"cluster_id\", \"direction\": \"asc\"}}",
                    "{\"filters\": {\"status\": \"COMPLETED\"}, \"sort\": {\"field\": \"updated_at\", "
                            + "\"direction\": \"desc\"}}",
                    "{\"search\": \"alt\", \"sort\": {\"field\": \"cluster_name\"}}")) {
                ApiClient.Response answer = api.send("POST", ApiClient.LIST + "?limit=1000", caller, body);
                assertThat(answer.status()).as("list %s on port %d: %s", body, port, answer).isEqualTo(200);
                ListPage reference = ListEngine.run(query(body), clusters);
                assertThat(answer.json().get("results")).as("list %s in %s on port %d", body, namespace.id(), port)
                        .isEqualTo(Json.MAPPER.valueToTree(reference.results()));
                assertThat(answer.json().get("total_count").longValue()).isEqualTo(reference.total());
                assertThat(answer.json().get("stats").get("total_documents").longValue())
                        .isEqualTo(reference.stats().totalDocuments());
            }
            ExpectedView.Stats stats = expected.stats().get(namespace.id());
            await("running stats of " + namespace.id() + " on port " + port).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        ApiClient.Response answer = api.send("GET", ApiClient.STATS, caller, null);
                        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                        assertThat(answer.json().get("total_clusters").longValue()).isEqualTo(stats.totalClusters());
                        assertThat(answer.json().get("total_documents").longValue())
                                .isEqualTo(stats.totalDocuments());
                        assertThat(answer.json().get("clusters_by_status"))
                                .isEqualTo(normalised(Json.MAPPER.valueToTree(stats.clustersByStatus())));
                    });
            assertGetByName(api, caller, clusters);
        }
    }

    /** Get by name answers the most recently created cluster with that name (ties: the smallest id). */
    private static void assertGetByName(Checked api, Map<String, String> caller, List<ObjectNode> clusters) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (ObjectNode cluster : clusters) {
            byName.merge(cluster.get("cluster_name").textValue(), cluster, (x, y) -> {
                int created = x.get("created_at").textValue().compareTo(y.get("created_at").textValue());
                if (created != 0) {
                    return created > 0 ? x : y;
                }
                return x.get("cluster_id").textValue().compareTo(y.get("cluster_id").textValue()) < 0 ? x : y;
            });
        }
        byName.entrySet().stream().filter(e -> e.getKey().matches("[A-Za-z0-9 _-]+")).limit(15).forEach(e -> {
            String path = "/v1/clusters/" + e.getKey().replace(" ", "%20");
            ApiClient.Response answer = api.send("GET", path, caller, null);
            assertThat(answer.status()).as("by name %s: %s", e.getKey(), answer).isEqualTo(200);
            assertThat(answer.json().get("cluster_id").textValue()).isEqualTo(e.getValue().get("cluster_id").textValue());
        });
    }

    /** One request to an instance. */
    @FunctionalInterface
    private interface Checked {
        ApiClient.Response send(String method, String path, Map<String, String> headers, String body);
    }

    /** An instance answered 503 (it cannot serve some partitions right now): the check is tried again. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(String answer) {
            super(answer);
        }
    }

    /** The answer, unless it is a 503: then {@link Unavailable}. */
    private static ApiClient.Response rightOr503(ApiClient.Response answer) {
        if (answer.status() == 503) {
            throw new Unavailable(answer.toString());
        }
        return answer;
    }

    /**
     * Runs {@code check} until it passes without meeting a 503, for at most 90 s. A wrong answer fails at once: a
     * 503 is the only answer allowed to be tried again (while the partitions of a killed instance move).
     */
    private static void rightOr503Until(String what, Runnable check) {
        await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                check.run();
                return true;
            } catch (Unavailable e) {
                return false;
            }
        });
    }

    private static Map<String, String> callerOf(ObjectNode cluster) {
        return ApiClient.caller(KEYS.get(cluster.get("organization_id").textValue()),
                cluster.get("namespace_id").textValue());
    }

    private static ListQuery query(String body) {
        try {
            return ((ParsedRequest.Valid) ListRequestParser.parse(Json.MAPPER.readTree(body), "1000", null)).query();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every instance's view has handled every one of {@code inputs}, with read-your-writes: a list that
     * names the last offset published on each partition as {@code X-Min-Offsets}.
     */
    private void awaitEveryInstanceHasHandled(List<ExpectedView.Input> inputs) {
        Map<Integer, Long> last = new TreeMap<>();
        inputs.forEach(input -> last.merge(input.partition(), input.offset(), Math::max));
        StringBuilder minimum = new StringBuilder();
        last.forEach((partition, offset) -> minimum.append(minimum.length() == 0 ? "" : ",")
                .append(partition).append(':').append(offset));
        Map<String, String> headers = new HashMap<>(ApiClient.caller(KEYS.get("org_1"), "ns_alpha"));
        headers.put("X-Min-Offsets", minimum.toString());
        headers.put("X-Wait-Ms", "30000");
        for (int port : livePorts()) {
            ApiClient.Response answer = new ApiClient(port).post(ApiClient.LIST + "?limit=1", headers, "{}");
            assertThat(answer.status()).as("waiting for %s on port %d: %s", minimum, port, answer).isEqualTo(200);
        }
    }

    private static Map<Integer, Long> offsets(String header) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String pair : header.split(",")) {
            String[] parts = pair.split(":");
            offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
        return offsets;
    }

    private void awaitThreeInstancesRunning() {
        await("three instances, each with a fold task").atMost(READY).pollInterval(Duration.ofMillis(200)).until(() -> {
            c.requireAlive();
            if (a.streams().state() != KafkaStreams.State.RUNNING || b.streams().state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            long hosts = a.streams().metadataForAllStreamsClients().stream()
                    .filter(instance -> instance.topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(KafkaIO.EVENTS)))
                    .count();
            return hosts == 3 && c.status(http, "/health/ready") == 200;
        });
    }

    private void registerTenants() throws Exception {
        List<Namespace> namespaces = new ArrayList<>(EventStream.TEST_NAMESPACES);
        namespaces.add(new Namespace(RYW_NAMESPACE, "org_1"));
        namespaces.add(new Namespace(KCAT_NAMESPACE, "org_1"));
        ItTenants.register(broker.bootstrapServers(), namespaces, KEYS);
        await("tenants known").atMost(READY).pollInterval(Duration.ofMillis(100)).until(() -> new ApiClient(a.httpPort())
                .get(ApiClient.STATS, ApiClient.caller(KEYS.get("org_2"), "ns_gamma")).status() == 200);
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>(FAST_SESSIONS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("STATE_DIR", root.resolve(name).toString());
        env.put("HTTP_PORT", "0");
        return env;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.TRUSTED.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private static JsonNode normalised(JsonNode node) {
        try {
            return Json.TRUSTED.readTree(Json.MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
