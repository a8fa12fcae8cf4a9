package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.kafka.StateDirLockedException;
import io.clusterindex.testkit.ExpectedView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline scenario: the whole indexer in-process (topics, Kafka Streams with exactly_once_v2, HTTP) against a
 * few thousand generated events; the local queries, the compacted output topics and the DLQ must equal an
 * independent replay through the pure fold, also after a clean restart on the same state directory. Subclasses say
 * only which Kafka the indexer uses ({@link #kafkaEnvironment()}), so that every broker runs the same scenario.
 * One broker and one state directory for the class.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineScenario {
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Path stateDir = Path.of("target", "it-pipeline-" + UUID.randomUUID()).toAbsolutePath();
    private final EventStream generator = EventStream.forTests(20261128L, 300, 3900);
    private final Map<Long, GeneratedRecord> generated = new HashMap<>();
    private final List<ExpectedView.Input> published = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Config config;
    private ClusterIndexApp app;

    /**
     * The variables that choose the indexer's Kafka ({@code EMBEDDED_KAFKA_PORT} or {@code KAFKA_BOOTSTRAP_SERVERS});
     * read once, before the indexer first starts.
     */
    protected abstract Map<String, String> kafkaEnvironment();

    /**
     * Called with the indexer closed, before it restarts on the same state directory: a subclass may change what the
     * first run left there (such as write it as an older version would have).
     */
    protected void beforeRestart(Path stateDir) {
    }

    /** Called once the restarted indexer is ready, before the second phase's events. */
    protected void afterRestart(ClusterIndexApp restarted) {
    }

    @BeforeAll
    void startApp() {
        Map<String, String> environment = new HashMap<>(kafkaEnvironment());
        environment.put("STATE_DIR", stateDir.toString());
        environment.put("HTTP_PORT", "0");
        config = Config.fromEnvironment(environment);
        long started = System.nanoTime();
        app = ClusterIndexApp.start(config);
        awaitReady();
        log.info("indexer started and ready in {} ms (broker {}, HTTP {})", millisSince(started),
                app.bootstrapServers(), app.httpPort());
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /**
     * One scenario, since its second half is about what the first half left on disk: generated traffic is folded
     * into the expected view, stats and dead letters; after a clean restart on the same state directory all of it
     * is still there, and new events are applied exactly once.
     */
    @Test
    void foldsGeneratedTrafficExactlyOnceAndKeepsItAcrossARestartOnTheSameStateDir() {
        foldsGeneratedTrafficIntoTheExpectedViewStatsAndDeadLetters();
        aRestartOnTheSameStateDirKeepsEverythingAndAppliesNewEventsExactlyOnce();
    }

    private void foldsGeneratedTrafficIntoTheExpectedViewStatsAndDeadLetters() {
        List<GeneratedRecord> records = new ArrayList<>(generator.next(3000));
        records.addAll(generator.coverRemainingBadKinds());
        assertThat(generator.uncoveredKinds()).as("bad-record kinds the generator could not place").isEmpty();
        log.info("phase 1: {} records of {} kinds", records.size(), generator.kindCounts().size());
        log.debug("phase 1 kinds: {}", generator.kindCounts());

        publish(records);
        ExpectedView expected = verifyEverything("phase 1");

        assertThat(expected.liveClusters()).hasSizeGreaterThan(150);
        assertThat(expected.deletedClusters()).isNotEmpty();
        assertThat(expected.stats()).containsOnlyKeys("ns_alpha", "ns_beta", "ns_gamma");
        assertThat(expected.skippedCount()).isGreaterThan(100);
        assertThat(expected.deadLetters()).hasSizeGreaterThan(200);
    }

    @Test
    void healthEndpointsAnswer200() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("READY");
    }

    @Test
    void aSecondInstanceOnTheSameStateDirIsRefused() throws Exception {
        assertThatThrownBy(() -> ClusterIndexApp.start(config).close())
                .isInstanceOf(StateDirLockedException.class)
                .hasMessageContaining(config.stateDir().toString());
        // the first instance is unharmed
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(app.queries().ready()).isTrue();
    }

    private void aRestartOnTheSameStateDirKeepsEverythingAndAppliesNewEventsExactlyOnce() {
        ExpectedView before = ExpectedView.replay(published);
        long closing = System.nanoTime();
        app.close();
        app = null;
        log.info("indexer closed in {} ms", millisSince(closing));
        beforeRestart(stateDir);

        long started = System.nanoTime();
        app = ClusterIndexApp.start(config);
        awaitReady();
        log.info("indexer restarted and ready in {} ms (broker now {})", millisSince(started), app.bootstrapServers());
        // right after readiness, without waiting: the restored stores answer exactly as before
        ViewAssertions.assertQueries(app.queries(), before, generator.clusterIds());
        afterRestart(app);

        List<GeneratedRecord> more = new ArrayList<>(generator.next(900));
        more.addAll(generator.deleteAllLive("ns_gamma"));
        log.info("phase 2: {} records", more.size());
        publish(more);
        ExpectedView expected = verifyEverything("phase 2");
        assertThat(expected.stats()).containsOnlyKeys("ns_alpha", "ns_beta");
        assertThat(expected.namespace("ns_gamma")).isEmpty();
    }

    private void publish(List<GeneratedRecord> records) {
        long started = System.nanoTime();
        records.forEach(r -> generated.put(r.index(), r));
        published.addAll(KafkaIO.publish(app.bootstrapServers(), records));
        log.info("published {} records in {} ms", records.size(), millisSince(started));
    }

    /** Waits for the indexer to catch up, then compares queries, output topics and DLQ with the replay. */
    private ExpectedView verifyEverything(String phase) {
        ExpectedView expected = ExpectedView.replay(published);
        ViewAssertions.assertIntendedOutcomes(expected, generated, input -> true);
        long started = System.nanoTime();
        String bootstrap = app.bootstrapServers();
        KafkaIO.awaitGroupCaughtUp(bootstrap, CATCH_UP);
        log.info("{}: consumer group caught up {} ms after publishing", phase, millisSince(started));
        await(phase + ": local queries equal the model").atMost(CATCH_UP).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> ViewAssertions.assertQueries(app.queries(), expected, generator.clusterIds()));
        await(phase + ": clusters-view equals the model").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertViewTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.VIEW), expected));
        await(phase + ": cluster-stats equals the recount").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertStatsTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.STATS), expected));
        await(phase + ": the DLQ holds each bad record once").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertDeadLetters(
                        KafkaIO.readAll(bootstrap, KafkaIO.DLQ, Duration.ofSeconds(30)), expected));
        log.info("{}: verified {} inputs ({} applied, {} skipped, {} dead letters; {} live, {} deleted) in {} ms",
                phase, published.size(), expected.appliedCount(), expected.skippedCount(),
                expected.deadLetters().size(), expected.liveClusters().size(), expected.deletedClusters().size(),
                millisSince(started));
        return expected;
    }

    private void awaitReady() {
        await("indexer ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> app.queries().ready());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
