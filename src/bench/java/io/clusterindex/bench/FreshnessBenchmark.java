package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.bulkProducer;
import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.BenchSupport.writeResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.bench.BenchSupport.Resources;
import io.clusterindex.bench.VisibilityProbes.Mode;
import io.clusterindex.json.Json;
import io.clusterindex.topology.FoldCounters;
import io.clusterindex.topology.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Freshness benchmark: how long after a producer's send acknowledgement an event is visible through the public
 * HTTP API, at a paced rate (1,000 events/s) and at the maximum rate the pipeline sustains.
 *
 * <p>Starts the real application in-process ({@link BenchApp}: embedded broker, production {@code StreamsSettings}
 * with {@code exactly_once_v2} and a 100 ms commit interval, HTTP server), fills the development namespace with
 * {@link QueryDataset}'s {@code N} clusters and waits until the fold has applied all of them. Then a plain
 * {@link KafkaProducer} (client defaults: idempotent, {@code acks=all}, {@code linger.ms} 5) publishes
 * {@link LiveEvents} (new clusters, executions started and completed on existing ones) for a fixed duration,
 * paced by a schedule ({@code start + i / rate}). One event in {@code rate / probes-per-s} is sampled: its send
 * callback hands it to {@link VisibilityProbes}, which polls {@code GET /v1/clusters/{id}} (or waits once with
 * {@code X-Min-Offsets}) until its {@code updated_at} shows the event.
 *
 * <p>The maximum sustained rate: before each max phase, a burst of {@code --calibration-events} is published
 * unpaced and the fold's throughput is taken over the steady part of the backlog (from 20% to 95% applied); the
 * phase then runs paced at {@code --headroom} (default 0.9) of it, and reports whether the pipeline kept up (the
 * backlog when sending stopped).
 */
public final class FreshnessBenchmark {
    static final double TARGET_RATE = 1000;
    static final double TARGET_P99_MS = 300;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int MAX_STEP_DOWNS = 3;
    private static final int MIN_OFFSETS_THREADS = 32;

    private final Options options;
    private final Warnings warnings = new Warnings();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long filledEvents;

    private FreshnessBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new FreshnessBenchmark(options).run());
    }

    /** One measured phase: a rate, a probe mode, what was sent and what the probes saw. */
    private record Phase(int run, String rateLabel, double targetRate, Mode mode, long sent, double sendSeconds,
                         long backlogAtEnd, double drainSeconds, VisibilityProbes.Result probes, CpuSample.Delta cpu,
                         double loadAverage, long gcCount, double gcSeconds, String group, boolean counted) {
        Phase superseded() {
            return new Phase(run, rateLabel, targetRate, mode, sent, sendSeconds, backlogAtEnd, drainSeconds, probes,
                    cpu, loadAverage, gcCount, gcSeconds, group, false);
        }

        double achievedRate() {
            return sent / sendSeconds;
        }

        boolean keptUp() {
            return backlogAtEnd <= Math.max(100, targetRate);
        }
    }

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index freshness benchmark");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters in one namespace; rates %s; %s s per phase (warm-up %s s);"
                        + " %d run(s); modes %s; about %s probes/s, at most %d at once, poll every %s ms; seed %d%s%n",
                options.clusters, options.rates, fmt(options.durationSeconds, 1), fmt(options.warmupSeconds, 1),
                options.runs, options.modes.stream().map(m -> m.label).toList(), fmt(options.probesPerSecond, 0),
                options.probeThreads, fmt(options.pollMillis, 1), options.seed, options.quick ? " (--quick)" : "");
        checkLoad("at start", machine.loadAverage(), machine.processors());

        Files.createDirectories(options.workDir);
        Path runDir = options.workDir.resolve("freshness-run-" + started).toAbsolutePath().normalize();
        Path file = options.workDir.resolve("freshness-" + started + ".json").toAbsolutePath().normalize();
        long t = System.nanoTime();
        BenchApp bench = BenchApp.start(runDir.resolve("state"), "freshness-benchmark");
        ClusterIndexApp app = bench.app();
        List<Phase> phases = new ArrayList<>();
        List<ObjectNode> calibrations = new ArrayList<>();
        Duration requestTimeout = Duration.ofSeconds(options.probeTimeoutSeconds + 5);
        try (QueryClient client = QueryClient.create("url", app.httpPort(), requestTimeout,
                Math.max(MIN_OFFSETS_THREADS, options.probeThreads))) {
            System.out.printf(Locale.ROOT, "app started in %.1f s: HTTP on port %d, embedded broker %s%n",
                    seconds(System.nanoTime() - t), app.httpPort(), app.bootstrapServers());
            bench.waitReady(client);
            LiveEvents events = fill(app);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(liveProducer(app.bootstrapServers()))) {
                if (options.warmupSeconds > 0) {
                    header("warm-up (not reported)");
                    phase(app, client, producer, events, 0, "warm-up", TARGET_RATE, options.modes.get(0),
                            options.warmupSeconds, "warm-up");
                }
                for (int run = 1; run <= options.runs; run++) {
                    for (String rate : options.rates) {
                        if (rate.equals("max")) {
                            maxPhases(app, client, producer, events, run, phases, calibrations);
                        } else {
                            double target = Double.parseDouble(rate);
                            String label = String.format(Locale.ROOT, "%,.0f/s", target);
                            for (Mode mode : options.modes) {
                                header("run " + run + ": " + label + ", " + mode.label);
                                phases.add(phase(app, client, producer, events, run, label, target, mode,
                                        options.durationSeconds, rate));
                            }
                        }
                        writeResult(file, resultJson(machine, phases, calibrations, events, true));
                    }
                }
            }
            if (app.counters().deadLetteredCount() > 0) {
                warn("%d events were dead-lettered: the live events should all apply",
                        app.counters().deadLetteredCount());
            }
            header("results");
            printResults(machine, phases);
            writeResult(file, resultJson(machine, phases, calibrations, events, false));
            System.out.println("result written to " + file);
        } finally {
            bench.close();
        }
        if (options.keep) {
            System.out.println("kept the broker and state data in " + runDir);
        } else {
            deleteRecursively(runDir);
        }
    }

    // ---------------------------------------------------------------- fill

    private LiveEvents fill(ClusterIndexApp app) throws Exception {
        header("fill");
        QueryDataset dataset = new QueryDataset(options.clusters, options.seed);
        String[] ids = new String[options.clusters];
        int[] sequences = new int[options.clusters];
        String topic = Topics.defaults().events();
        long start = System.nanoTime();
        int[] cluster = {-1};
        byte[][] previousKey = {null};
        QueryDataset.Report report;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bulkProducer(app.bootstrapServers()))) {
            report = dataset.generate((key, value) -> {
                if (!Arrays.equals(key, previousKey[0])) {
                    previousKey[0] = key;
                    ids[++cluster[0]] = dataset.clusterId(cluster[0]);
                }
                sequences[cluster[0]]++;
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
            }, null);
            producer.flush();
        }
        checkSendFailure();
        filledEvents = report.events();
        System.out.printf(Locale.ROOT, "published %,d events in %.1f s (%s)%n", report.events(),
                seconds(System.nanoTime() - start), report.eventsByType());
        drain(app, report.events());
        System.out.printf(Locale.ROOT, "fill done in %.1f s: the fold has handled all %,d events (%,.0f events/s"
                        + " from the first published)%n", seconds(System.nanoTime() - start), report.events(),
                report.events() / seconds(System.nanoTime() - start));
        if (app.counters().deadLetteredCount() > 0) {
            warn("fill: %d events dead-lettered", app.counters().deadLetteredCount());
        }
        return new LiveEvents(ids, sequences, "live" + Long.toHexString(options.seed), options.seed);
    }

    private static long handled(FoldCounters counters) {
        return counters.appliedCount() + counters.duplicateCount() + counters.deadLetteredCount();
    }

    /** Waits until the fold has handled {@code events} records; returns the seconds it took. */
    private double drain(ClusterIndexApp app, long events) throws InterruptedException {
        long start = System.nanoTime();
        long lastChange = start;
        long last = -1;
        while (true) {
            long handled = handled(app.counters());
            long now = System.nanoTime();
            if (handled >= events) {
                return seconds(now - start);
            }
            if (handled != last) {
                last = handled;
                lastChange = now;
            } else if (now - lastChange > DRAIN_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the fold made no progress for " + DRAIN_TIMEOUT.toSeconds()
                        + " s: handled " + handled + " of " + events + " events (stream processor "
                        + app.streams().state() + ")");
            }
            Thread.sleep(2);
        }
    }

    private long expectedHandled() {
        return filledEvents + acked.get();
    }

    // ---------------------------------------------------------------- phases

    private static Map<String, Object> liveProducer(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, LiveEvents.Event event, VisibilityProbes probes) {
        producer.send(new ProducerRecord<>(Topics.defaults().events(), event.key(), event.value()), (metadata, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
                return;
            }
            long now = System.nanoTime();
            acked.incrementAndGet();
            if (probes != null) {
                probes.submit(new VisibilityProbes.Probe(event.clusterId(), event.occurredAt(), metadata.partition(),
                        metadata.offset(), now));
            }
        });
    }

    private void checkSendFailure() {
        if (sendFailure.get() != null) {
            throw new IllegalStateException("publishing failed: " + sendFailure.get(), sendFailure.get());
        }
    }

    private Phase phase(ClusterIndexApp app, QueryClient client, KafkaProducer<byte[], byte[]> producer,
                        LiveEvents events, int run, String label, double rate, Mode mode, double durationSeconds,
                        String group) throws InterruptedException {
        drain(app, expectedHandled());
        long probeEvery = Math.max(1, Math.round(rate / options.probesPerSecond));
        System.out.printf(Locale.ROOT, "target %,.0f events/s for %s s; one event in %,d probed%n", rate,
                fmt(durationSeconds, 1), probeEvery);
        CpuSample cpuBefore = CpuSample.now();
        Resources before = Resources.now();
        long sent = 0;
        long start;
        long sendNanos;
        VisibilityProbes.Result result;
        long backlog;
        double drainSeconds;
        // a probe waiting in the server for X-Min-Offsets costs no CPU: enough threads that none starts late
        int threads = mode == Mode.MIN_OFFSETS ? Math.max(MIN_OFFSETS_THREADS, options.probeThreads)
                : options.probeThreads;
        try (VisibilityProbes probes = new VisibilityProbes(client, mode, threads,
                Duration.ofNanos((long) (options.pollMillis * 1e6)), Duration.ofSeconds(options.probeTimeoutSeconds))) {
            System.out.println("probes: " + probes.describe());
            start = System.nanoTime();
            long end = start + (long) (durationSeconds * 1e9);
            long nextProgress = start + PROGRESS_EVERY.toNanos();
            double nanosPerEvent = 1e9 / rate;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = start + (long) (sent * nanosPerEvent);
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due, end) - now);
                    continue;
                }
                checkSendFailure();
                send(producer, events.next(), sent % probeEvery == 0 ? probes : null);
                sent++;
                if (now >= nextProgress) {
                    nextProgress += PROGRESS_EVERY.toNanos();
                    VisibilityProbes.Result sofar = probes.result();
                    System.out.printf(Locale.ROOT, "  %5.1f s  sent %,d (%,.0f/s); backlog %,d events; probes %,d"
                                    + " done, p50 %s ms, p99 %s ms%n", seconds(now - start), sent,
                            sent / seconds(now - start), expectedHandled() - handled(app.counters()), sofar.probes(),
                            fmt(sofar.ms(50), 1), fmt(sofar.ms(99), 1));
                }
            }
            sendNanos = System.nanoTime() - start;
            producer.flush();
            checkSendFailure();
            backlog = expectedHandled() - handled(app.counters());
            drainSeconds = drain(app, expectedHandled());
            if (!probes.awaitAll(Duration.ofSeconds(options.probeTimeoutSeconds + 10))) {
                warn("run %d %s %s: %d probes still running at the end", run, label, mode.label, probes.inFlight());
            }
            result = probes.result();
        }
        CpuSample.Delta cpu = CpuSample.now().since(cpuBefore);
        Resources after = Resources.now();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Phase phase = new Phase(run, label, rate, mode, sent, seconds(sendNanos), backlog, drainSeconds, result, cpu,
                load, after.gcCount() - before.gcCount(), (after.gcMillis() - before.gcMillis()) / 1000.0, group, true);
        System.out.printf(Locale.ROOT, "sent %,d events in %.1f s: %,.0f events/s; backlog when sending stopped %,d"
                        + " events (drained in %.2f s)%s%n", sent, phase.sendSeconds(), phase.achievedRate(), backlog,
                drainSeconds, phase.keptUp() ? "" : ": the pipeline did NOT keep up");
        System.out.printf(Locale.ROOT, "visibility: %,d probes, p50 %s  p90 %s  p99 %s  max %s ms; %d timed out, %d"
                        + " errors, %d started late (all probe threads busy), %d visible at the first answer;"
                        + " %,.0f GET/s for probing (request p50 %s ms)%n", result.probes(), fmt(result.ms(50), 1),
                fmt(result.ms(90), 1), fmt(result.ms(99), 1), fmt(result.maxMs(), 1), result.timedOut(),
                result.errors(), result.lateStarts(), result.firstAnswerVisible(),
                result.requests() / cpu.wallSeconds(), fmt(result.requestMicros().getValueAtPercentile(50) / 1000.0, 2));
        System.out.printf(Locale.ROOT, "cpu: this process %.2f cores, other processes %.2f cores; load average %.2f;"
                + " GC %d (%.2f s)%n", cpu.processCores(), cpu.otherCores(), load, phase.gcCount(), phase.gcSeconds());
        if (run > 0) {
            if (!phase.keptUp()) {
                warn("run %d %s %s: the pipeline did not keep up (backlog %,d events when sending stopped)", run,
                        label, mode.label, backlog);
            }
            if (result.errors() > 0 || result.timedOut() > 0) {
                warn("run %d %s %s: %d probe errors, %d timed out; first error: %s", run, label, mode.label,
                        result.errors(), result.timedOut(), result.firstError());
            }
            if (cpu.otherCores() > 0.25 * CpuSample.processors()) {
                warn("run %d %s %s: other processes used %.2f cores during the phase: figures are disturbed", run,
                        label, mode.label, cpu.otherCores());
            }
        }
        return phase;
    }

    /**
     * The max phases of one run: the throughput measured by {@link #calibrate} (or {@code --max-rate}) times the
     * headroom; when the pipeline does not keep up at that rate, the phase is repeated 10 points lower (at most
     * {@link #MAX_STEP_DOWNS} times), and only the last attempt counts in the medians.
     */
    private void maxPhases(ClusterIndexApp app, QueryClient client, KafkaProducer<byte[], byte[]> producer,
                           LiveEvents events, int run, List<Phase> phases, List<ObjectNode> calibrations)
            throws InterruptedException {
        double measured;
        if (options.maxRate > 0) {
            measured = options.maxRate / options.headroom;
        } else {
            ObjectNode calibration = calibrate(app, producer, events, run);
            calibrations.add(calibration);
            measured = calibration.get("events_per_s").asDouble();
        }
        for (Mode mode : options.modes) {
            for (int step = 0; ; step++) {
                double share = options.headroom - 0.1 * step;
                double target = Math.max(100, Math.floor(measured * share / 100) * 100);
                String label = options.maxRate > 0 && step == 0 ? "max (--max-rate)"
                        : "max (" + fmt(share * 100, 0) + "% of measured)";
                header("run " + run + ": " + label + " = " + String.format(Locale.ROOT, "%,.0f/s", target) + ", "
                        + mode.label);
                Phase phase = phase(app, client, producer, events, run, label, target, mode,
                        options.durationSeconds, "max");
                if (phase.keptUp() || step >= MAX_STEP_DOWNS || share - 0.1 <= 0) {
                    phases.add(phase);
                    break;
                }
                System.out.println("the pipeline did not keep up: repeating 10 points lower");
                phases.add(phase.superseded());
            }
        }
    }

    /** Publishes a burst unpaced and measures how fast the fold absorbs it. */
    private ObjectNode calibrate(ClusterIndexApp app, KafkaProducer<byte[], byte[]> producer, LiveEvents events,
                                 int run) throws InterruptedException {
        header("run " + run + ": measuring the pipeline's throughput");
        drain(app, expectedHandled());
        long n = options.calibrationEvents;
        long base = handled(app.counters());
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            send(producer, events.next(), null);
        }
        producer.flush();
        checkSendFailure();
        double publishSeconds = seconds(System.nanoTime() - start);
        long from = base + n / 5;
        long to = base + n * 95 / 100;
        long fromNanos = -1;
        long toNanos = -1;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (toNanos < 0) {
            long handled = handled(app.counters());
            long now = System.nanoTime();
            if (fromNanos < 0 && handled >= from) {
                fromNanos = now;
            }
            if (handled >= to) {
                toNanos = now;
            }
            if (now > deadline) {
                throw new IllegalStateException("the calibration burst was not absorbed within "
                        + DRAIN_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
        double rate = (to - from) / seconds(toNanos - fromNanos);
        drain(app, expectedHandled());
        double total = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "%,d events published unpaced in %.1f s; the fold handled them at %,.0f"
                + " events/s (from 20%% to 95%% of the backlog), all in %.1f s%n", n, publishSeconds, rate, total);
        ObjectNode node = Json.NODES.objectNode();
        node.put("run", run);
        node.put("events", n);
        node.put("publish_s", publishSeconds);
        node.put("total_s", total);
        node.put("events_per_s", rate);
        return node;
    }

    // ---------------------------------------------------------------- report

    private void printResults(Machine machine, List<Phase> phases) {
        System.out.println(machine.describeLines());
        System.out.println("latency: producer send acknowledgement -> first GET /v1/clusters/{id} answer showing"
                + " the event (poll) or the X-Min-Offsets answer (min-offsets); resolution "
                + fmt(options.pollMillis, 1) + " ms poll interval + one request");
        System.out.println();
        System.out.println("| run | rate | mode | sent ev/s | probes | p50 ms | p90 ms | p99 ms | max ms | kept up |"
                + " GET/s | load | other cores |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Phase p : phases) {
            VisibilityProbes.Result r = p.probes();
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %,.0f | %,d | %s | %s | %s | %s | %s | %,.0f | %.2f |"
                            + " %.2f |%n", p.run(), p.rateLabel() + (p.rateLabel().startsWith("max")
                            ? String.format(Locale.ROOT, " = %,.0f/s", p.targetRate()) : ""), p.mode().label,
                    p.achievedRate(), r.probes(), fmt(r.ms(50), 1), fmt(r.ms(90), 1), fmt(r.ms(99), 1),
                    fmt(r.maxMs(), 1), p.keptUp() ? "yes" : "NO (" + p.backlogAtEnd() + ")"
                            + (p.counted() ? "" : ", not counted"),
                    r.requests() / p.cpu().wallSeconds(), p.loadAverage(), p.cpu().otherCores());
        }
        Map<String, List<Phase>> groups = groups(phases);
        if (options.runs > 1) {
            System.out.println();
            System.out.println("medians over " + options.runs + " runs:");
            System.out.println("| rate | mode | sent ev/s | p50 ms | p90 ms | p99 ms | max ms | runs that kept up |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            groups.forEach((key, list) -> System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %s |"
                            + " %d of %d |%n",
                    list.get(0).group().equals("max") ? "max" : list.get(0).rateLabel(), list.get(0).mode().label,
                    median(list, Phase::achievedRate), fmt(median(list, p -> p.probes().ms(50)), 1),
                    fmt(median(list, p -> p.probes().ms(90)), 1), fmt(median(list, p -> p.probes().ms(99)), 1),
                    fmt(median(list, p -> p.probes().maxMs()), 1), list.stream().filter(Phase::keptUp).count(),
                    list.size()));
        }
        System.out.println();
        System.out.println("target:");
        List<Phase> target = phases.stream().filter(p -> p.counted() && !p.group().equals("max")
                && p.targetRate() == TARGET_RATE && p.mode() == Mode.POLL).toList();
        double p99 = median(target, p -> p.probes().ms(99));
        boolean clean = !target.isEmpty() && target.stream().allMatch(p -> p.probes().errors() == 0
                && p.probes().timedOut() == 0);
        String verdict = target.isEmpty() ? "not measured" : clean && p99 <= TARGET_P99_MS ? "MET" : "NOT MET";
        System.out.printf(Locale.ROOT, "  p99 <= %.0f ms at %,.0f events/s (exactly_once_v2, polling): %s (%s ms)%n",
                TARGET_P99_MS, TARGET_RATE, verdict, fmt(p99, 1));
        warnings.printSummary();
    }

    private static Map<String, List<Phase>> groups(List<Phase> phases) {
        Map<String, List<Phase>> groups = new LinkedHashMap<>();
        for (Phase p : phases) {
            if (p.counted()) {
                groups.computeIfAbsent(p.group() + "|" + p.mode(), k -> new ArrayList<>()).add(p);
            }
        }
        return groups;
    }

    private static double median(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> value) {
        return PipelineBenchmark.median(phases.stream().mapToDouble(value).toArray());
    }

    private ObjectNode resultJson(Machine machine, List<Phase> phases, List<ObjectNode> calibrations,
                                  LiveEvents events, boolean partial) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("partial", partial);
        root.set("machine", machine.toJson());
        ObjectNode o = root.putObject("options");
        o.put("clusters", options.clusters);
        o.put("duration_s", options.durationSeconds);
        o.put("warmup_s", options.warmupSeconds);
        o.put("runs", options.runs);
        o.put("probes_per_s", options.probesPerSecond);
        o.put("probe_threads", options.probeThreads);
        o.put("poll_ms", options.pollMillis);
        o.put("probe_timeout_s", options.probeTimeoutSeconds);
        o.put("headroom", options.headroom);
        o.put("calibration_events", options.calibrationEvents);
        o.put("seed", options.seed);
        options.rates.forEach(o.putArray("rates")::add);
        options.modes.forEach(mode -> o.withArray("modes").add(mode.label));
        root.set("live_events_by_type", Json.MAPPER.valueToTree(events.eventsByType()));
        root.put("clusters_at_end", events.clusters());
        ArrayNode c = root.putArray("calibrations");
        calibrations.forEach(c::add);
        ArrayNode rows = root.putArray("phases");
        for (Phase p : phases) {
            VisibilityProbes.Result r = p.probes();
            ObjectNode row = rows.addObject();
            row.put("run", p.run());
            row.put("rate", p.rateLabel());
            row.put("target_events_per_s", p.targetRate());
            row.put("mode", p.mode().label);
            row.put("sent", p.sent());
            row.put("send_s", p.sendSeconds());
            row.put("achieved_events_per_s", p.achievedRate());
            row.put("backlog_at_end", p.backlogAtEnd());
            row.put("kept_up", p.keptUp());
            row.put("counted", p.counted());
            row.put("drain_s", p.drainSeconds());
            row.put("probes", r.probes());
            row.put("timed_out", r.timedOut());
            row.put("errors", r.errors());
            row.put("late_starts", r.lateStarts());
            row.put("visible_at_first_answer", r.firstAnswerVisible());
            for (double percentile : new double[] {50, 90, 99}) {
                double v = r.ms(percentile);
                row.put("p" + (int) percentile + "_ms", Double.isNaN(v) ? null : v);
            }
            row.put("max_ms", Double.isNaN(r.maxMs()) ? null : r.maxMs());
            row.put("probe_requests", r.requests());
            row.put("probe_request_p50_ms", r.requestMicros().getValueAtPercentile(50) / 1000.0);
            row.put("process_cores", p.cpu().processCores());
            row.put("other_cores", p.cpu().otherCores());
            row.put("load_average_at_end", p.loadAverage());
            row.put("gc_count", p.gcCount());
            row.put("gc_s", p.gcSeconds());
            row.put("first_error", r.firstError());
        }
        warnings.addTo(root.putArray("warnings"));
        return root;
    }

    private void checkLoad(String when, double load, int processors) {
        if (load > 0.5 * processors) {
            warn("load average %.2f on %d cores %s: the machine is busy, latencies will be high and noisy", load,
                    processors, when);
        }
    }

    private void warn(String format, Object... args) {
        warnings.add(format, args);
    }

    @Command(name = "bench/freshness.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/freshness.sh [--clusters N] [--rates 1000,max] [--duration-s S] [--runs R]",
                "                          [--mode poll|min-offsets|both] [--max-rate R] [--headroom H]",
                "                          [--calibration-events E] [--probes-per-s P] [--probe-threads T]",
                "                          [--poll-ms M] [--probe-timeout-s T] [--warmup-s W] [--seed S]",
                "                          [--work-dir DIR] [--quick] [--keep]"},
            footer = "KAFKA_* environment variables override the Streams settings as in production.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters filled into the namespace before measuring (default 100000)")
        int clusters = 100_000;
        List<String> rates = List.of("1000", "max");
        @Option(names = "--duration-s", order = 3, paramLabel = "S", converter = Converters.PositiveDouble.class,
                description = "seconds of publishing per phase (default 30)")
        double durationSeconds = 30;
        @Option(names = "--runs", order = 4, paramLabel = "R", converter = Converters.PositiveInt.class,
                description = "repetitions of all phases in the same app; medians reported (default 3)")
        int runs = 3;
        List<Mode> modes = List.of(Mode.POLL);
        @Option(names = "--max-rate", order = 6, paramLabel = "R", converter = Converters.PositiveDouble.class,
                description = "rate of the max phases; default: measured before each of them")
        double maxRate;
        @Option(names = "--headroom", order = 7, paramLabel = "H", converter = Converters.PositiveDouble.class,
                description = "share of the measured throughput the max phases run at (default 0.9)")
        double headroom = 0.9;
        @Option(names = "--calibration-events", order = 8, paramLabel = "E", converter = Converters.PositiveLong.class,
                description = "burst published unpaced to measure the throughput (default 150000)")
        long calibrationEvents = 150_000;
        @Option(names = "--probes-per-s", order = 9, paramLabel = "P", converter = Converters.PositiveDouble.class,
                description = "sampled events per second (default 10)")
        double probesPerSecond = 10;
        @Option(names = "--probe-threads", order = 10, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "polling requests in flight at once (default 4; min-offsets: at least 32, since a"
                        + " waiting request costs no CPU)")
        int probeThreads = 4;
        @Option(names = "--poll-ms", order = 11, paramLabel = "M", converter = Converters.PositiveDouble.class,
                description = "poll interval of one probe, the measurement resolution (default 5)")
        double pollMillis = 5;
        @Option(names = "--probe-timeout-s", order = 12, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "a probe gives up after T s (default 30)")
        int probeTimeoutSeconds = 30;
        @Option(names = "--warmup-s", order = 13, paramLabel = "W", converter = Converters.NonNegativeDouble.class,
                description = "unreported warm-up at 1,000 events/s (default 5)")
        double warmupSeconds = 5;
        @Option(names = "--seed", order = 14, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the filled clusters and the live events (default 42)")
        long seed = 42;
        @Option(names = "--work-dir", order = 15, paramLabel = "DIR",
                description = "where the broker and state go, and the JSON result (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--quick", order = 16, description = "smoke test: 10000 clusters, 10 s phases, 1 run, 50000-event burst")
        boolean quick;
        @Option(names = "--keep", order = 17, description = "keep the broker and state data after the run")
        boolean keep;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Option(names = "--rates", order = 2, paramLabel = "L", description = "comma-separated events/s, or max (default 1000,max)")
        void rates(String list) {
            List<String> parsed = new ArrayList<>();
            for (String part : list.split(",")) {
                String rate = part.trim().toLowerCase(Locale.ROOT);
                parsed.add(rate.equals("max") ? rate : Long.toString(new Converters.PositiveLong().convert(rate)));
            }
            rates = List.copyOf(parsed);
        }

        @Option(names = "--mode", order = 5, paramLabel = "M",
                description = "poll (GET until visible, the default), min-offsets (one GET with X-Min-Offsets that"
                        + " waits), or both (each phase twice)")
        void mode(String mode) {
            modes = switch (Converters.oneOf(mode, "poll", "min-offsets", "both")) {
                case "poll" -> List.of(Mode.POLL);
                case "min-offsets" -> List.of(Mode.MIN_OFFSETS);
                default -> List.of(Mode.POLL, Mode.MIN_OFFSETS);
            };
        }

        @Override
        public void resolve(ParseResult parsed) {
            if (quick) {
                clusters = parsed.hasMatchedOption("--clusters") ? clusters : 10_000;
                durationSeconds = parsed.hasMatchedOption("--duration-s") ? durationSeconds : 10;
                runs = parsed.hasMatchedOption("--runs") ? runs : 1;
                calibrationEvents = parsed.hasMatchedOption("--calibration-events") ? calibrationEvents : 50_000;
            }
            if (headroom > 1) {
                throw new IllegalArgumentException("--headroom must be in (0, 1], got " + headroom);
            }
        }
    }
}
