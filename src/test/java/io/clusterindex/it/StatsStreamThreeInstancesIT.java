package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.http.EventStreamReader;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.live.StatsVersion;
import io.clusterindex.testkit.IndexerProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three instances (two in this JVM, one a child process) stream the stats of one namespace: every instance sends
 * the same ids with the same values; after one instance is SIGKILLed, the streams of the other two go on without a
 * break and reach the same final stats, and a client moving to another instance with {@code Last-Event-ID} gets no
 * repeat.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsStreamThreeInstancesIT {
    private static final Logger LOG = LoggerFactory.getLogger(StatsStreamThreeInstancesIT.class);
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration SETTLED = Duration.ofSeconds(30);
    private static final Map<String, String> FAST_SESSIONS = Map.of(
            "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1500");

    private final Path root = Path.of("target", "it-stats-stream-3-" + UUID.randomUUID()).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private EmbeddedKafkaBroker broker;
    private ClusterIndexApp a;
    private ClusterIndexApp b;
    private IndexerProcess c;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void startThreeInstances() {
        broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0);
        a = ClusterIndexApp.start(Config.fromEnvironment(env("a")));
        b = ClusterIndexApp.start(Config.fromEnvironment(env("b")));
        c = IndexerProcess.isolated(root.resolve("c"), 0, root.resolve("c.log"), env("c"));
        c.awaitReady(http, READY);
        producer = KafkaIO.producer(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    void stopAll() {
        ItTenants.closeAll(producer, c, b, a, broker);
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>(FAST_SESSIONS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("STATE_DIR", root.resolve(name).toString());
        env.put("HTTP_PORT", "0");
        env.put("DEV_API_KEY", DevEvents.KEY);
        return env;
    }

    private static EventStreamReader open(int port, String lastEventId) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + DevEvents.KEY,
                "X-Namespace", "default"));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return EventStreamReader.open("http://localhost:" + port + "/v1/clusters/stats/stream", headers);
    }

    /** A stream once the instance serves one (503 while it still reads the topic or the key is unknown). */
    private static EventStreamReader openWhenServed(int port) {
        EventStreamReader[] opened = {null};
        await("stream on " + port).atMost(READY).pollInterval(Duration.ofMillis(250)).until(() -> {
            EventStreamReader stream = open(port, null);
            if (stream.status() == 200) {
                opened[0] = stream;
                return true;
            }
            stream.close();
            return false;
        });
        return opened[0];
    }

    private static String clusters(EventStreamReader stream) {
        List<EventStreamReader.Event> events = stream.events();
        if (events.isEmpty()) {
            return "";
        }
        String data = events.get(events.size() - 1).data();
        return data.substring(data.indexOf(':') + 1, data.indexOf(','));
    }

    private void round(int round, List<EventStreamReader> streams) throws Exception {
        DevEvents.create(producer, "three_" + round + "_a", "round " + round + " a");
        DevEvents.create(producer, "three_" + round + "_b", "round " + round + " b");
        String total = Integer.toString(2 * round);
        await("round " + round + " on every stream").atMost(SETTLED)
                .until(() -> streams.stream().allMatch(stream -> clusters(stream).equals(total)));
    }

    @Test
    void everyInstanceStreamsTheSameStatsAndTheSurvivorsGoOnAfterOneIsKilled() throws Exception {
        EventStreamReader onA = openWhenServed(a.httpPort());
        EventStreamReader onB = openWhenServed(b.httpPort());
        EventStreamReader onC = openWhenServed(c.httpPort());
        try {
            for (int round = 1; round <= 4; round++) {
                round(round, List.of(onA, onB, onC));
            }
            assertSameIdsSameValues(onA, onB);
            assertSameIdsSameValues(onA, onC);

            c.kill();
            LOG.info("SIGKILLed instance C; publishing on");
            for (int round = 5; round <= 8; round++) {
                round(round, List.of(onA, onB));
            }
            assertThat(onA.ended()).as("stream on A broken").isFalse();
            assertThat(onB.ended()).as("stream on B broken").isFalse();
            assertSameIdsSameValues(onA, onB);
            EventStreamReader.Event last = onA.events().get(onA.events().size() - 1);
            assertThat(onB.events().get(onB.events().size() - 1)).isEqualTo(last);

            try (EventStreamReader moved = open(b.httpPort(), last.id())) {
                DevEvents.create(producer, "three_9_a", "round 9 a");
                await().atMost(SETTLED).until(() -> !moved.events().isEmpty() && clusters(moved).equals("17"));
                assertThat(moved.events()).allSatisfy(event -> assertThat(StatsVersion.parse(event.id()).orElseThrow()
                        .isNewerThan(StatsVersion.parse(last.id()).orElseThrow())).isTrue());
            }
        } finally {
            ItTenants.closeAll(onA, onB, onC);
        }
    }

    /** Where two streams sent the same id, they sent the same value; each stream's ids only ever grow. */
    private static void assertSameIdsSameValues(EventStreamReader one, EventStreamReader other) {
        Map<String, String> byId = new LinkedHashMap<>();
        one.events().stream().filter(event -> event.id() != null).forEach(event -> byId.put(event.id(), event.data()));
        int shared = 0;
        for (EventStreamReader.Event event : other.events()) {
            if (byId.containsKey(event.id())) {
                assertThat(event.data()).as("stats of id %s", event.id()).isEqualTo(byId.get(event.id()));
                shared++;
            }
        }
        assertThat(shared).isPositive();
        for (EventStreamReader stream : List.of(one, other)) {
            List<StatsVersion> ids = stream.events().stream().filter(event -> event.id() != null)
                    .map(event -> StatsVersion.parse(event.id()).orElseThrow()).toList();
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i).isNewerThan(ids.get(i - 1))).as("ids %s", ids).isTrue();
            }
        }
    }
}
