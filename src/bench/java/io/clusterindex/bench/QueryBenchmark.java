package io.clusterindex.bench;

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
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Latency benchmark of the HTTP query API on a namespace of {@code N} clusters.
 *
 * <p>Starts the real application in-process ({@link ClusterIndexApp}: embedded broker and HTTP server on free
 * ports, a fresh {@code STATE_DIR} under the work directory), fills the development namespace ({@code ns_dev} of
 * {@code org_dev}, key {@code sk_dev_local}, {@code X-Namespace: default}) with {@link QueryDataset}'s clusters
 * through {@code cluster-events}, and waits until {@code GET /v1/clusters/stats} reports exactly the clusters,
 * documents and statuses that were published. A probe then sends each query of {@link QueryMix} (the fixed q1..q7
 * and the varied {@link VariedQueries}) and checks the answer (total against the expected count, the page's ids,
 * filter and order of every result; a varied query: {@value QueryMix#PROBE_DRAWS} draws of a fixed-seed sequence).
 * With {@code --cold-start} the app is then stopped and started again on the same state directory, and the start to
 * {@code /health/ready} and the first request of each kind are timed; the phases measure the restarted app.
 *
 * <p>Then, for each concurrency level and each query, a closed loop: {@code c} threads each send the query, wait
 * for the whole response and send the next, first for a short warm-up, then for {@code --duration-s} (or until
 * {@code --requests}); latencies of the 200 responses go into HdrHistograms. A phase stops issuing requests at its
 * deadline; a request already sent finishes (or times out after {@code --timeout-s}), so a phase lasts at most
 * warm-up + duration + timeout. Errors (non-200, I/O, timeouts) and invalid bodies are counted, never fatal.
 *
 * <p>With {@code --background}, list queries run in a closed loop of their own beside every measured phase (point
 * reads measured while lists run). Reports per query and concurrency: requests, queries/s, p50/p90/p99/max, CPU per
 * request (the whole process: server and client share it) and the GC pauses of the window ({@link GcLog}); with
 * {@code --heap-histogram} the live-heap classes the fill added, per cluster ({@link HeapHistogram}); the heap in use after a full GC (empty, filled, after the queries), the peak
 * heap seen during the queries, RSS and the size of the state directory; the issue's targets marked MET / NOT MET;
 * and writes the same as JSON to {@code <work-dir>/queries-<time>.json}.
 */
public final class QueryBenchmark {
    static final int TARGET_CLUSTERS = 1_000_000;
    static final double TARGET_LIST_P50_MS = 25;
    static final double TARGET_LIST_P99_MS = 100;
    static final double TARGET_POINT_P99_MS = 2;
    static final double TARGET_POINT_P99_C8_MS = 5;
    static final double TARGET_VARIED_P99_C8_MS = 400;
    static final long TARGET_HEAP_BYTES = 3L << 30;

    /** The cold start's first requests, in this order: the kinds that were slowest to answer first. */
    static final List<String> COLD_ORDER = List.of("q9", "q4v", "q5v", "q8", "q2v", "q3v", "q1v", "q6", "q7");
    static final int HISTOGRAM_TOP = 25;

    private final Options options;
    private final List<ObjectNode> warnings = new ArrayList<>();
    private Session session;

    private QueryBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new QueryBenchmark(options).run());
    }

    // ---------------------------------------------------------------- the benchmark

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index HTTP query benchmark");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters in one namespace; concurrency %s; %s s per query and"
                        + " level (warm-up %s s)%s; per-request timeout %d s; seed %d%s%n",
                options.clusters, options.concurrency, fmt(options.durationSeconds, 1),
                fmt(options.warmupSeconds, 1), options.requests > 0 ? ", at most " + options.requests + " requests"
                        : "", options.timeoutSeconds, options.seed, options.quick ? " (--quick)" : "");
        if (machine.loadAverage() > 0.5 * machine.processors()) {
            warn("load average %.2f on %d cores: the machine is busy, latencies will be high and noisy",
                    machine.loadAverage(), machine.processors());
        }

        QueryDataset dataset = new QueryDataset(options.clusters, options.seed);
        List<QueryMix.Query> every = QueryMix.withVaried(dataset);
        List<QueryMix.Query> mix = options.queries.isEmpty() ? every : named(every, options.queries);
        List<QueryMix.Query> beside = named(every, options.background);
        System.out.println("garbage collectors: " + GcLog.collectors());

        Files.createDirectories(options.workDir);
        Path runDir = options.workDir.resolve("queries-run-" + started).toAbsolutePath().normalize();
        Path stateDir = runDir.resolve("state");
        long t = System.nanoTime();
        session = session(BenchApp.start(stateDir, "query-benchmark"));
        Path file = options.workDir.resolve("queries-" + started + ".json").toAbsolutePath().normalize();
        ObjectNode result = Json.NODES.objectNode();
        try (GcLog gcLog = GcLog.listen()) {
            ClusterIndexApp app = session.app();
            System.out.printf(Locale.ROOT, "app started in %.1f s: HTTP on port %d, embedded broker %s, state %s%n",
                    seconds(System.nanoTime() - t), app.httpPort(), app.bootstrapServers(), stateDir);
            System.out.println("client: " + session.client().describe());
            session.bench().waitReady(session.client());
            Heap empty = Heap.afterGc(runDir);
            System.out.println("heap after GC, empty view: " + empty.describe());
            HeapHistogram emptyHistogram = options.heapHistogram ? HeapHistogram.take() : null;

            Fill fill = fill(app, dataset, session.client(), mix);
            Heap filled = Heap.afterGc(runDir);
            System.out.println("heap after GC, " + String.format(Locale.ROOT, "%,d", options.clusters)
                    + " clusters: " + filled.describe() + String.format(Locale.ROOT, "; %.0f B of heap per cluster",
                    (filled.used - empty.used) / (double) options.clusters));
            ObjectNode histogram = emptyHistogram == null ? null
                    : HeapHistogram.take().report(emptyHistogram, options.clusters, HISTOGRAM_TOP);

            Map<String, ObjectNode> probes = probe(session.client(), mix, fill);
            ObjectNode coldStart = options.coldStart ? coldStart(stateDir, every) : null;

            header("measuring");
            if (!beside.isEmpty()) {
                System.out.printf(Locale.ROOT, "beside every measured phase: %s, %d closed-loop thread(s) of list"
                        + " traffic%n", beside.stream().map(QueryMix.Query::name).toList(),
                        options.backgroundConcurrency);
            }
            List<Phase> phases = new ArrayList<>();
            Heap.resetPeaks();
            String stopped = null;
            for (int concurrency : options.concurrency) {
                for (QueryMix.Query query : mix) {
                    String state = session.app().streams().state().name();
                    if (stopped == null && !state.equals("RUNNING") && !state.equals("REBALANCING")) {
                        stopped = state;
                        warn("the stream processor is %s (see the log above): the remaining phases are skipped",
                                state);
                    }
                    if (stopped != null) {
                        phases.add(Phase.skipped(query.name(), concurrency, "stream processor " + stopped));
                        continue;
                    }
                    String hopeless = hopeless(phases, query, concurrency);
                    if (hopeless != null) {
                        System.out.printf(Locale.ROOT, "  %-7s SKIPPED: %s%n", query.name() + " c=" + concurrency,
                                hopeless);
                        warn("%s c=%d skipped: %s", query.name(), concurrency, hopeless);
                        phases.add(Phase.skipped(query.name(), concurrency, hopeless));
                        continue;
                    }
                    settle();
                    phases.add(measure(session.client(), query, concurrency, fill, beside, gcLog));
                    // a partial result survives a run that is cut short
                    writeResult(file, resultJson(machine, fill, empty, filled, null, Heap.peakUsed(), probes, phases,
                            List.of(), histogram, coldStart));
                }
            }
            long peakHeap = Heap.peakUsed();
            Heap after = Heap.afterGc(runDir);

            header("results");
            printTable(machine, phases, fill, empty, filled, after, peakHeap, probes);
            List<ObjectNode> targets = targets(phases, mix, after);
            result = resultJson(machine, fill, empty, filled, after, peakHeap, probes, phases, targets, histogram,
                    coldStart);
        } catch (Exception | Error e) {
            System.err.println("benchmark failed: " + e + "; stopping the app (stack trace below)");
            throw e;
        } finally {
            session.close();
        }
        writeResult(file, result);
        System.out.println("result written to " + file);
        if (options.keep) {
            System.out.println("kept the broker and state data in " + runDir);
        } else {
            deleteRecursively(runDir);
        }
    }

    /** The queries of {@code names}, in that order. */
    static List<QueryMix.Query> named(List<QueryMix.Query> every, List<String> names) {
        return names.stream().map(name -> every.stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow()).toList();
    }

    /** The app under test and the client that talks to it; a cold start replaces both. */
    private record Session(BenchApp bench, QueryClient client) implements AutoCloseable {
        ClusterIndexApp app() {
            return bench.app();
        }

        @Override
        public void close() {
            client.close();
            bench.close();
        }
    }

    /** A session with a client for the most threads the run has at once (measured and background). */
    private Session session(BenchApp bench) {
        int threads = options.concurrency.stream().max(Integer::compare).orElse(1) + options.backgroundConcurrency;
        return new Session(bench, QueryClient.create(options.client, bench.app().httpPort(),
                Duration.ofSeconds(options.timeoutSeconds), threads));
    }

    // ---------------------------------------------------------------- cold start

    /**
     * Stops the app, starts it again on the same state directory and broker port, and times the start to
     * {@code /health/ready} and then the first request of each kind ({@link #COLD_ORDER}, each a new draw).
     */
    private ObjectNode coldStart(Path stateDir, List<QueryMix.Query> every) throws InterruptedException {
        header("cold start (stop, start on the same state directory, first request of each kind)");
        int brokerPort = session.bench().brokerPort();
        long t = System.nanoTime();
        session.close();
        double stopSeconds = seconds(System.nanoTime() - t);
        long start = System.nanoTime();
        session = session(BenchApp.start(stateDir, "query-benchmark", brokerPort));
        session.bench().waitReady(session.client());
        double readySeconds = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "stopped in %.1f s; started again: %.2f s from start to /health/ready"
                + " (HTTP now on port %d)%n", stopSeconds, readySeconds, session.app().httpPort());
        ObjectNode json = Json.NODES.objectNode();
        json.put("stop_s", stopSeconds);
        json.put("start_to_ready_s", readySeconds);
        ArrayNode firsts = json.putArray("first_requests");
        SplittableRandom random = new SplittableRandom(options.seed * 31 + COLD_ORDER.hashCode());
        for (String name : COLD_ORDER) {
            QueryMix.Query query = named(every, List.of(name)).get(0);
            QueryClient.Request request = query.request(random);
            long t0 = System.nanoTime();
            String outcome;
            try {
                QueryClient.Response response = session.client().send(request);
                outcome = response.status() != 200 ? "status " + response.status() + " "
                        + BenchSupport.abbreviate(response.body())
                        : query.looksValid(response.body(), false) ? "ok" : "unexpected body "
                        + BenchSupport.abbreviate(response.body());
            } catch (IOException e) {
                outcome = "failed: " + e;
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "  first %-4s %10.1f ms  %s%n", name, ms, outcome);
            if (!outcome.equals("ok")) {
                warn("cold start: the first %s %s", name, outcome);
            }
            firsts.addObject().put("query", name).put("ms", ms).put("outcome", outcome)
                    .put("body", request.body() == null ? null : new String(request.body(), StandardCharsets.UTF_8));
        }
        return json;
    }

    // ---------------------------------------------------------------- fill

    /** What the fill published and how long the view took to show all of it (from the first event published). */
    private record Fill(DatasetFill.Published published, double totalSeconds) {
        QueryDataset.Report report() {
            return published.report();
        }

        double publishSeconds() {
            return published.publishSeconds();
        }

        Map<String, Long> expectedTotals() {
            return published.expectedTotals();
        }
    }

    private Fill fill(ClusterIndexApp app, QueryDataset dataset, QueryClient client, List<QueryMix.Query> mix)
            throws Exception {
        long start = System.nanoTime();
        DatasetFill.Published published = DatasetFill.publish(app.bootstrapServers(), dataset, mix, options.seed,
                () -> "the view holds " + DatasetFill.describe(DatasetFill.stats(client)));
        double total = DatasetFill.awaitView(client, published, start, () -> "events applied "
                + app.counters().appliedCount() + ", dead-lettered " + app.counters().deadLetteredCount());
        System.out.printf(Locale.ROOT, "fill done in %.1f s: %,.0f clusters/s, %,.0f events/s from the first event"
                        + " published to the stats showing all of them (events applied %,d, dead-lettered %,d)%n",
                total, options.clusters / total, published.report().events() / total, app.counters().appliedCount(),
                app.counters().deadLetteredCount());
        if (app.counters().deadLetteredCount() > 0) {
            warn("%d events were dead-lettered: the dataset should be all valid", app.counters().deadLetteredCount());
        }
        return new Fill(published, total);
    }

    // ---------------------------------------------------------------- probe

    /** One request per query, parsed and checked in full: totals, filters, order, page size. */
    private Map<String, ObjectNode> probe(QueryClient client, List<QueryMix.Query> mix, Fill fill)
            throws InterruptedException {
        header("probe (one request per query, checked in full)");
        Map<String, ObjectNode> probes = new LinkedHashMap<>();
        for (QueryMix.Query query : mix) {
            ProbeCheck.Probe probe = ProbeCheck.probe(client, query, new SplittableRandom(options.seed),
                    fill.published(), message -> warn("%s", message));
            probes.put(query.name(), probe.json());
            System.out.printf(Locale.ROOT, "  %-3s %8.1f ms  %-30s %s%n", query.name(), probe.ms(), probe.summary(),
                    probe.verdict());
            for (String problem : probe.problems()) {
                warn("%s: %s", query.name(), problem);
            }
        }
        return probes;
    }

    // ---------------------------------------------------------------- closed loops

    /**
     * The measured part of one query at one concurrency, with this process's CPU, GC (from the collectors' MXBeans:
     * count and seconds; from their notifications: the pauses of the window) and peak heap meanwhile, and the
     * background loop that ran beside it (null: none).
     */
    private record Phase(String query, boolean list, int concurrency, ClosedLoop.Result loop, double cpuSeconds,
                         long gcCount, double gcSeconds, GcLog.Window gc, long peakHeapUsed, boolean skipped,
                         String beside, ClosedLoop.Result besideLoop) {
        static Phase skipped(String query, int concurrency, String reason) {
            return new Phase(query, false, concurrency, ClosedLoop.Result.none(0, 0, reason), 0, 0, 0,
                    GcLog.window(List.of()), 0, true, null, null);
        }
    }

    private Phase measure(QueryClient client, QueryMix.Query query, int concurrency, Fill fill,
                          List<QueryMix.Query> beside, GcLog gcLog) throws InterruptedException {
        boolean list = query.kind() == QueryMix.Kind.LIST;
        String label = query.name() + " c=" + concurrency;
        Predicate<byte[]> valid = validator(query, fill.published().expectations().get(query.name()));
        Background background = beside.isEmpty() ? null
                : Background.start(client, beside, options.backgroundConcurrency, options.seed + concurrency);
        try {
            ClosedLoop.Result warmup = ClosedLoop.run(List.of(client), query, concurrency, options.warmupSeconds, 0,
                    valid, options.seed, label + " warm-up", Heap::samplePeak);
            if (warmup.requests() == 0 && warmup.errors() > 0) {
                System.out.printf(Locale.ROOT, "  %-7s SKIPPED: every warm-up request failed (%s)%n", label,
                        warmup.firstError());
                warn("%s skipped: every warm-up request failed (%s)", label, warmup.firstError());
                return new Phase(query.name(), list, concurrency, ClosedLoop.Result.none(warmup.errors(),
                        warmup.wallSeconds(), warmup.firstError()), 0, 0, 0, GcLog.window(List.of()), 0, true, null,
                        null);
            }
            Resources before = Resources.now();
            int gcMark = gcLog.mark();
            Heap.resetPhasePeak();
            ClosedLoop.Result loop = ClosedLoop.run(List.of(client), query, concurrency, options.durationSeconds,
                    options.requests, valid, options.seed, label, Heap::samplePeak);
            Resources after = Resources.now();
            GcLog.Window gc = gcLog.since(gcMark);
            ClosedLoop.Result besideLoop = background == null ? null : background.stop();
            System.out.println(loop.line(label) + "  GC " + gc.describe());
            if (besideLoop != null) {
                System.out.println(besideLoop.line("  beside: " + background.describe()));
                besideLoop.problems("beside " + label).forEach(problem -> warn("%s", problem));
            }
            loop.problems(label).forEach(problem -> warn("%s", problem));
            return new Phase(query.name(), list, concurrency, loop, seconds(after.cpuNanos() - before.cpuNanos()),
                    after.gcCount() - before.gcCount(), (after.gcMillis() - before.gcMillis()) / 1000.0, gc,
                    Heap.phasePeak(), false, background == null ? null : background.describe(), besideLoop);
        } finally {
            if (background != null) {
                background.stop();
            }
        }
    }

    /**
     * The cheap check of a measured answer's bytes ({@link QueryMix.Query#looksValid}); {@code expected}: a LIST
     * query's probe expectations. A varied draw may match nothing: only a fixed query whose page is known to be full
     * must answer results.
     */
    static Predicate<byte[]> validator(QueryMix.Query query, List<Expectation> expected) {
        boolean expectResults = query.kind() != QueryMix.Kind.LIST || !query.varied()
                && expected.get(0).total() > expected.get(0).draw().offset();
        return body -> query.looksValid(body, expectResults);
    }

    /**
     * Why measuring {@code query} at {@code concurrency} cannot give a figure, judged from the lower levels: it
     * failed there (no successful request), or its p50 there, times the concurrency, exceeds the request timeout
     * (on a CPU-bound server a closed loop of {@code c} clients waits about {@code c} times longer). Null: measure.
     */
    private String hopeless(List<Phase> done, QueryMix.Query query, int concurrency) {
        if (query.kind() == QueryMix.Kind.LIST && !options.keepGoing) {
            for (Phase failed : done) {
                if (failed.concurrency == concurrency && failed.list && failed.loop().requests() == 0
                        && failed.loop().errors() > 0) {
                    return "list query " + failed.query + " failed entirely at this concurrency ("
                            + failed.loop().firstError()
                            + "); every list query scans the whole namespace today (--keep-going measures anyway)";
                }
            }
        }
        for (Phase lower : done) {
            if (!lower.query.equals(query.name()) || lower.concurrency >= concurrency) {
                continue;
            }
            if (lower.loop().requests() == 0) {
                return "no request succeeded at concurrency " + lower.concurrency;
            }
            double predictedMs = lower.loop().ms(50) * concurrency / lower.concurrency;
            if (predictedMs > options.timeoutSeconds * 1000.0) {
                return String.format(Locale.ROOT, "p50 %.0f ms at concurrency %d predicts ~%.0f s per request at %d,"
                        + " beyond the %d s timeout", lower.loop().ms(50), lower.concurrency, predictedMs / 1000,
                        concurrency,
                        options.timeoutSeconds);
            }
        }
        return null;
    }

    /**
     * Waits until the process is nearly idle (see {@link BenchSupport#settle}), so that requests abandoned by a
     * timeout, which the server still runs, and GC do not spill into the next phase.
     */
    private void settle() throws InterruptedException {
        String unsettled = BenchSupport.settle(() -> Resources.now().cpuNanos(),
                Duration.ofSeconds(2L * options.timeoutSeconds + 30));
        if (unsettled != null) {
            warn("%s", unsettled);
        }
    }

    // ---------------------------------------------------------------- report

    private static final String ROW = "%-5s %5s %9s %8s %10s %9s %9s %9s %9s %9s %5s %8s %8s%n";

    private void printTable(Machine machine, List<Phase> phases, Fill fill, Heap empty, Heap filled, Heap after,
                            long peakHeap, Map<String, ObjectNode> probes) {
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters (%,d events, %.0f B avg); fill %.1f s (%,.0f clusters/s);"
                        + " %s s per query and level after a %s s warm-up%s%n", options.clusters,
                fill.report().events(), fill.report().averageValueBytes(), fill.totalSeconds(),
                options.clusters / fill.totalSeconds(), fmt(options.durationSeconds, 1), fmt(options.warmupSeconds, 1),
                options.requests > 0 ? " (at most " + options.requests + " requests)" : "");
        System.out.println("latencies: client-side, request sent -> whole body read, HTTP/1.1 keep-alive on"
                + " 127.0.0.1; CPU ms/req is the whole process (server + client) per request; GC: the pauses of the"
                + " measured window (" + GcLog.collectors() + ")");
        if (!options.background.isEmpty()) {
            System.out.println("every phase ran beside list traffic: " + options.background + ", "
                    + options.backgroundConcurrency + " thread(s) (its figures are in the log above and the JSON)");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "query", "conc", "requests", "errors", "q/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "CPU ms/r", "GC n", "GC ms", "GC max");
        for (Phase p : phases) {
            ClosedLoop.Result r = p.loop();
            System.out.printf(Locale.ROOT, ROW, p.query, p.concurrency, String.format(Locale.ROOT, "%,d", r.requests()),
                    p.skipped ? "skipped" : r.errors() + (r.invalid() > 0 ? "+" + r.invalid() + "i" : ""),
                    fmt(r.qps(), 1), fmt(r.ms(50), 2), fmt(r.ms(90), 2), fmt(r.ms(99), 2), fmt(r.maxMs(), 2),
                    r.requests() == 0 ? "-" : fmt(p.cpuSeconds * 1000 / r.requests(), 2), p.gc.pauses(),
                    fmt(p.gc.totalPauseMs(), 1), fmt(p.gc.maxPauseMs(), 1));
        }
        System.out.println();
        System.out.println("matches (probe): " + probes.entrySet().stream()
                .filter(e -> e.getValue().has("total_count") || e.getValue().has("draws"))
                .map(e -> e.getKey() + " " + matches(e.getValue())).toList());
        System.out.println("heap in use after a full GC: empty " + mib(empty.used) + ", filled " + mib(filled.used)
                + ", after the queries " + mib(after.used) + "; peak heap seen during the queries " + mib(peakHeap)
                + " (garbage included); -Xmx " + mib(machine.heapMaxBytes()));
        System.out.println("process RSS after the queries " + mib(after.rssBytes) + " (heap committed "
                + mib(after.committed) + "); RocksDB files on disk " + mib(filled.storeBytes)
                + " (the stored view; list queries use the in-memory view index, counted in the heap)");
    }

    /** "1,234 (5.6%)" for a fixed query's probe, "1,234/56/0/789" for a varied one's draws. */
    private static String matches(ObjectNode probe) {
        if (probe.has("draws")) {
            List<String> totals = new ArrayList<>();
            probe.get("draws").forEach(draw -> totals.add(String.format(Locale.ROOT, "%,d",
                    draw.path("total_count").asLong())));
            return String.join("/", totals);
        }
        return String.format(Locale.ROOT, "%,d (%.1f%%)", probe.get("total_count").asLong(),
                probe.get("match_percent").asDouble());
    }

    private List<ObjectNode> targets(List<Phase> phases, List<QueryMix.Query> mix, Heap after) {
        List<ObjectNode> targets = new ArrayList<>();
        System.out.println();
        boolean reference = options.clusters >= TARGET_CLUSTERS;
        System.out.println("targets (defined at N = 1,000,000 on a 2-core machine, -Xmx3g)"
                + (reference ? ":" : String.format(Locale.ROOT, "; this run has N = %,d, so they are indicative:",
                        options.clusters)));
        for (QueryMix.Query query : mix) {
            Phase p = phases.stream().filter(x -> x.query.equals(query.name()) && x.concurrency == 1).findFirst()
                    .orElse(null);
            if (p == null) {
                System.out.printf(Locale.ROOT, "  %-3s not measured at concurrency 1%n", query.name());
                continue;
            }
            boolean clean = p.loop().requests() > 0 && p.loop().errors() == 0 && !p.skipped;
            if (query.kind() == QueryMix.Kind.LIST) {
                targets.add(target(query.name() + " p50 <= 25 ms (c=1)", TARGET_LIST_P50_MS, p.loop().ms(50), clean));
                targets.add(target(query.name() + " p99 <= 100 ms (c=1)", TARGET_LIST_P99_MS, p.loop().ms(99), clean));
            } else {
                targets.add(target(query.name() + " p99 <= 2 ms (c=1)", TARGET_POINT_P99_MS, p.loop().ms(99), clean));
            }
            Phase eight = phases.stream().filter(x -> x.query.equals(query.name()) && x.concurrency == 8).findFirst()
                    .orElse(null);
            if (eight != null && (query.varied() || query.kind() != QueryMix.Kind.LIST)) {
                boolean cleanEight = eight.loop().requests() > 0 && eight.loop().errors() == 0 && !eight.skipped;
                boolean point = query.kind() != QueryMix.Kind.LIST;
                targets.add(target(query.name() + (point ? " p99 <= 5 ms (c=8)" : " p99 <= 400 ms (c=8)"),
                        point ? TARGET_POINT_P99_C8_MS : TARGET_VARIED_P99_C8_MS, eight.loop().ms(99), cleanEight));
            }
        }
        boolean allClean = phases.stream()
                .allMatch(p -> p.loop().errors() == 0 && !p.skipped && p.loop().requests() > 0);
        long xmx = Runtime.getRuntime().maxMemory();
        ObjectNode heap = Json.NODES.objectNode();
        heap.put("target", "1,000,000 clusters served with -Xmx3g");
        heap.put("xmx_bytes", xmx);
        heap.put("clusters", options.clusters);
        heap.put("heap_used_after_gc_bytes", after.used);
        heap.put("all_requests_answered", allClean);
        String verdict;
        if (!reference) {
            verdict = "n/a (N < 1,000,000)";
        } else if (xmx > TARGET_HEAP_BYTES + (64L << 20)) {
            verdict = "n/a (-Xmx above 3g)";
        } else {
            verdict = allClean ? "MET" : "NOT MET";
        }
        heap.put("verdict", verdict);
        targets.add(heap);
        System.out.printf(Locale.ROOT, "  1,000,000 clusters served with -Xmx3g: %s (N = %,d, -Xmx %s, heap in use"
                + " after GC %s, every phase answered without error: %s)%n", verdict, options.clusters, mib(xmx),
                mib(after.used), allClean ? "yes" : "no");
        if (!warnings.isEmpty()) {
            System.out.println();
            System.out.println(warnings.size() + " warning(s):");
            warnings.forEach(w -> System.out.println("  " + w.get("message").asText()));
        }
        return targets;
    }

    private static ObjectNode target(String name, double limitMs, double actualMs, boolean clean) {
        String verdict = !clean || Double.isNaN(actualMs) ? "NOT MET" : actualMs <= limitMs ? "MET" : "NOT MET";
        System.out.printf(Locale.ROOT, "  %-28s %-8s (%s ms%s)%n", name, verdict, fmt(actualMs, 2),
                clean ? "" : ", with errors or not measured");
        ObjectNode node = Json.NODES.objectNode();
        node.put("target", name);
        node.put("limit_ms", limitMs);
        node.put("actual_ms", Double.isNaN(actualMs) ? null : actualMs);
        node.put("verdict", verdict);
        return node;
    }

    private ObjectNode resultJson(Machine machine, Fill fill, Heap empty, Heap filled, Heap after, long peakHeap,
                                  Map<String, ObjectNode> probes, List<Phase> phases, List<ObjectNode> targets,
                                  ObjectNode histogram, ObjectNode coldStart) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("machine", machine.toJson());
        root.put("garbage_collectors", GcLog.collectors());
        root.set("heap_histogram", histogram);
        root.set("cold_start", coldStart);
        root.set("options", options.toJson());
        ObjectNode f = root.putObject("fill");
        f.put("events", fill.report().events());
        f.put("avg_value_bytes", Math.round(fill.report().averageValueBytes()));
        f.put("publish_s", fill.publishSeconds());
        f.put("total_s", fill.totalSeconds());
        f.put("clusters_per_s", options.clusters / fill.totalSeconds());
        f.put("events_per_s", fill.report().events() / fill.totalSeconds());
        f.put("total_documents", fill.report().totalDocuments());
        f.set("events_by_type", Json.MAPPER.valueToTree(fill.report().eventsByType()));
        f.set("clusters_by_status", Json.MAPPER.valueToTree(fill.report().clustersByStatus()));
        ObjectNode h = root.putObject("heap");
        h.put("xmx_bytes", machine.heapMaxBytes());
        h.put("used_after_gc_empty_bytes", empty.used);
        h.put("used_after_gc_filled_bytes", filled.used);
        h.put("rss_filled_bytes", filled.rssBytes);
        h.put("rocksdb_bytes_filled", filled.storeBytes);
        h.put("peak_used_during_queries_bytes", peakHeap);
        if (after != null) {
            h.put("used_after_gc_after_queries_bytes", after.used);
            h.put("rss_after_queries_bytes", after.rssBytes);
        } else {
            root.put("partial", true);
        }
        ObjectNode p = root.putObject("probe");
        probes.forEach(p::set);
        ArrayNode rows = root.putArray("phases");
        for (Phase x : phases) {
            ObjectNode r = rows.addObject();
            r.put("query", x.query);
            r.put("concurrency", x.concurrency);
            x.loop().putJson(r);
            r.put("skipped", x.skipped);
            r.put("cpu_s", x.cpuSeconds);
            r.put("gc_count", x.gcCount);
            r.put("gc_s", x.gcSeconds);
            x.gc.putJson(r);
            if (x.beside != null) {
                ObjectNode b = r.putObject("beside");
                b.put("queries", x.beside);
                if (x.besideLoop != null) {
                    x.besideLoop.putJson(b);
                }
            }
            r.put("peak_heap_used_bytes", x.peakHeapUsed);
        }
        ArrayNode t = root.putArray("targets");
        targets.forEach(t::add);
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root;
    }

    private void warn(String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        ObjectNode node = Json.NODES.objectNode();
        node.put("message", message);
        warnings.add(node);
        System.out.println("WARNING: " + message);
    }

    // ---------------------------------------------------------------- helpers

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (double) (1L << 20));
    }

    /** Heap in use after a full GC, RSS and the state directory's size; and the peak heap seen while measuring. */
    private record Heap(long used, long committed, long rssBytes, long storeBytes) {
        private static final AtomicLong PEAK = new AtomicLong();
        private static final AtomicLong PHASE_PEAK = new AtomicLong();

        static Heap afterGc(Path runDir) throws InterruptedException {
            for (int i = 0; i < 2; i++) {
                System.gc();
                Thread.sleep(200);
            }
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Heap(heap.getUsed(), heap.getCommitted(), rss(), sizeOf(runDir.resolve("state").resolve("streams")));
        }

        static void resetPeaks() {
            PEAK.set(0);
        }

        static void resetPhasePeak() {
            PHASE_PEAK.set(0);
        }

        static void samplePeak() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            PEAK.accumulateAndGet(used, Math::max);
            PHASE_PEAK.accumulateAndGet(used, Math::max);
        }

        static long peakUsed() {
            return PEAK.get();
        }

        static long phasePeak() {
            return PHASE_PEAK.get();
        }

        String describe() {
            return String.format(Locale.ROOT, "used %s (committed %s); RSS %s; RocksDB files on disk %s", mib(used),
                    mib(committed), mib(rssBytes), mib(storeBytes));
        }

        private static long rss() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
                return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                return -1;
            }
        }

        private static long sizeOf(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                return paths.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                return -1;
            }
        }
    }

    @Command(name = "bench/queries.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/queries.sh [--clusters N] [--duration-s S] [--warmup-s W] [--requests R]",
                "                        [--concurrency 1,8] [--queries q1,...,q9] [--timeout-s T] [--client url|jdk]",
                "                        [--seed S] [--work-dir DIR] [--quick] [--keep] [--keep-going]",
                "                        [--background q8,q9] [--background-concurrency B] [--cold-start]",
                "                        [--heap-histogram]"},
            footer = "KAFKA_* environment variables override the Streams settings as in production.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters in the namespace (default 100000; the targets are defined at 1000000)")
        int clusters = 100_000;
        @Option(names = "--duration-s", order = 2, paramLabel = "S", converter = Converters.PositiveDouble.class,
                description = "measured seconds per query and concurrency level (default 10); a level stops sending"
                        + " at S, so the whole run is bounded by about levels x queries x (W + S + the slowest"
                        + " request)")
        double durationSeconds = 10;
        @Option(names = "--warmup-s", order = 3, paramLabel = "W", converter = Converters.NonNegativeDouble.class,
                description = "warm-up per query and level, not measured (default 2, --quick 1)")
        double warmupSeconds = 2;
        @Option(names = "--requests", order = 4, paramLabel = "R", converter = Converters.PositiveLong.class,
                description = "also stop a measured phase after R requests (default: no cap)")
        long requests;
        List<Integer> concurrency = List.of(1, 8);
        List<String> queries = List.of();
        @Option(names = "--timeout-s", order = 7, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "per-request timeout, counted as an error (default 60)")
        int timeoutSeconds = 60;
        @Option(names = "--client", order = 8, paramLabel = "url|jdk", converter = Converters.Client.class,
                description = "HttpURLConnection (default) or java.net.http.HttpClient")
        String client = "url";
        @Option(names = "--seed", order = 9, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters (default 42)")
        long seed = 42;
        @Option(names = "--work-dir", order = 10, paramLabel = "DIR",
                description = "where the broker and state go, in a fresh queries-run-<time> folder, and the JSON"
                        + " result (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--quick", order = 11,
                description = "smoke test: 10000 clusters, 3 s per phase, 1 s warm-up (explicit options win)")
        boolean quick;
        @Option(names = "--keep", order = 12, description = "keep the broker and state data after the run")
        boolean keep;
        @Option(names = "--keep-going", order = 13,
                description = "measure every phase, even when a list query failed entirely (timeouts, out of"
                        + " memory) at the same concurrency: by default the other list queries of that level are"
                        + " skipped, since they all scan the namespace today")
        boolean keepGoing;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Option(names = "--concurrency", order = 5, paramLabel = "L",
                description = "comma-separated levels of closed-loop client threads (default 1,8)")
        void concurrency(String levels) {
            concurrency = Converters.positiveInts("--concurrency", levels);
        }

        @Option(names = "--queries", order = 6, paramLabel = "Q",
                description = "a subset of the fixed q1..q7 and the varied q1v..q5v, q8, q9 (default all, in that"
                        + " order)")
        void queries(String names) {
            queries = Converters.mixNames("--queries", names);
        }

        List<String> background = List.of();
        @Option(names = "--background-concurrency", order = 15, paramLabel = "B",
                converter = Converters.PositiveInt.class,
                description = "threads of the --background loop (default 2)")
        int backgroundConcurrency = 2;
        @Option(names = "--cold-start", order = 16,
                description = "after the fill and the probe, stop the app, start it again on the same state"
                        + " directory, and time the start to /health/ready and the first request of each kind ("
                        + "q9, q4v, q5v, q8, q2v, q3v, q1v, q6, q7, each a new draw); the phases then measure the"
                        + " restarted app")
        boolean coldStart;
        @Option(names = "--heap-histogram", order = 17,
                description = "class histograms of the live heap before and after the fill: the top 25 classes by"
                        + " growth, with bytes per cluster, and the total")
        boolean heapHistogram;

        @Option(names = "--background", order = 14, paramLabel = "Q",
                description = "queries (e.g. q8,q9) that run in a closed loop beside every measured phase, each"
                        + " request one of them at random: point reads measured while list queries run")
        void background(String names) {
            background = Converters.mixNames("--background", names);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.NODES.objectNode();
            o.put("clusters", clusters);
            o.put("duration_s", durationSeconds);
            o.put("warmup_s", warmupSeconds);
            o.put("requests_cap", requests);
            o.put("timeout_s", timeoutSeconds);
            o.put("seed", seed);
            o.put("client", client);
            o.put("quick", quick);
            o.set("concurrency", Json.MAPPER.valueToTree(concurrency));
            o.set("queries", Json.MAPPER.valueToTree(queries));
            o.set("background", Json.MAPPER.valueToTree(background));
            o.put("background_concurrency", backgroundConcurrency);
            o.put("cold_start", coldStart);
            o.put("heap_histogram", heapHistogram);
            return o;
        }

        @Override
        public void resolve(ParseResult parsed) {
            if (quick) {
                clusters = parsed.hasMatchedOption("--clusters") ? clusters : 10_000;
                durationSeconds = parsed.hasMatchedOption("--duration-s") ? durationSeconds : 3;
                warmupSeconds = parsed.hasMatchedOption("--warmup-s") ? warmupSeconds : 1;
            }
        }
    }
}
