package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.json.StatsJson;
import io.clusterindex.live.LiveStat;
import io.clusterindex.live.LiveStats;
import io.clusterindex.live.StatsVersion;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/clusters/stats/stream} over live stats that the test publishes itself (no Kafka), read with Java's
 * {@code HttpClient} as a client would: first event, resume, coalescing, heartbeat, isolation, limits, slow readers,
 * shutdown and authentication.
 */
class StatsStreamTest {
    private static final String KEY = "sk_stream";
    private static final Duration SOON = Duration.ofSeconds(5);

    private final LiveStats live = new LiveStats();
    private final HttpServer.Services services = Unused.services(KEY);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(StatsStreamSettings settings) {
        live.markCaughtUp();
        server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE, live, settings).start(0);
    }

    private EventStreamReader open(Map<String, String> headers) {
        return EventStreamReader.open("http://localhost:" + server.port() + "/v1/clusters/stats/stream", headers);
    }

    private EventStreamReader open() {
        return open(Map.of("Authorization", "Bearer " + KEY, "X-Namespace", "default"));
    }

    private static StatsJson stats(long clusters) {
        return new StatsJson(null, clusters, clusters * 10, clusters == 0 ? 0.0 : 10.0,
                clusters == 0 ? Map.of() : Map.of("ACTIVE", clusters));
    }

    private void publish(String namespace, long offset, long clusters) {
        publish("org_1", namespace, offset, clusters);
    }

    private void publish(String organization, String namespace, long offset, long clusters) {
        live.publish(new LiveStat(organization, namespace, new StatsVersion(0, offset), stats(clusters)));
    }

    private static String data(long clusters) {
        return "{\"total_clusters\":" + clusters + ",\"total_documents\":" + clusters * 10
                + ",\"avg_documents_per_cluster\":" + (clusters == 0 ? "0.0" : "10.0")
                + ",\"clusters_by_status\":" + (clusters == 0 ? "{}" : "{\"ACTIVE\":" + clusters + "}") + "}";
    }

    private static StatsStreamSettings settings(int eventsPerSecond, Duration heartbeat, int maxOpen) {
        return new StatsStreamSettings(eventsPerSecond, heartbeat, maxOpen, Duration.ofSeconds(10));
    }

    @Test
    void theFirstEventIsTheCurrentStatsWithTheIdOfTheirRecord() {
        publish("ns_1", 41, 3);
        start(StatsStreamSettings.DEFAULTS);
        try (EventStreamReader stream = open()) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            assertThat(stream.events().get(0)).isEqualTo(new EventStreamReader.Event("0-41", data(3)));
            assertThat(stream.lines()).startsWith("id: 0-41", "event: stats", "data: " + data(3), "");

            publish("ns_1", 42, 4);

            await().atMost(SOON).until(() -> stream.events().size() == 2);
            assertThat(stream.events().get(1)).isEqualTo(new EventStreamReader.Event("0-42", data(4)));
        }
    }

    @Test
    void aNamespaceWithoutStatsStartsWithZeroStatsWithoutAnId() {
        start(StatsStreamSettings.DEFAULTS);
        try (EventStreamReader stream = open()) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            assertThat(stream.events().get(0)).isEqualTo(new EventStreamReader.Event(null, data(0)));
        }
    }

    @Test
    void resumingFromTheCurrentIdSendsNothingUntilTheNextChange() {
        publish("ns_1", 41, 3);
        start(settings(4, Duration.ofMillis(100), 10));
        try (EventStreamReader stream = open(Map.of("Authorization", "Bearer " + KEY, "X-Namespace", "ns_1",
                "Last-Event-ID", "0-41"))) {
            await().atMost(SOON).until(() -> stream.lines().contains(": heartbeat"));
            assertThat(stream.events()).isEmpty();

            publish("ns_1", 57, 5);

            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            assertThat(stream.events()).containsExactly(new EventStreamReader.Event("0-57", data(5)));
        }
    }

    @Test
    void resumingFromAnOlderIdSendsTheNewestStatsOnceAndAnUnreadableIdCountsAsNone() {
        publish("ns_1", 41, 3);
        start(StatsStreamSettings.DEFAULTS);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + KEY, "X-Namespace", "ns_1");
        try (EventStreamReader older = open(with(headers, "Last-Event-ID", "0-12"));
             EventStreamReader unreadable = open(with(headers, "Last-Event-ID", "yesterday"))) {
            await().atMost(SOON).until(() -> !older.events().isEmpty() && !unreadable.events().isEmpty());
            assertThat(older.events()).containsExactly(new EventStreamReader.Event("0-41", data(3)));
            assertThat(unreadable.events()).containsExactly(new EventStreamReader.Event("0-41", data(3)));
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new TreeMap<>(headers);
        all.put(name, value);
        return all;
    }

    @Test
    void changesAreCoalescedToTheConfiguredRateAndTheNewestIsAlwaysSent() {
        start(settings(2, Duration.ofSeconds(15), 10));
        try (EventStreamReader stream = open()) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            long started = System.nanoTime();
            for (int offset = 1; offset <= 200; offset++) {
                publish("ns_1", offset, offset);
            }
            await().atMost(SOON).until(() -> stream.events().stream()
                    .anyMatch(event -> "0-200".equals(event.id())));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(stream.events().size() - 1).isLessThanOrEqualTo((int) Math.ceil(seconds * 2) + 1);
            assertThat(stream.events().get(stream.events().size() - 1).data()).isEqualTo(data(200));
        }
    }

    @Test
    void aSilentStreamSendsHeartbeatComments() {
        start(settings(4, Duration.ofMillis(150), 10));
        try (EventStreamReader stream = open()) {
            await().atMost(SOON).until(() -> heartbeats(stream) >= 3);
            assertThat(stream.events()).hasSize(1);
        }
    }

    @Test
    void aStreamNeverCarriesAnotherNamespacesStats() {
        publish("ns_2", 5, 99);
        start(StatsStreamSettings.DEFAULTS);
        try (EventStreamReader stream = open()) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            publish("ns_2", 6, 98);
            publish("ns_1", 7, 1);
            await().atMost(SOON).until(() -> stream.events().size() == 2);
            assertThat(stream.events()).containsExactly(new EventStreamReader.Event(null, data(0)),
                    new EventStreamReader.Event("0-7", data(1)));
        }
    }

    /**
     * Organization {@code org_other}'s events named {@code ns_1}, which belongs to {@code org_1}: their stats share the
     * namespace id on {@code cluster-stats}, and the stream of {@code org_1} never shows them, whichever comes first,
     * nor the tombstone of them. A heartbeat after {@code org_other}'s records proves nothing of them was pending.
     */
    @Test
    void aStreamNeverCarriesAnotherOrganizationsStatsOfItsNamespaceId() {
        publish("org_other", "ns_1", 5, 99);
        start(settings(1000, Duration.ofMillis(200), 10));
        try (EventStreamReader stream = open()) {
            await().atMost(SOON).until(() -> !stream.events().isEmpty());
            publish("org_1", "ns_1", 6, 1);
            await().atMost(SOON).until(() -> stream.events().size() == 2);
            long heartbeats = heartbeats(stream);
            publish("org_other", "ns_1", 7, 98);
            live.publish(new LiveStat("org_other", "ns_1", new StatsVersion(0, 8), LiveStat.none()));
            await().atMost(SOON).until(() -> heartbeats(stream) > heartbeats);
            publish("org_1", "ns_1", 9, 2);
            await().atMost(SOON).until(() -> stream.events().size() == 3);

            assertThat(stream.events()).containsExactly(new EventStreamReader.Event(null, data(0)),
                    new EventStreamReader.Event("0-6", data(1)), new EventStreamReader.Event("0-9", data(2)));
        }
        publish("org_other", "ns_1", 10, 97);
        try (EventStreamReader later = open()) {
            await().atMost(SOON).until(() -> !later.events().isEmpty());
            assertThat(later.events().get(0)).isEqualTo(new EventStreamReader.Event("0-9", data(2)));
        }
    }

    private static long heartbeats(EventStreamReader stream) {
        return stream.lines().stream().filter(": heartbeat"::equals).count();
    }

    @Test
    void streamsBeyondTheLimitAreRefusedWithTheErrorEnvelopeUntilOneCloses() {
        start(settings(4, Duration.ofMillis(100), 1));
        try (EventStreamReader first = open()) {
            await().atMost(SOON).until(() -> !first.events().isEmpty());
            try (EventStreamReader second = open()) {
                assertThat(second.status()).isEqualTo(429);
                assertThat(second.header("Content-Type")).isEqualTo("application/json");
                await().atMost(SOON).until(second::ended);
                assertThat(String.join("", second.lines())).isEqualTo("{\"success\":false,\"status\":429,\"error\":"
                        + "{\"type\":\"TooManyRequestsError\",\"message\":\"this instance already serves 1 stats "
                        + "streams; retry later or on another instance\",\"details\":{}}}");
            }
        }
        await().atMost(SOON).untilAsserted(() -> {
            try (EventStreamReader third = open()) {
                assertThat(third.status()).isEqualTo(200);
            }
        });
    }

    @Test
    void aWrongKeyIsA401WithTheErrorEnvelopeAndNoStream() {
        start(StatsStreamSettings.DEFAULTS);
        try (EventStreamReader stream = open(Map.of("Authorization", "Bearer sk_wrong", "X-Namespace", "default"))) {
            assertThat(stream.status()).isEqualTo(401);
            assertThat(stream.header("Content-Type")).isEqualTo("application/json");
            await().atMost(SOON).until(stream::ended);
            assertThat(String.join("", stream.lines())).contains("\"status\":401", "\"type\":\"UnauthorizedError\"");
        }
    }

    @Test
    void beforeTheStatsTopicIsReadTheStreamIsA503() {
        server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE, live,
                StatsStreamSettings.DEFAULTS).start(0);
        try (EventStreamReader stream = open()) {
            assertThat(stream.status()).isEqualTo(503);
            assertThat(stream.header("Retry-After")).isEqualTo("1");
        }
    }

    @Test
    void aReaderThatStopsReadingIsDroppedAndItsSlotFreed() throws Exception {
        start(new StatsStreamSettings(1000, Duration.ofSeconds(15), 1, Duration.ofMillis(300)));
        SortedMap<String, Long> many = IntStream.range(0, 400).boxed()
                .collect(Collectors.toMap(i -> "STATUS_" + i, i -> 1L, (a, b) -> a, TreeMap::new));
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            for (long offset = 1; publishing.get(); offset++) {
                live.publish(new LiveStat("org_1", "ns_1", new StatsVersion(0, offset),
                        new StatsJson(null, 400, 0, 0.0, many)));
                LockSupport.parkNanos(200_000);
            }
        });
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("localhost", server.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /v1/clusters/stats/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nX-Namespace: default\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(SOON).untilAsserted(() -> {
                try (EventStreamReader refused = open()) {
                    assertThat(refused.status()).isEqualTo(429);
                }
            });
            publisher.start();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                try (EventStreamReader next = open()) {
                    assertThat(next.status()).isEqualTo(200);
                }
            });
        } finally {
            publishing.set(false);
            publisher.join();
        }
    }

    @Test
    void shutdownEndsOpenStreamsCleanly() {
        start(StatsStreamSettings.DEFAULTS);
        EventStreamReader stream = open();
        await().atMost(SOON).until(() -> !stream.events().isEmpty());

        server.close();
        server = null;

        await().atMost(SOON).until(stream::ended);
        assertThat(stream.lines()).noneMatch(line -> line.startsWith("!"));
    }
}
