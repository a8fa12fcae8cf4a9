package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance that loses its whole {@code STATE_DIR} while it is down (external broker: the directory holds only its
 * RocksDB stores and its instance id) restores from the changelogs: meanwhile {@code /health/ready} and the API say
 * 503 with {@code Retry-After} (or the API answers from the restoring copy, flagged {@code X-View-Stale}); once ready,
 * every answer recorded before the loss comes back byte for byte, with the same {@code X-View-Offsets}.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateLossIT {
    private static final Logger LOG = LoggerFactory.getLogger(StateLossIT.class);
    private static final Map<String, String> KEYS = Map.of("org_1", "sk_it_restore_org1", "org_2", "sk_it_restore_org2");
    private static final int EVENTS = 5000;
    private static final Duration READY = Duration.ofSeconds(60);
    /**
     * A restore long enough to be watched, through the {@code KAFKA_*} pass-through: no record cache (every update
     * of a cluster is a changelog record) and one changelog record per restore poll.
     */
    private static final Map<String, String> SLOW_RESTORE = Map.of("KAFKA_STATESTORE_CACHE_MAX_BYTES", "0",
            "KAFKA_RESTORE_CONSUMER_MAX_POLL_RECORDS", "1");

    private final Path root = Path.of("target", "it-state-loss-" + UUID.randomUUID()).toAbsolutePath();
    private final Path stateDir = root.resolve("state");
    private int httpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafkaBroker broker;
    private IndexerProcess child;

    record Call(String namespace, String method, String path, String body) {
    }

    /** What the client sees of an answer: status, body bytes, and the headers that describe the view. */
    record Seen(int status, byte[] body, String offsets, String stale, String retryAfter) {
        String text() {
            String text = new String(body, StandardCharsets.UTF_8);
            return text.length() <= 300 ? text : text.substring(0, 300) + "...";
        }
    }

    @AfterAll
    void stopEverything() {
        ItTenants.closeAll(child, broker);
    }

    @Test
    void anInstanceThatLostItsStateDirRestoresFromTheChangelogsAndAnswersByteForByteAsBefore() throws Exception {
        httpPort = freePort();
        broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0);
        String bootstrap = broker.bootstrapServers();
        child = start("before");
        ItTenants.register(bootstrap, EventStream.TEST_NAMESPACES, KEYS);
        List<GeneratedRecord> records = EventStream.forTests(1515L, 400, EVENTS).next(EVENTS);
        ExpectedView expected = ExpectedView.replay(KafkaIO.publish(bootstrap, records));
        KafkaIO.awaitGroupCaughtUp(bootstrap, READY, () -> child.requireAlive());
        List<Call> calls = calls(expected);
        await("the view holds every live cluster").atMost(READY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(EventStream.TEST_NAMESPACES.stream()
                        .mapToLong(ns -> totalCount(send(new Call(ns.id(), "POST", "/v1/clusters/list?limit=1", null))))
                        .sum())
                        .isEqualTo(expected.liveClusters().size()));
        Map<Call, Seen> before = new LinkedHashMap<>();
        for (Call call : calls) {
            Seen seen = send(call);
            assertThat(seen.status()).as("%s before the loss: %s", call, seen.text()).isIn(200, 404);
            assertThat(seen.stale()).as("%s before the loss", call).isNull();
            before.put(call, seen);
        }

        stopGracefully(child);
        deleteTree(stateDir);
        assertThat(stateDir).doesNotExist();

        long restarted = System.nanoTime();
        child = start("after");
        await("the restarted instance's HTTP server").atMost(READY).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    child.requireAlive();
                    return sendOrNull("GET", "/health/live", Map.of(), null) != null;
                });
        AtomicBoolean restored = new AtomicBoolean();
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<Map<String, Integer>> meanwhile = client.submit(() -> answersWhileRestoring(calls, before, restored));
        AtomicInteger notReady = new AtomicInteger();
        Map<String, Integer> outcomes;
        try {
            await("readiness after the restore").atMost(READY).pollInterval(Duration.ofMillis(50)).until(() -> {
                child.requireAlive();
                Seen ready = send("GET", "/health/ready", Map.of(), null);
                if (ready.status() == 200) {
                    return true;
                }
                assertThat(ready.status()).as("readiness while restoring: %s", ready.text()).isEqualTo(503);
                assertThat(ready.retryAfter()).as("Retry-After of a 503 readiness").isNotBlank();
                assertThat(ready.text()).contains("NOT_READY");
                notReady.incrementAndGet();
                return false;
            });
            restored.set(true);
            outcomes = meanwhile.get(60, TimeUnit.SECONDS);
        } finally {
            restored.set(true);
            client.shutdownNow();
        }
        LOG.info("ready {} ms after the restart: {} x 503 from /health/ready; meanwhile the API answered {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), notReady, outcomes);
        assertThat(notReady.get()).as("/health/ready said 503 at least once while the stores restored").isPositive();

        for (Map.Entry<Call, Seen> recorded : before.entrySet()) {
            Seen after = send(recorded.getKey());
            Seen was = recorded.getValue();
            assertThat(after.status()).as("%s after the restore", recorded.getKey()).isEqualTo(was.status());
            assertThat(after.body()).as("%s after the restore: %s", recorded.getKey(), after.text())
                    .isEqualTo(was.body());
            assertThat(after.offsets()).as("X-View-Offsets of %s", recorded.getKey()).isEqualTo(was.offsets());
            assertThat(after.stale()).as("%s after the restore", recorded.getKey()).isNull();
        }
    }

    /**
     * Sends the calls round and round until {@code restored}: each answer is a 503 with {@code Retry-After}, one
     * flagged {@code X-View-Stale}, or the one recorded before the loss; answers how many of each kind there were.
     */
    private Map<String, Integer> answersWhileRestoring(List<Call> calls, Map<Call, Seen> before,
                                                       AtomicBoolean restored) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; !restored.get(); i++) {
            Call call = calls.get(i % calls.size());
            Seen seen = send(call);
            String outcome;
            if (seen.status() == 503) {
                assertThat(seen.retryAfter()).as("Retry-After of %s while restoring", call).isNotBlank();
                outcome = "503";
            } else if ("true".equals(seen.stale())) {
                outcome = seen.status() + " flagged X-View-Stale";
            } else {
                assertThat(seen.status()).as("%s answered unflagged while restoring: %s", call, seen.text())
                        .isEqualTo(before.get(call).status());
                assertThat(seen.body()).as("%s answered unflagged while restoring: %s", call, seen.text())
                        .isEqualTo(before.get(call).body());
                outcome = seen.status() + " as before";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        return outcomes;
    }

    private IndexerProcess start(String phase) {
        Map<String, String> env = new LinkedHashMap<>(SLOW_RESTORE);
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("APPLICATION_SERVER", "localhost:" + httpPort);
        IndexerProcess process = IndexerProcess.isolated(stateDir, 0, root.resolve("indexer-" + phase + ".log"), env);
        if (phase.equals("before")) {
            process.awaitReady(http, READY);
        }
        return process;
    }

    /** Every kind of read, per namespace: lists with several bodies, stats, gets by id (live and deleted) and name. */
    private static List<Call> calls(ExpectedView expected) {
        List<Call> calls = new ArrayList<>();
        for (Namespace ns : EventStream.TEST_NAMESPACES) {
            String id = ns.id();
            calls.add(new Call(id, "POST", "/v1/clusters/list?limit=1000", null));
            calls.add(new Call(id, "POST", "/v1/clusters/list?limit=25&offset=10",
                    "{\"sort\":{\"field\":\"cluster_name\",\"direction\":\"asc\"}}"));
            calls.add(new Call(id, "POST", "/v1/clusters/list?limit=100",
                    "{\"filters\":{\"AND\":[{\"field\":\"status\",\"operator\":\"in\",\"value\":[\"COMPLETED\","
                            + "\"FAILED\"]}]},\"sort\":{\"field\":\"num_documents_clustered\",\"direction\":\"desc\"}}"));
            calls.add(new Call(id, "POST", "/v1/clusters/list?limit=50", "{\"search\":\"a\"}"));
            calls.add(new Call(id, "GET", "/v1/clusters/stats", null));
        }
        expected.liveClusters().values().stream().limit(20).forEach(cluster -> {
            String ns = cluster.get("namespace_id").textValue();
            calls.add(new Call(ns, "GET", "/v1/clusters/" + cluster.get("cluster_id").textValue(), null));
            String name = cluster.get("cluster_name").textValue();
            if (name.matches("[A-Za-z0-9_-]+")) {
                calls.add(new Call(ns, "GET", "/v1/clusters/" + name, null));
            }
        });
        expected.deletedClusters().keySet().stream().limit(5)
                .forEach(id -> calls.add(new Call("ns_alpha", "GET", "/v1/clusters/" + id, null)));
        return List.copyOf(calls);
    }

    private static long totalCount(Seen seen) {
        assertThat(seen.status()).as(seen.text()).isEqualTo(200);
        String text = new String(seen.body(), StandardCharsets.UTF_8);
        int at = text.indexOf("\"total_count\":");
        assertThat(at).as("total_count in %s", seen.text()).isNotNegative();
        return Long.parseLong(text.substring(at + "\"total_count\":".length()).split("[,}]", 2)[0].trim());
    }

    private Seen send(Call call) {
        return send(call.method(), call.path(), Map.of("Authorization",
                "Bearer " + KEYS.get(EventStream.organizationOf(call.namespace())), "X-Namespace", call.namespace()),
                call.body());
    }

    private Seen send(String method, String path, Map<String, String> headers, String body) {
        Seen seen = sendOrNull(method, path, headers, body);
        if (seen == null) {
            throw new IllegalStateException(method + " " + path + ": the indexer does not listen");
        }
        return seen;
    }

    /** The answer, or null when nothing listens on the port yet. */
    private Seen sendOrNull(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path));
        headers.forEach(request::header);
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Seen(response.statusCode(), response.body(),
                    response.headers().firstValue("X-View-Offsets").orElse(null),
                    response.headers().firstValue("X-View-Stale").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (java.net.ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, so that the instance commits and leaves the group, as an operator stops it before replacing a disk. */
    private static void stopGracefully(IndexerProcess process) throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        handle.destroy();
        handle.onExit().get(IndexerProcess.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        process.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
