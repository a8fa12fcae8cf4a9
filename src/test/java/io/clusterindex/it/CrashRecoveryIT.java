package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.testkit.ChildProcesses;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once proof: the indexer runs as a child JVM (embedded broker inside) and is SIGKILLed twice while
 * several thousand generated events (duplicates and bad records included) are being published and processed, then
 * restarted on the same state directory and broker port. Afterwards, read_committed, the view equals an independent
 * replay of what {@code cluster-events} actually holds, the stats equal a recount, and the DLQ holds every bad
 * record exactly once.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int EVENTS = 4500;
    private static final int KILLS = 2;
    private static final int CHUNK = 100;
    private static final long BACKLOG = 300;
    private static final int SENT_WHILE_DOWN = 60;
    private static final Duration READY = Duration.ofSeconds(120);
    /**
     * A SIGKILLed Streams member stays in the consumer group until its session times out (45 s by default), and the
     * restarted instance's first rebalance waits for that. The documented KAFKA_* pass-through lowers it to the
     * broker's minimum so that two kills fit the time budget; exactly-once does not depend on it.
     */
    private static final Map<String, String> CHILD_ENV = Map.of(
            "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1500");

    private final Path workDir = Path.of("target", "it-crash-" + UUID.randomUUID()).toAbsolutePath();
    private final Path stateDir = workDir.resolve("state");
    private final int brokerPort = ChildProcesses.freePort();
    private final String bootstrap = "localhost:" + brokerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private IndexerProcess child;
    private int starts;

    @AfterAll
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void viewStatsAndDeadLettersHoldEachEventExactlyOnceAcrossKills() {
        EventStream generator = EventStream.forTests(4242L, 250, EVENTS);
        List<GeneratedRecord> records = generator.next(EVENTS);
        Map<Long, GeneratedRecord> byIndex = new HashMap<>();
        records.forEach(r -> byIndex.put(r.index(), r));
        Set<Long> resent = new LinkedHashSet<>();
        List<KafkaIO.Progress> progressAtKill = new ArrayList<>();

        startChild();
        ResilientPublisher publisher = new ResilientPublisher(bootstrap);
        KafkaIO.ProgressProbe probe = new KafkaIO.ProgressProbe(bootstrap);
        try {
            int next = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                int killPoint = records.size() * kill / (KILLS + 1);
                long committedAtStart = probe.progress().committed();
                // stream at the indexer's pace (a bounded backlog), then end with a burst of at least BACKLOG
                // records, so that it is busy when the kill comes however fast it has been
                while (next + BACKLOG < killPoint) {
                    publisher.sendAll(records.subList(next, next + CHUNK));
                    next += CHUNK;
                    KafkaIO.ProgressProbe p = probe;
                    await("backlog drains below " + BACKLOG).atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(25)).until(() -> p.progress().lag() < BACKLOG);
                }
                publisher.sendAll(records.subList(next, killPoint));
                next = killPoint;
                KafkaIO.Progress atKill = probe.progress();
                long killed = System.nanoTime();
                child.kill();
                probe.close();
                // the producer goes on while the broker is gone: these sends fail and are re-sent after the restart
                int whileDown = Math.min(SENT_WHILE_DOWN, records.size() - next);
                publisher.sendAll(records.subList(next, next + whileDown));
                next += whileDown;
                progressAtKill.add(atKill);
                assertThat(atKill.committed()).as("kill %d: the indexer had processed part of this stream", kill)
                        .isGreaterThan(committedAtStart);
                LOG.info("kill {}: SIGKILLed the indexer (pid {}) with {} records committed of {} in {} (lag {})",
                        kill, child.pid(), atKill.committed(), atKill.end(), KafkaIO.EVENTS, atKill.lag());
                List<GeneratedRecord> failed = publisher.drain();
                publisher.close();
                LOG.info("kill {}: {} sends failed and will be re-sent ({} ms after the kill)", kill, failed.size(),
                        millisSince(killed));

                startChild();
                LOG.info("kill {}: indexer back and ready {} ms after the kill", kill, millisSince(killed));
                probe = new KafkaIO.ProgressProbe(bootstrap);
                publisher = new ResilientPublisher(bootstrap);
                publisher.sendAll(failed);
                failed.forEach(r -> resent.add(r.index()));
            }
            publisher.sendAcknowledged(records.subList(next, records.size()), resent);
        } finally {
            publisher.close();
            probe.close();
        }
        assertThat(progressAtKill).as("progress at each kill: killed while processing, with a backlog")
                .allMatch(p -> p.lag() > 0);
        assertThat(resent).as("records re-sent after failing while the broker was down").isNotEmpty();

        long started = System.nanoTime();
        KafkaIO.awaitGroupCaughtUp(bootstrap, Duration.ofSeconds(120), () -> child.requireAlive());
        LOG.info("consumer group caught up {} ms after the last publish", millisSince(started));

        // the model's input is what the topic actually holds, in offset order per partition (so per key)
        List<ConsumerRecord<String, byte[]>> topic = KafkaIO.readAll(bootstrap, KafkaIO.EVENTS, Duration.ofSeconds(60));
        List<ExpectedView.Input> inputs = KafkaIO.inputs(topic);
        ExactlyOnceCheck.assertNothingLostAndOnlyResentDuplicated(inputs, byIndex, resent);
        LOG.info("{} holds {} records: {} generated, {} duplicated by re-sends", KafkaIO.EVENTS, inputs.size(),
                records.size(), inputs.size() - records.size());
        ExpectedView expected = ExpectedView.replay(inputs);

        // where no record of a key was re-sent, the order per key is the generated one: intents must hold
        Set<String> keysWithResends = new HashSet<>();
        resent.forEach(index -> keysWithResends.add(byIndex.get(index).key()));
        ViewAssertions.assertIntendedOutcomes(expected, byIndex,
                input -> !resent.contains(input.index()) && !keysWithResends.contains(input.key()));

        await("clusters-view equals the model").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    child.requireAlive();
                    ViewAssertions.assertViewTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.VIEW), expected);
                });
        await("cluster-stats equals the recount").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    child.requireAlive();
                    ViewAssertions.assertStatsTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.STATS), expected);
                });
        await("the DLQ holds each bad record exactly once").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    child.requireAlive();
                    ViewAssertions.assertDeadLetters(KafkaIO.readAll(bootstrap, KafkaIO.DLQ, Duration.ofSeconds(30)),
                            expected);
                });
        LOG.info("verified {} inputs ({} generated, {} re-sent): {} applied, {} skipped, {} dead letters; {} live, {}"
                        + " deleted clusters; progress at kills {}; total {} ms after the last publish", inputs.size(),
                records.size(), resent.size(), expected.appliedCount(), expected.skippedCount(),
                expected.deadLetters().size(), expected.liveClusters().size(), expected.deletedClusters().size(),
                progressAtKill, millisSince(started));
        assertThat(expected.deadLetters()).hasSizeGreaterThan(200);
        assertThat(expected.skippedCount()).isGreaterThan(100);
        assertThat(expected.liveClusters()).hasSizeGreaterThan(100);
    }

    private void startChild() {
        starts++;
        Path log = workDir.resolve("indexer-" + starts + ".log");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        child = IndexerProcess.isolated(stateDir, brokerPort, log, CHILD_ENV);
        child.awaitReady(http, READY);
        LOG.info("indexer child #{} (pid {}) ready in {} ms, log {}", starts, child.pid(), millisSince(started), log);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
