package io.clusterindex.it;

import static org.awaitility.Awaitility.await;

import io.clusterindex.api.ApiClient;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.testkit.BrokerProcess;
import io.clusterindex.testkit.ChildProcesses;
import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Issue 15's kill loop, shared by {@code BrokerFaultIT} and the {@code kill-loop} command: a broker in a child process
 * ({@code cluster-index broker}), the indexer in another ({@code KAFKA_BOOTSTRAP_SERVERS}), a generated stream with
 * duplicates and every kind of bad record published at the indexer's pace, the indexer SIGKILLed at seeded random
 * moments and restarted; with {@link Options#brokerKills} the broker SIGKILLed and restarted once mid-stream and once
 * while a query loop runs, the indexer never exiting, {@code /health/ready} going 503 during the outage and 200 after,
 * and the query loop answering again. Ends with {@link ExactlyOnceCheck}.
 */
public final class KillLoop {
    /** The generator's mix: re-sends, recreated and deleted clusters, and every kind of bad record. */
    static final EventStream.Profile PROFILE = new EventStream.Profile(0.02, 0.01, 0.1, 0.2, true, true, true);
    private static final int CHUNK = 200;
    private static final int SENT_WHILE_DOWN = 100;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration OUTAGE_SEEN = Duration.ofSeconds(60);
    /** As in {@code CrashRecoveryIT}: a SIGKILLed member's session ends in 6 s instead of 45 s. */
    private static final Map<String, String> INDEXER_ENV = Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1500");

    /**
     * @param events       records generated (at least one per cluster; the bad-kind cover adds a few)
     * @param clusters     clusters they belong to
     * @param indexerKills SIGKILLs of the indexer, at seeded random points of the stream
     * @param brokerKills  also SIGKILL the broker mid-stream and while queries run
     * @param catchUp      how long the indexer may take to catch up at the end
     */
    public record Options(int events, int clusters, int indexerKills, boolean brokerKills, long seed, Path workDir,
                          Duration catchUp) {
    }

    /** One fault: what was killed, after how many published records, and how long until ready again. */
    public record Fault(String what, int afterRecords, long committedAtKill, long lagAtKill, long notReadyAfterMillis,
                        long readyAgainAfterMillis) {
    }

    /** What a run did and found (a run that finds a difference throws instead). */
    public record Result(List<Fault> faults, ExactlyOnceCheck.Summary check, Map<Integer, Integer> queryStatuses,
                         int answersAfterBrokerRestart, long millis) {
    }

    private final Options options;
    /** At most this many records unprocessed while publishing, so that a kill finds the indexer busy, not behind. */
    private final long backlog;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int brokerPort = ChildProcesses.freePort();
    private final String bootstrap = "localhost:" + brokerPort;
    private final List<Fault> faults = new ArrayList<>();
    private final LinkedHashSet<Long> resent = new LinkedHashSet<>();
    private BrokerProcess broker;
    private IndexerProcess indexer;
    private ResilientPublisher publisher;
    private KafkaIO.ProgressProbe probe;
    private int brokerStarts;
    private int indexerStarts;

    public KillLoop(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.backlog = Math.max(100, Math.min(1000, options.events() / 20));
    }

    /** Runs the loop and the check; throws (an AssertionError or IllegalStateException) when something is wrong. */
    public Result run() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.workDir());
            startBroker();
            startIndexer();
            ItTenants.register(bootstrap, EventStream.TEST_NAMESPACES, ExactlyOnceCheck.KEYS);
            EventStream stream = EventStream.of(PROFILE, options.seed(), options.clusters(), options.events(),
                    EventStream.TEST_NAMESPACES);
            List<GeneratedRecord> records = new ArrayList<>(stream.next(options.events()));
            records.addAll(stream.coverRemainingBadKinds());
            Map<Long, GeneratedRecord> byIndex = new HashMap<>();
            records.forEach(r -> byIndex.put(r.index(), r));
            log.accept("generated " + records.size() + " records (" + stream.kindCounts() + ")");
            publishWithFaults(records, schedule(records.size()));
            Map<Integer, Integer> statuses = new TreeMap<>();
            int resumed = 0;
            if (options.brokerKills()) {
                try (QueryLoop queries = QueryLoop.start(new ApiClient(indexer.httpPort()))) {
                    queries.awaitAnswers(20, Duration.ofSeconds(60));
                    killBroker(records.size());
                    resumed = queries.awaitAnswers(20, Duration.ofSeconds(60));
                    statuses.putAll(queries.statuses());
                }
            }
            ExactlyOnceCheck.Summary check = ExactlyOnceCheck.verify(bootstrap, byIndex, resent,
                    new ApiClient(indexer.httpPort()), options.catchUp(), this::requireIndexerAlive);
            return new Result(List.copyOf(faults), check, statuses, resumed, millisSince(started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        } finally {
            ItTenants.closeAll(publisher, probe, indexer, broker);
        }
    }

    /** Record positions of the faults, in order: indexer kills at seeded random points, the broker's in the middle. */
    private TreeMap<Integer, String> schedule(int records) {
        SplittableRandom random = new SplittableRandom(options.seed());
        TreeMap<Integer, String> at = new TreeMap<>();
        if (options.brokerKills()) {
            at.put(records / 2, "broker");
        }
        while (at.size() < options.indexerKills() + (options.brokerKills() ? 1 : 0)) {
            at.putIfAbsent(random.nextInt(records / 10, records * 9 / 10), "indexer");
        }
        return at;
    }

    private void publishWithFaults(List<GeneratedRecord> records, TreeMap<Integer, String> schedule) {
        int next = 0;
        for (Map.Entry<Integer, String> fault : schedule.entrySet()) {
            next = publishPaced(records, next, Math.max(next, fault.getKey()));
            if (fault.getValue().equals("indexer")) {
                next = killIndexer(records, next);
            } else {
                next = killBrokerMidStream(records, next);
            }
        }
        publisher.sendAcknowledged(records.subList(next, records.size()), resent);
    }

    /** Publishes up to {@code until} at the indexer's pace, ending with a burst so that it is busy at the kill. */
    private int publishPaced(List<GeneratedRecord> records, int from, int until) {
        int next = from;
        while (next + backlog < until) {
            int end = (int) Math.min(next + CHUNK, until - backlog);
            publisher.sendAll(records.subList(next, end));
            next = end;
            await("backlog drains below " + backlog).atMost(options.catchUp()).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        requireIndexerAlive();
                        return probe.progress().lag() < backlog;
                    });
        }
        publisher.sendAll(records.subList(next, until));
        return until;
    }

    private int killIndexer(List<GeneratedRecord> records, int next) {
        KafkaIO.Progress atKill = probe.progress();
        long killed = System.nanoTime();
        indexer.kill();
        int whileDown = Math.min(SENT_WHILE_DOWN, records.size() - next);
        publisher.sendAll(records.subList(next, next + whileDown));
        startIndexer();
        faults.add(new Fault("indexer", next, atKill.committed(), atKill.lag(), 0, millisSince(killed)));
        log.accept("indexer SIGKILLed after " + next + " records (" + atKill.committed() + " committed, lag "
                + atKill.lag() + "), ready again after " + millisSince(killed) + " ms");
        return next + whileDown;
    }

    private int killBrokerMidStream(List<GeneratedRecord> records, int next) {
        KafkaIO.Progress atKill = probe.progress();
        probe.close();
        long killed = System.nanoTime();
        broker.kill();
        int whileDown = Math.min(SENT_WHILE_DOWN, records.size() - next);
        publisher.sendAll(records.subList(next, next + whileDown));
        List<GeneratedRecord> failed = publisher.drain();
        publisher.close();
        long notReady = awaitOutageSeen(killed);
        restartBrokerAndAwaitReady();
        failed.forEach(r -> resent.add(r.index()));
        publisher.sendAll(failed);
        probe = new KafkaIO.ProgressProbe(bootstrap);
        faults.add(new Fault("broker", next, atKill.committed(), atKill.lag(), notReady, millisSince(killed)));
        log.accept("broker SIGKILLed after " + next + " records (lag " + atKill.lag() + "): /health/ready 503 after "
                + notReady + " ms, 200 again after " + millisSince(killed) + " ms; the indexer never exited");
        return next + whileDown;
    }

    private void killBroker(int published) {
        probe.close();
        publisher.close();
        long killed = System.nanoTime();
        broker.kill();
        long notReady = awaitOutageSeen(killed);
        restartBrokerAndAwaitReady();
        probe = new KafkaIO.ProgressProbe(bootstrap);
        faults.add(new Fault("broker (queries running)", published, -1, -1, notReady, millisSince(killed)));
        log.accept("broker SIGKILLed while queries ran: /health/ready 503 after " + notReady + " ms, 200 again after "
                + millisSince(killed) + " ms; the indexer never exited");
    }

    private long awaitOutageSeen(long killed) {
        await("/health/ready reports the broker outage").atMost(OUTAGE_SEEN).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    requireIndexerAlive();
                    return indexer.status(http, "/health/ready") == 503;
                });
        return millisSince(killed);
    }

    private void restartBrokerAndAwaitReady() {
        requireIndexerAlive();
        startBroker();
        indexer.awaitReady(http, START);
        publisher = new ResilientPublisher(bootstrap);
    }

    private void startBroker() {
        brokerStarts++;
        broker = BrokerProcess.start(options.workDir().resolve("broker"), brokerPort,
                options.workDir().resolve("broker-" + brokerStarts + ".log"), START);
    }

    private void startIndexer() {
        indexerStarts++;
        Map<String, String> env = new HashMap<>(INDEXER_ENV);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        indexer = IndexerProcess.isolated(options.workDir().resolve("indexer"), 0,
                options.workDir().resolve("indexer-" + indexerStarts + ".log"), env);
        indexer.awaitReady(http, START);
        if (publisher == null) {
            publisher = new ResilientPublisher(bootstrap);
            probe = new KafkaIO.ProgressProbe(bootstrap);
        }
    }

    private void requireIndexerAlive() {
        indexer.requireAlive();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
