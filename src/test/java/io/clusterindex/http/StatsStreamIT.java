package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.live.LiveStats;
import io.clusterindex.live.StatsTopicReader;
import io.clusterindex.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stats stream over a real broker: two instances, each reading {@code cluster-stats} itself, stream the same
 * ids and values; a client that moves to the other instance with {@code Last-Event-ID} gets no repeat; aborted
 * transactions are never shown; a tombstone streams zero stats.
 */
@Tag("integration")
class StatsStreamIT {
    private static final String KEY = "sk_stream_it";
    private static final String TOPIC = "cluster-stats";
    /** A topic of its own for the test of organizations, whose records of {@code ns_1} would change the others'. */
    private static final String ORGANIZATIONS_TOPIC = "cluster-stats-organizations";
    private static final Duration SOON = Duration.ofSeconds(15);
    private static final Path ROOT = Path.of("target", "it-stats-stream-" + UUID.randomUUID()).toAbsolutePath();
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private final List<AutoCloseable> instances = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(ROOT.resolve("broker"), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(TOPIC, ORGANIZATIONS_TOPIC).stream().map(name -> new NewTopic(name, 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact"))).toList()).all().get();
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stats-stream-it");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    @AfterEach
    void stopInstances() throws Exception {
        for (AutoCloseable instance : instances) {
            instance.close();
        }
    }

    private int instance() {
        return instance(TOPIC);
    }

    /** An instance's stream: its own reader of the topic and its own server. */
    private int instance(String topic) {
        LiveStats live = new LiveStats();
        StatsTopicReader reader = StatsTopicReader.start(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), topic, Topics.STATS_ORGANIZATION_HEADER, live);
        HttpServer server = HttpServer.create(Unused.services(KEY), RequestObserver.NONE, MetricsExposition.NONE, live,
                StatsStreamSettings.DEFAULTS).start(0);
        instances.add(reader);
        instances.add(server);
        await().atMost(SOON).until(live::caughtUp);
        return server.port();
    }

    private static EventStreamReader open(int port, String lastEventId) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + KEY, "X-Namespace", "ns_1"));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return EventStreamReader.open("http://localhost:" + port + "/v1/clusters/stats/stream", headers);
    }

    private static void send(String namespace, StatsJson stats, boolean commit) throws Exception {
        send(TOPIC, null, namespace, stats, commit);
    }

    /** Sends a stats record, with the organization header unless {@code organization} is null. */
    private static void send(String topic, String organization, String namespace, StatsJson stats, boolean commit)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, namespace, stats == null ? null
                : Json.MAPPER.writeValueAsBytes(stats));
        if (organization != null) {
            record.headers().add(Topics.STATS_ORGANIZATION_HEADER, organization.getBytes(StandardCharsets.UTF_8));
        }
        producer.beginTransaction();
        producer.send(record).get();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static StatsJson stats(String namespace, long clusters) {
        return new StatsJson(namespace, clusters, clusters * 2, 2.0, Map.of("ACTIVE", clusters));
    }

    private static String data(long clusters) {
        return "{\"total_clusters\":" + clusters + ",\"total_documents\":" + clusters * 2
                + ",\"avg_documents_per_cluster\":2.0,\"clusters_by_status\":{\"ACTIVE\":" + clusters + "}}";
    }

    @Test
    void twoInstancesStreamTheSameIdsAndMovingWithLastEventIdRepeatsNothing() throws Exception {
        send("ns_1", stats("ns_1", 3), true);
        send("ns_other", stats("ns_other", 40), true);
        int a = instance();
        int b = instance();
        EventStreamReader onA = open(a, null);
        try (EventStreamReader onB = open(b, null)) {
            await().atMost(SOON).until(() -> !onA.events().isEmpty() && !onB.events().isEmpty());
            assertThat(onA.events().get(0).data()).isEqualTo(data(3));
            assertThat(onB.events()).isEqualTo(onA.events());

            send("ns_1", stats("ns_1", 99), false);
            send("ns_1", stats("ns_1", 5), true);

            await().atMost(SOON).until(() -> onA.events().size() == 2 && onB.events().size() == 2);
            assertThat(onA.events().get(1).data()).isEqualTo(data(5));
            assertThat(onB.events()).isEqualTo(onA.events());
            String last = onA.events().get(1).id();
            onA.close();

            try (EventStreamReader moved = open(b, last)) {
                send("ns_1", stats("ns_1", 7), true);
                await().atMost(SOON).until(() -> onB.events().size() == 3 && !moved.events().isEmpty());
                assertThat(moved.events()).containsExactly(onB.events().get(2));
                assertThat(moved.events().get(0).data()).isEqualTo(data(7));
            }
        }
    }

    /**
     * {@code ns_1} belongs to {@code org_1}; {@code org_other}'s stats under the same namespace id are never streamed.
     * A record without the organization header (an earlier version's) is shown until a record names an organization.
     */
    @Test
    void theStreamShowsOnlyItsOrganizationsRecordsAndOnesWithoutAnOrganizationUntilOneIsNamed() throws Exception {
        send(ORGANIZATIONS_TOPIC, null, "ns_1", stats("ns_1", 3), true);
        int a = instance(ORGANIZATIONS_TOPIC);
        try (EventStreamReader stream = open(a, null)) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            assertThat(stream.events().get(0).data()).isEqualTo(data(3));

            send(ORGANIZATIONS_TOPIC, "org_other", "ns_1", stats("ns_1", 40), true);
            send(ORGANIZATIONS_TOPIC, null, "ns_1", stats("ns_1", 41), true);
            send(ORGANIZATIONS_TOPIC, "org_1", "ns_1", stats("ns_1", 5), true);
            send(ORGANIZATIONS_TOPIC, "org_other", "ns_1", null, true);

            await().atMost(SOON).until(() -> stream.events().size() >= 2);
            assertThat(stream.events().get(1).data()).isEqualTo(data(5));
        }
        int b = instance(ORGANIZATIONS_TOPIC);
        try (EventStreamReader fresh = open(b, null)) {
            await().atMost(SOON).until(() -> !fresh.events().isEmpty());
            assertThat(fresh.events()).hasSize(1);
            assertThat(fresh.events().get(0).data()).isEqualTo(data(5));
        }
    }

    @Test
    void aNamespaceWhoseLastClusterIsGoneStreamsZeroStats() throws Exception {
        send("ns_1", stats("ns_1", 2), true);
        int a = instance();
        try (EventStreamReader stream = open(a, null)) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());

            send("ns_1", null, true);

            await().atMost(SOON).until(() -> stream.events().size() == 2);
            assertThat(stream.events().get(1).data()).isEqualTo("{\"total_clusters\":0,\"total_documents\":0,"
                    + "\"avg_documents_per_cluster\":0.0,\"clusters_by_status\":{}}");
        }
    }
}
