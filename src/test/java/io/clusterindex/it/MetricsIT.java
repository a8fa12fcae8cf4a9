package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.testkit.ExpectedView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} of the whole indexer in-process (embedded broker, exactly-once Streams, HTTP), scraped while
 * it runs: the fold's counters by dead-letter code equal what was published, the clusters per namespace equal the
 * stats, the HTTP histogram counts exactly the requests sent per route template and status, JVM and Kafka Streams
 * client metrics are there, and the text is valid exposition format.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final Path stateDir = Path.of("target", "it-metrics-" + UUID.randomUUID()).toAbsolutePath();
    private final EventStream generator = EventStream.forTests(20261203L, 150, 2000);
    private final List<ExpectedView.Input> published = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ClusterIndexApp app;

    @BeforeAll
    void startApp() {
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of(
                "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0", "EMBEDDED_KAFKA_PORT", "0")));
        await("indexer ready").atMost(CATCH_UP).until(() -> app.queries().ready());
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theFoldCountersAndClustersPerNamespaceEqualWhatWasPublishedWhileTheIndexerRuns() {
        List<GeneratedRecord> first = generator.next(800);
        published.addAll(KafkaIO.publish(app.bootstrapServers(), first));
        List<PrometheusText.Sample> during = scrape(null).samples();
        ExpectedView firstHalf = ExpectedView.replay(published);
        assertThat(value(during, "cluster_index_events_applied_total")).isBetween(0.0,
                (double) firstHalf.appliedCount());

        List<GeneratedRecord> rest = new ArrayList<>(generator.next(1000));
        rest.addAll(generator.coverRemainingBadKinds());
        published.addAll(KafkaIO.publish(app.bootstrapServers(), rest));
        ExpectedView expected = ExpectedView.replay(published);
        Map<ErrorCode, Long> byCode = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            byCode.put(code, 0L);
        }
        expected.deadLetters().values().forEach(letter -> byCode.merge(letter.code(), 1L, Long::sum));
        assertThat(byCode.values()).as("the mix has dead letters of every code").doesNotContain(0L);

        await("the counters reach what was published").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<PrometheusText.Sample> samples = scrape(null).samples();
                    assertThat(value(samples, "cluster_index_events_applied_total"))
                            .isEqualTo((double) expected.appliedCount());
                    assertThat(value(samples, "cluster_index_events_duplicate_total"))
                            .isEqualTo((double) expected.skippedCount());
                    for (ErrorCode code : ErrorCode.values()) {
                        assertThat(value(samples, "cluster_index_events_dead_lettered_total", "code", code.name()))
                                .as("dead-lettered with %s", code).isEqualTo((double) byCode.get(code));
                    }
                });
        assertThat(value(scrape(null).samples(), "cluster_index_events_rerouted_total"))
                .as("a Java producer publishes every event on its cluster's partition").isZero();
        Map<Integer, Long> lastOffsets = new TreeMap<>();
        published.forEach(input -> lastOffsets.merge(input.partition(), input.offset(), Math::max));
        await("the view offset of every input partition is its last record's").atMost(CATCH_UP)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<PrometheusText.Sample> samples = scrape(null).samples();
                    lastOffsets.forEach((partition, offset) -> assertThat(value(samples, "cluster_index_view_offset",
                            "partition", Integer.toString(partition))).as("partition %s", partition).isEqualTo((double) offset));
                });

        Map<String, Double> expectedClusters = new TreeMap<>();
        expected.stats().forEach((namespace, stats) -> expectedClusters.put(EventStream.organizationOf(namespace)
                + "/" + namespace, (double) stats.totalClusters()));
        await("clusters per namespace equal the stats").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<PrometheusText.Sample> samples = scrape(null).samples();
                    Map<String, Double> series = new TreeMap<>();
                    samples.stream().filter(s -> s.name().equals("cluster_index_namespace_clusters")).forEach(s ->
                            series.put(s.labels().get("organization") + "/" + s.labels().get("namespace"), s.value()));
                    assertThat(series).isEqualTo(expectedClusters);
                    assertThat(value(samples, "cluster_index_namespaces")).isEqualTo(expectedClusters.size());
                });
        List<PrometheusText.Sample> view = scrape(null).samples();
        assertThat(value(view, "cluster_index_view_index_memory_bytes")).as("the live clusters' index")
                .isGreaterThan(expected.liveClusters().size() * 100.0);
        assertThat(value(view, "cluster_index_view_index_rebuilds_total")).as("each partition loaded at start")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void theRequestHistogramCountsEachRouteTemplateAndStatusAndUnknownPathsUnderOneLabel() {
        Map<String, String> devKey = Map.of("Authorization", "Bearer sk_dev_local", "X-Namespace", "default");
        for (int i = 0; i < 7; i++) {
            assertThat(send("GET", "/v1/clusters/clust_missing_" + i, devKey).statusCode()).isEqualTo(404);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(send("GET", "/v1/clusters/clust_" + i, Map.of()).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(send("GET", "/no/such/route/" + UUID.randomUUID(), Map.of()).statusCode()).isEqualTo(404);
        }
        assertThat(send("POST", "/metrics", Map.of()).statusCode()).as("like any other route").isEqualTo(405);

        List<PrometheusText.Sample> samples = scrape(null).samples();
        String route = "/v1/clusters/{cluster_identifier}";
        assertThat(requests(samples, "GET", route, "404")).isEqualTo(7);
        assertThat(requests(samples, "GET", route, "401")).isEqualTo(2);
        assertThat(requests(samples, "GET", "_unmatched", "404")).isEqualTo(3);
        assertThat(requests(samples, "POST", "_unmatched", "405")).isEqualTo(1);
        assertThat(samples).filteredOn(s -> s.name().startsWith("cluster_index_http_requests_seconds"))
                .allSatisfy(s -> assertThat(s.labels().getOrDefault("route", "")).doesNotContain("clust_", "/no/"));
        assertThat(samples).filteredOn(s -> s.name().equals("cluster_index_http_requests_seconds_bucket")
                && s.has("route", route) && s.has("status", "404")).extracting(s -> s.labels().get("le"))
                .contains("0.001", "0.1", "1.0", "30.0", "+Inf");
    }

    @Test
    void jvmAndKafkaStreamsClientMetricsArePresentAndOpenMetricsIsServedToWhoAsks() {
        await("Kafka's per-partition consumer metrics are bound").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    List<PrometheusText.Sample> samples = scrape(null).samples();
                    assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("jvm_memory_used_bytes"));
                    assertThat(samples).anySatisfy(s -> assertThat(s.name()).startsWith("kafka_stream_"));
                    assertThat(samples).anySatisfy(s -> {
                        assertThat(s.name()).isEqualTo("kafka_consumer_fetch_manager_records_lag");
                        assertThat(s.labels()).containsEntry("topic", "cluster-events").containsKey("partition");
                    });
                });
        Scrape openMetrics = scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(openMetrics.contentType()).isEqualTo(OPENMETRICS);
        assertThat(openMetrics.samples()).anySatisfy(s -> assertThat(s.name()).isEqualTo("process_uptime_seconds"));
        assertThat(scrape(null).contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    private record Scrape(String contentType, List<PrometheusText.Sample> samples) {
    }

    /** {@code GET /metrics}, parsed strictly in the format its content type says. */
    private Scrape scrape(String accept) {
        HttpResponse<String> response = send("GET", "/metrics", accept == null ? Map.of() : Map.of("Accept", accept));
        assertThat(response.statusCode()).isEqualTo(200);
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        return new Scrape(contentType, PrometheusText.parse(response.body(), contentType.startsWith(
                "application/openmetrics-text")));
    }

    private static double requests(List<PrometheusText.Sample> samples, String method, String route, String status) {
        return value(samples, "cluster_index_http_requests_seconds_count", "method", method, "route", route,
                "status", status);
    }

    /** The one sample of {@code name} with these label values. */
    private static double value(List<PrometheusText.Sample> samples, String name, String... labels) {
        List<PrometheusText.Sample> matching = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!s.has(labels[i], labels[i + 1])) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(matching).as("%s %s", name, List.of(labels)).hasSize(1);
        return matching.get(0).value();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
