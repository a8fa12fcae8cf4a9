package io.clusterindex.api;

import static io.clusterindex.api.ApiClient.LIST;
import static io.clusterindex.api.ApiClient.STATS;
import static io.clusterindex.api.ApiClient.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.api.ApiClient.Response;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

/**
 * Read-your-writes against one in-process indexer (one embedded broker, restarted once on the same
 * {@code STATE_DIR} by one test, which writes what it checks itself): a producer's acknowledged offset, sent back as {@code X-Min-Offsets}, makes
 * its event visible; every answer says which positions it reflects in {@code X-View-Offsets}.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadYourWritesIT {
    private static final String DEV_KEY = "sk_dev_local";
    private static final String NAMESPACE = "default";
    private static final int EVENTS_TOPIC_PARTITIONS = 3;
    private static final int WRITES = 200;

    private final Path stateDir = Path.of("target", "it-ryw-" + UUID.randomUUID()).toAbsolutePath();
    /** The highest acknowledged offset of each partition this class has written to. */
    private final SortedMap<Integer, Long> acknowledged = new TreeMap<>();
    private ClusterIndexApp app;
    private KafkaProducer<String, byte[]> producer;
    private ApiClient api;

    @BeforeAll
    void start() {
        startApp();
    }

    @AfterAll
    void stop() {
        stopApp();
    }

    private void startApp() {
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of(
                "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0", "EMBEDDED_KAFKA_PORT", "0")));
        api = new ApiClient(app.httpPort());
        await("indexer ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() ->
                api.get("/health/ready", Map.of()).status() == 200 && api.get(STATS, dev()).status() == 200);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private void stopApp() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anAcknowledgedEventIsAlwaysVisibleToARequestThatWaitsForItsOffset() {
        long before = totalClusters();
        for (int i = 0; i < WRITES; i++) {
            String id = "clust_ryw_" + i;
            RecordMetadata ack = send(id, created(id, 1));
            Map<String, String> headers = waitingFor(ack);

            Response get = api.get("/v1/clusters/" + id, headers);
            assertThat(get.status()).as("write %d: get %s", i, get).isEqualTo(200);
            assertThat(get.json().get("cluster_id").textValue()).isEqualTo(id);
            assertThat(viewOffsets(get)).as("write %d at %s", i, ack).hasEntrySatisfying(ack.partition(),
                    position -> assertThat(position).isGreaterThanOrEqualTo(ack.offset()));

            if (i % 20 == 0) {
                Response list = api.post(LIST, headers, "{\"filters\": {\"cluster_id\": \"" + id + "\"}}");
                assertThat(list.status()).as("write %d: list %s", i, list).isEqualTo(200);
                assertThat(list.json().get("total_count").longValue()).isEqualTo(1);
                Response stats = api.get(STATS, headers);
                assertThat(stats.status()).as("write %d: stats %s", i, stats).isEqualTo(200);
                assertThat(stats.json().get("total_clusters").longValue()).isEqualTo(before + i + 1);
            }
        }
    }

    @Test
    void duplicatesAndDeadLettersCountAsHandled() {
        send("clust_ryw_duplicated", created("clust_ryw_duplicated", 1));
        RecordMetadata duplicate = send("clust_ryw_duplicated", created("clust_ryw_duplicated", 1));
        Response afterDuplicate = api.get("/v1/clusters/clust_ryw_duplicated", waitingFor(duplicate));
        assertThat(afterDuplicate.status()).as("after a duplicate: %s", afterDuplicate).isEqualTo(200);

        RecordMetadata deadLetter = send("clust_ryw_bad", "not json".getBytes(StandardCharsets.UTF_8));
        Response afterDeadLetter = api.get(STATS, waitingFor(deadLetter));
        assertThat(afterDeadLetter.status()).as("after a dead letter: %s", afterDeadLetter).isEqualTo(200);
        assertThat(viewOffsets(afterDeadLetter)).containsEntry(deadLetter.partition(), deadLetter.offset());
    }

    @Test
    void everyAnswerAndEveryLaterErrorCarriesThePositionsOfEveryHostedPartition() {
        Map<String, Response> answers = new LinkedHashMap<>();
        answers.put("list", api.post(LIST, dev(), null));
        answers.put("stats", api.get(STATS, dev()));
        answers.put("get", api.get("/v1/clusters/clust_ryw_1", dev()));
        answers.put("get of an unknown cluster (404)", api.get("/v1/clusters/clust_nope", dev()));
        answers.put("invalid list (422)", api.post(LIST, dev(), "{\"filters\": {\"field\": \"nope\"}}"));
        answers.forEach((what, response) -> {
            String header = response.headers().firstValue("X-View-Offsets").orElse(null);
            assertThat(header).as("%s: %s", what, response).matches("0:-?\\d+,1:-?\\d+,2:-?\\d+");
            assertThat(viewOffsets(response)).as(what).allSatisfy((partition, position) ->
                    assertThat(position).isGreaterThanOrEqualTo(acknowledged.getOrDefault(partition, -1L)));
        });
        assertThat(answers.get("get of an unknown cluster (404)").status()).isEqualTo(404);
        assertThat(answers.get("invalid list (422)").status()).isEqualTo(422);
    }

    @Test
    void badHeaderValuesAndPartitionsThatAreNotHostedAre400NamingThem() {
        assertBadRequest(withHeader("X-Min-Offsets", "zero:10"), "X-Min-Offsets");
        assertBadRequest(withHeader("X-Min-Offsets", "0:5,0:6"), "X-Min-Offsets");
        assertBadRequest(withHeader("X-Wait-Ms", "30001"), "X-Wait-Ms");
        assertBadRequest(withHeader("X-Wait-Ms", "soon"), "X-Wait-Ms");
        assertBadRequest(withHeader("X-Min-Offsets", "0:0," + (EVENTS_TOPIC_PARTITIONS + 4) + ":0"), "partition 7");
    }

    @Test
    void anOffsetFarInTheFutureIs503WithRetryAfterOnceTheWaitRunsOut() {
        Map<String, String> headers = dev();
        headers.put("X-Min-Offsets", "0:1000000000000");
        headers.put("X-Wait-Ms", "1500");

        long begun = System.nanoTime();
        Response response = api.get("/v1/clusters/clust_ryw_1", headers);
        Duration took = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(response.status()).as("%s", response).isEqualTo(503);
        assertThat(response.json().get("error").get("type").textValue()).isEqualTo("ServiceUnavailableError");
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v.trim())).isPositive());
        assertThat(response.headers().firstValue("X-View-Offsets")).isPresent();
        assertThat(took).as("the whole wait was used (how much longer the answer takes depends on the machine)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void afterARestartOnTheSameStateDirTheOldOffsetsAnswerAtOnce() {
        RecordMetadata last = send("clust_ryw_restart", created("clust_ryw_restart", 1));
        Response beforeRestart = api.get(STATS, waitingFor(last));
        String before = beforeRestart.headers().firstValue("X-View-Offsets").orElseThrow();
        long clusters = beforeRestart.json().get("total_clusters").longValue();
        stopApp();

        startApp();

        Map<String, String> headers = dev();
        headers.put("X-Min-Offsets", format(acknowledged));
        headers.put("X-Wait-Ms", "0");
        Response stats = api.get(STATS, headers);
        assertThat(stats.status()).as("restarted, old offsets, no wait: %s", stats).isEqualTo(200);
        assertThat(stats.headers().firstValue("X-View-Offsets")).as("positions restored exactly").hasValue(before);
        assertThat(stats.json().get("total_clusters").longValue()).isEqualTo(clusters);
        assertThat(api.get("/v1/clusters/clust_ryw_restart", headers).status()).isEqualTo(200);
    }

    /** The clusters of the development namespace once every write so far is visible. */
    private long totalClusters() {
        Map<String, String> headers = dev();
        if (!acknowledged.isEmpty()) {
            headers.put("X-Min-Offsets", format(acknowledged));
        }
        Response stats = api.get(STATS, headers);
        assertThat(stats.status()).as("%s", stats).isEqualTo(200);
        return stats.json().get("total_clusters").longValue();
    }

    private RecordMetadata send(String key, byte[] value) {
        try {
            RecordMetadata ack = producer.send(new ProducerRecord<>("cluster-events", key, value)).get(30, TimeUnit.SECONDS);
            acknowledged.merge(ack.partition(), ack.offset(), Math::max);
            return ack;
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + key + " failed", e);
        }
    }

    private static byte[] created(String clusterId, long sequence) {
        ObjectNode event = Json.NODES.objectNode();
        event.put("event_id", "evt_" + clusterId + "_" + sequence);
        event.put("event_type", "cluster.created");
        event.put("cluster_id", clusterId);
        event.put("namespace_id", "ns_dev");
        event.put("organization_id", "org_dev");
        event.put("sequence", sequence);
        event.put("occurred_at", "2026-11-29T00:00:00Z");
        ObjectNode data = event.putObject("data");
        data.put("cluster_name", "read your writes " + clusterId);
        data.putArray("input_collections").add("col_1");
        data.put("cluster_type", "vector");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> dev() {
        return caller(DEV_KEY, NAMESPACE);
    }

    private static Map<String, String> waitingFor(RecordMetadata ack) {
        Map<String, String> headers = dev();
        headers.put("X-Min-Offsets", ack.partition() + ":" + ack.offset());
        headers.put("X-Wait-Ms", "10000");
        return headers;
    }

    private static Map<String, String> withHeader(String name, String value) {
        Map<String, String> headers = dev();
        headers.put(name, value);
        return headers;
    }

    private void assertBadRequest(Map<String, String> headers, String named) {
        for (Response response : new Response[] {api.get(STATS, headers), api.post(LIST, headers, null),
                api.get("/v1/clusters/clust_ryw_1", headers)}) {
            assertThat(response.status()).as("%s: %s", headers, response).isEqualTo(400);
            assertThat(response.json().get("error").get("type").textValue()).isEqualTo("BadRequestError");
            assertThat(response.json().get("error").get("message").textValue()).contains(named);
        }
    }

    private static SortedMap<Integer, Long> viewOffsets(Response response) {
        String header = response.headers().firstValue("X-View-Offsets").orElseThrow(() ->
                new AssertionError("no X-View-Offsets on " + response));
        SortedMap<Integer, Long> positions = new TreeMap<>();
        for (String pair : header.split(",")) {
            String[] parts = pair.split(":");
            positions.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
        return positions;
    }

    private static String format(SortedMap<Integer, Long> offsets) {
        StringJoiner text = new StringJoiner(",");
        offsets.forEach((partition, offset) -> text.add(partition + ":" + offset));
        return text.toString();
    }
}
