package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.bulkProducer;
import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.nonNegativeDouble;
import static io.clusterindex.bench.BenchSupport.parseLong;
import static io.clusterindex.bench.BenchSupport.positiveDouble;
import static io.clusterindex.bench.BenchSupport.positiveLong;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.BenchSupport.value;
import static io.clusterindex.bench.BenchSupport.writeResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.json.Json;
import io.clusterindex.topology.Topics;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.bench.BenchSupport.Resources;
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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Latency benchmark of the HTTP query API on a namespace of {@code N} clusters.
 *
 * <p>Starts the real application in-process ({@link ClusterIndexApp}: embedded broker and HTTP server on free
 * ports, a fresh {@code STATE_DIR} under the work directory), fills the development namespace ({@code ns_dev} of
 * {@code org_dev}, key {@code sk_dev_local}, {@code X-Namespace: default}) with {@link QueryDataset}'s clusters
 * through {@code cluster-events}, and waits until {@code GET /v1/clusters/stats} reports exactly the clusters,
 * documents and statuses that were published. A probe then sends each query of {@link QueryMix} once and checks the
 * answer (total against the expected count, filter and order of every result).
 *
 * <p>Then, for each concurrency level and each query, a closed loop: {@code c} threads each send the query, wait
 * for the whole response and send the next, first for a short warm-up, then for {@code --duration-s} (or until
 * {@code --requests}); latencies of the 200 responses go into HdrHistograms. A phase stops issuing requests at its
 * deadline; a request already sent finishes (or times out after {@code --timeout-s}), so a phase lasts at most
 * warm-up + duration + timeout. Errors (non-200, I/O, timeouts) and invalid bodies are counted, never fatal.
 *
 * <p>Reports per query and concurrency: requests, queries/s, p50/p90/p99/max, CPU per request (the whole process:
 * server and client share it) and GC; the heap in use after a full GC (empty, filled, after the queries), the peak
 * heap seen during the queries, RSS and the size of the state directory; the targets marked MET / NOT MET;
 * and writes the same as JSON to {@code <work-dir>/queries-<time>.json}.
 */
public final class QueryBenchmark {
    static final int TARGET_CLUSTERS = 1_000_000;
    static final double TARGET_LIST_P50_MS = 25;
    static final double TARGET_LIST_P99_MS = 100;
    static final double TARGET_POINT_P99_MS = 2;
    static final long TARGET_HEAP_BYTES = 3L << 30;
    private static final long HISTOGRAM_MAX_MICROS = 3_600_000_000L;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration FILL_STALL_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SETTLE_WINDOW = Duration.ofMillis(500);
    private static final double SETTLED_CORES = 0.5;

    private final Options options;
    private final List<ObjectNode> warnings = new ArrayList<>();

    private QueryBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(Options.USAGE, () -> {
            Options options = Options.parse(args);
            if (options.help) {
                System.out.println(Options.USAGE);
            } else {
                new QueryBenchmark(options).run();
            }
        });
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
        List<QueryMix.Query> mix = QueryMix.all(dataset).stream()
                .filter(q -> options.queries.isEmpty() || options.queries.contains(q.name())).toList();

        Files.createDirectories(options.workDir);
        Path runDir = options.workDir.resolve("queries-run-" + started).toAbsolutePath().normalize();
        long t = System.nanoTime();
        BenchApp bench = BenchApp.start(runDir.resolve("state"), "query-benchmark");
        ClusterIndexApp app = bench.app();
        Path file = options.workDir.resolve("queries-" + started + ".json").toAbsolutePath().normalize();
        ObjectNode result = Json.NODES.objectNode();
        try (QueryClient client = QueryClient.create(options.client, app.httpPort(),
                Duration.ofSeconds(options.timeoutSeconds), options.concurrency.stream().max(Integer::compare)
                        .orElse(1))) {
            System.out.printf(Locale.ROOT, "app started in %.1f s: HTTP on port %d, embedded broker %s, state %s%n",
                    seconds(System.nanoTime() - t), app.httpPort(), app.bootstrapServers(), runDir.resolve("state"));
            System.out.println("client: " + client.describe());
            bench.waitReady(client);
            Heap empty = Heap.afterGc(runDir);
            System.out.println("heap after GC, empty view: " + empty.describe());

            Fill fill = fill(app, dataset, client, mix);
            Heap filled = Heap.afterGc(runDir);
            System.out.println("heap after GC, " + String.format(Locale.ROOT, "%,d", options.clusters)
                    + " clusters: " + filled.describe());

            Map<String, ObjectNode> probes = probe(client, mix, fill, dataset);

            header("measuring");
            List<Phase> phases = new ArrayList<>();
            Heap.resetPeaks();
            String stopped = null;
            for (int concurrency : options.concurrency) {
                for (QueryMix.Query query : mix) {
                    String state = app.streams().state().name();
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
                    phases.add(measure(client, query, concurrency, fill.expectedTotals.getOrDefault(query.name(), -1L)));
                    // a partial result survives a run that is cut short
                    writeResult(file, resultJson(machine, fill, empty, filled, null, Heap.peakUsed(), probes, phases,
                            List.of()));
                }
            }
            long peakHeap = Heap.peakUsed();
            Heap after = Heap.afterGc(runDir);

            header("results");
            printTable(machine, phases, fill, empty, filled, after, peakHeap, probes);
            List<ObjectNode> targets = targets(phases, mix, after);
            result = resultJson(machine, fill, empty, filled, after, peakHeap, probes, phases, targets);
        } catch (Exception | Error e) {
            System.err.println("benchmark failed: " + e + "; stopping the app (stack trace below)");
            throw e;
        } finally {
            bench.close();
        }
        writeResult(file, result);
        System.out.println("result written to " + file);
        if (options.keep) {
            System.out.println("kept the broker and state data in " + runDir);
        } else {
            deleteRecursively(runDir);
        }
    }

    // ---------------------------------------------------------------- fill

    /** What the fill published and how fast the view absorbed it. */
    private record Fill(QueryDataset.Report report, double publishSeconds, double totalSeconds,
                        Map<String, Long> expectedTotals) {
    }

    private Fill fill(ClusterIndexApp app, QueryDataset dataset, QueryClient client, List<QueryMix.Query> mix)
            throws Exception {
        header("fill");
        String topic = Topics.defaults().events();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] expected = new long[mix.size()];
        long start = System.nanoTime();
        long[] sent = {0};
        long[] lastReport = {start};
        QueryDataset.Report report;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bulkProducer(app.bootstrapServers()))) {
            report = dataset.generate((key, value) -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
                }
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if ((++sent[0] & 4095) == 0 && System.nanoTime() - lastReport[0] >= PROGRESS_EVERY.toNanos()) {
                    lastReport[0] = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %5.1f s  published %,d events; the view holds %s%n",
                            seconds(lastReport[0] - start), sent[0], describeStats(stats(client)));
                }
            }, state -> {
                for (int i = 0; i < mix.size(); i++) {
                    if (mix.get(i).matches() != null && mix.get(i).matches().test(state)) {
                        expected[i]++;
                    }
                }
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
        }
        double publishSeconds = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "published %,d events (%s) in %.1f s: %,.0f events/s; value size avg %.0f B%n",
                report.events(), report.eventsByType(), publishSeconds, report.events() / publishSeconds,
                report.averageValueBytes());
        System.out.printf(Locale.ROOT, "expected stats: %,d clusters, %,d documents, %s%n", options.clusters,
                report.totalDocuments(), report.clustersByStatus());

        long lastChange = System.nanoTime();
        String lastSeen = "";
        while (true) {
            JsonNode stats = stats(client);
            long now = System.nanoTime();
            if (stats != null && stats.path("total_clusters").asLong() == options.clusters
                    && stats.path("total_documents").asLong() == report.totalDocuments()
                    && byStatus(stats).equals(report.clustersByStatus())) {
                break;
            }
            String seen = describeStats(stats);
            if (!seen.equals(lastSeen)) {
                lastSeen = seen;
                lastChange = now;
            } else if (now - lastChange > FILL_STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the view made no progress for " + FILL_STALL_TIMEOUT.toSeconds()
                        + " s; it holds " + seen + ", expected " + options.clusters + " clusters, "
                        + report.totalDocuments() + " documents, " + report.clustersByStatus()
                        + " (events applied " + app.counters().appliedCount() + ", dead-lettered "
                        + app.counters().deadLetteredCount() + ")");
            }
            if (now - lastReport[0] >= PROGRESS_EVERY.toNanos()) {
                lastReport[0] = now;
                System.out.printf(Locale.ROOT, "  %5.1f s  all published; the view holds %s%n",
                        seconds(now - start), seen);
            }
            Thread.sleep(250);
        }
        double total = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "fill done in %.1f s: %,.0f clusters/s, %,.0f events/s from the first event"
                        + " published to the stats showing all of them (events applied %,d, dead-lettered %,d)%n",
                total, options.clusters / total, report.events() / total, app.counters().appliedCount(),
                app.counters().deadLetteredCount());
        if (app.counters().deadLetteredCount() > 0) {
            warn("%d events were dead-lettered: the dataset should be all valid", app.counters().deadLetteredCount());
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int i = 0; i < mix.size(); i++) {
            if (mix.get(i).kind() == QueryMix.Kind.LIST) {
                totals.put(mix.get(i).name(), expected[i]);
            }
        }
        return new Fill(report, publishSeconds, total, totals);
    }

    private JsonNode stats(QueryClient client) {
        try {
            QueryClient.Response response = client.send(new QueryClient.Request("GET", "/v1/clusters/stats", null));
            return response.status() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, Long> byStatus(JsonNode stats) {
        Map<String, Long> byStatus = new TreeMap<>();
        stats.path("clusters_by_status").properties().forEach(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
        return byStatus;
    }

    private static String describeStats(JsonNode stats) {
        return stats == null ? "(stats not answered yet)" : String.format(Locale.ROOT, "%,d clusters, %,d documents",
                stats.path("total_clusters").asLong(), stats.path("total_documents").asLong());
    }

    // ---------------------------------------------------------------- probe

    /** One request per query, parsed and checked in full: totals, filters, order, page size. */
    private Map<String, ObjectNode> probe(QueryClient client, List<QueryMix.Query> mix, Fill fill,
                                          QueryDataset dataset) throws InterruptedException {
        header("probe (one request per query, checked in full)");
        Map<String, ObjectNode> probes = new LinkedHashMap<>();
        for (QueryMix.Query query : mix) {
            ObjectNode probe = Json.NODES.objectNode();
            probes.put(query.name(), probe);
            List<String> problems = new ArrayList<>();
            QueryClient.Request request = query.requests().apply(new SplittableRandom(options.seed));
            long t = System.nanoTime();
            QueryClient.Response response;
            try {
                response = client.send(request);
            } catch (IOException e) {
                problems.add("request failed: " + e);
                response = null;
            }
            double ms = (System.nanoTime() - t) / 1e6;
            probe.put("first_request_ms", ms);
            String summary = "";
            if (response != null && response.status() != 200) {
                problems.add("status " + response.status() + " " + abbreviate(response.body()));
            } else if (response != null) {
                JsonNode body;
                try {
                    body = Json.MAPPER.readTree(response.body());
                } catch (IOException e) {
                    body = null;
                    problems.add("body is not JSON: " + e.getMessage());
                }
                if (body != null) {
                    summary = check(query, body, request, fill, dataset, probe, problems);
                }
            }
            ArrayNode problemsNode = probe.putArray("problems");
            problems.forEach(problemsNode::add);
            System.out.printf(Locale.ROOT, "  %-3s %8.1f ms  %-30s %s%n", query.name(), ms, summary,
                    problems.isEmpty() ? "ok" : "PROBLEM: " + String.join("; ", problems));
            for (String problem : problems) {
                warn("%s: %s", query.name(), problem);
            }
        }
        return probes;
    }

    private String check(QueryMix.Query query, JsonNode body, QueryClient.Request request, Fill fill,
                         QueryDataset dataset, ObjectNode probe, List<String> problems) {
        switch (query.kind()) {
            case LIST -> {
                long total = body.path("total_count").asLong(-1);
                long expected = fill.expectedTotals.get(query.name());
                double share = 100.0 * total / options.clusters;
                probe.put("total_count", total);
                probe.put("expected_total", expected);
                probe.put("match_percent", share);
                if (total != expected) {
                    problems.add("total_count " + total + ", expected " + expected);
                }
                if (total == 0) {
                    problems.add("the query matches nothing");
                } else if (!query.name().equals("q1") && (share < 5 || share > 30)) {
                    warn("%s matches %.1f%% of the namespace (aimed at 5..30%%)", query.name(), share);
                }
                JsonNode results = body.path("results");
                long page = Math.max(0, Math.min(QueryMix.LIMIT, total - query.offset()));
                if (results.size() != page) {
                    problems.add(results.size() + " results, expected " + page);
                }
                int wrong = 0;
                int unordered = 0;
                JsonNode previous = null;
                for (JsonNode cluster : results) {
                    if (!query.matches().test(cluster)) {
                        wrong++;
                    }
                    if (previous != null && query.order().compare(previous, cluster) > 0) {
                        unordered++;
                    }
                    previous = cluster;
                }
                if (wrong > 0) {
                    problems.add(wrong + " result(s) do not match the filter");
                }
                if (unordered > 0) {
                    problems.add(unordered + " result(s) out of order");
                }
                return String.format(Locale.ROOT, "total %,d (%.1f%%), %d results", total, share, results.size());
            }
            case GET -> {
                String id = request.path().substring(request.path().lastIndexOf('/') + 1);
                if (!id.equals(QueryMix.text(body, "cluster_id"))) {
                    problems.add("asked for " + id + ", got " + QueryMix.text(body, "cluster_id"));
                }
                return "cluster " + id;
            }
            case STATS -> {
                long clusters = body.path("total_clusters").asLong(-1);
                if (clusters != options.clusters || !byStatus(body).equals(fill.report.clustersByStatus())) {
                    problems.add("stats " + body + " differ from what was published");
                }
                return String.format(Locale.ROOT, "total_clusters %,d", clusters);
            }
            default -> throw new IllegalStateException("kind " + query.kind());
        }
    }

    // ---------------------------------------------------------------- closed loops

    /** The measured part of one query at one concurrency. */
    private record Phase(String query, boolean list, int concurrency, long requests, long errors, long invalid, double wallSeconds,
                         Histogram histogram, double cpuSeconds, long gcCount, double gcSeconds, long peakHeapUsed,
                         String firstError, boolean skipped) {
        static Phase skipped(String query, int concurrency, String reason) {
            return new Phase(query, false, concurrency, 0, 0, 0, 0, new Histogram(HISTOGRAM_MAX_MICROS, 3), 0, 0, 0,
                    0, reason, true);
        }

        double qps() {
            return wallSeconds <= 0 ? 0 : requests / wallSeconds;
        }

        double ms(double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN
                    : histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
        }
    }

    private Phase measure(QueryClient client, QueryMix.Query query, int concurrency, long expectedTotal)
            throws InterruptedException {
        boolean expectResults = query.kind() != QueryMix.Kind.LIST || expectedTotal > query.offset();
        String label = query.name() + " c=" + concurrency;
        Phase warmup = loop(client, query, concurrency, options.warmupSeconds, 0, expectResults, label + " warm-up");
        if (warmup.requests == 0 && warmup.errors > 0) {
            System.out.printf(Locale.ROOT, "  %-7s SKIPPED: every warm-up request failed (%s)%n", label,
                    warmup.firstError);
            warn("%s skipped: every warm-up request failed (%s)", label, warmup.firstError);
            return new Phase(query.name(), query.kind() == QueryMix.Kind.LIST, concurrency, 0, warmup.errors, 0,
                    warmup.wallSeconds,
                    new Histogram(HISTOGRAM_MAX_MICROS, 3), 0, 0, 0, 0, warmup.firstError, true);
        }
        Phase phase = loop(client, query, concurrency, options.durationSeconds, options.requests, expectResults, label);
        System.out.printf(Locale.ROOT, "  %-7s %,7d requests in %5.1f s: %,9.1f q/s  p50 %s  p99 %s  max %s ms"
                        + "%s%s%n", label, phase.requests, phase.wallSeconds, phase.qps(), fmt(phase.ms(50), 2),
                fmt(phase.ms(99), 2), fmt(phase.maxMs(), 2),
                phase.errors > 0 ? String.format(Locale.ROOT, "  ERRORS %d (%s)", phase.errors, phase.firstError) : "",
                phase.invalid > 0 ? "  INVALID " + phase.invalid : "");
        if (phase.errors > 0) {
            warn("%s: %d errors, first: %s", label, phase.errors, phase.firstError);
        }
        if (phase.invalid > 0) {
            warn("%s: %d responses with an unexpected body (empty results?)", label, phase.invalid);
        }
        return phase;
    }

    /**
     * Why measuring {@code query} at {@code concurrency} cannot give a figure, judged from the lower levels: it
     * failed there (no successful request), or its p50 there, times the concurrency, exceeds the request timeout
     * (on a CPU-bound server a closed loop of {@code c} clients waits about {@code c} times longer). Null: measure.
     */
    private String hopeless(List<Phase> done, QueryMix.Query query, int concurrency) {
        if (query.kind() == QueryMix.Kind.LIST && !options.keepGoing) {
            for (Phase failed : done) {
                if (failed.concurrency == concurrency && failed.list && failed.requests == 0 && failed.errors > 0) {
                    return "list query " + failed.query + " failed entirely at this concurrency (" + failed.firstError
                            + "); every list query scans the whole namespace today (--keep-going measures anyway)";
                }
            }
        }
        for (Phase lower : done) {
            if (!lower.query.equals(query.name()) || lower.concurrency >= concurrency) {
                continue;
            }
            if (lower.requests == 0) {
                return "no request succeeded at concurrency " + lower.concurrency;
            }
            double predictedMs = lower.ms(50) * concurrency / lower.concurrency;
            if (predictedMs > options.timeoutSeconds * 1000.0) {
                return String.format(Locale.ROOT, "p50 %.0f ms at concurrency %d predicts ~%.0f s per request at %d,"
                        + " beyond the %d s timeout", lower.ms(50), lower.concurrency, predictedMs / 1000, concurrency,
                        options.timeoutSeconds);
            }
        }
        return null;
    }

    /**
     * Waits until the process is nearly idle (under {@value #SETTLED_CORES} cores for a second), so that requests
     * abandoned by a timeout, which the server still runs, and GC do not spill into the next phase.
     */
    private void settle() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(2L * options.timeoutSeconds + 30).toNanos();
        long nextReport = start + PROGRESS_EVERY.toNanos();
        double cores = Double.NaN;
        while (System.nanoTime() < deadline) {
            long cpu0 = Resources.now().cpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(SETTLE_WINDOW.toMillis());
            cores = (Resources.now().cpuNanos() - cpu0) / (double) (System.nanoTime() - t0);
            if (cpu0 < 0 || cores < SETTLED_CORES) {
                return;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                System.out.printf(Locale.ROOT, "  waiting for the server to settle: %.2f cores busy (requests that"
                        + " timed out may still run) ...%n", cores);
            }
        }
        warn("the process did not settle below %.2f cores within %d s (%.2f cores busy); measuring anyway",
                SETTLED_CORES, Duration.ofNanos(deadline - start).toSeconds(), cores);
    }

    /** {@code concurrency} threads in a closed loop until {@code seconds} have passed or {@code cap} requests. */
    private Phase loop(QueryClient client, QueryMix.Query query, int concurrency, double seconds, long cap,
                       boolean expectResults, String label) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong invalid = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] histograms = new Histogram[concurrency];
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        Thread[] threads = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            Histogram histogram = new Histogram(HISTOGRAM_MAX_MICROS, 3);
            histograms[i] = histogram;
            SplittableRandom random = new SplittableRandom(options.seed * 31 + i + label.hashCode());
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < deadline[0] && (cap <= 0 || issued.incrementAndGet() <= cap)) {
                    QueryClient.Request request = query.requests().apply(random);
                    long t0 = System.nanoTime();
                    try {
                        QueryClient.Response response = client.send(request);
                        long t1 = System.nanoTime();
                        if (response.status() == 200) {
                            histogram.recordValue(Math.min(HISTOGRAM_MAX_MICROS, Math.max(1, (t1 - t0) / 1000)));
                            done.incrementAndGet();
                            if (!query.looksValid(response.body(), expectResults)) {
                                invalid.incrementAndGet();
                            }
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "status " + response.status() + " "
                                    + abbreviate(response.body()));
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException | OutOfMemoryError e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "query-bench-" + query.name() + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        Resources before = Resources.now();
        Heap.resetPhasePeak();
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown();
        long nextReport = start + PROGRESS_EVERY.toNanos();
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(200);
                Heap.samplePeak();
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + PROGRESS_EVERY.toNanos();
                    System.out.printf(Locale.ROOT, "  %-7s ... %.0f s: %,d done, %,d errors%s%n", label,
                            seconds(now - start), done.get(), errors.get(),
                            now > deadline[0] ? " (past the deadline, waiting for the requests in flight)" : "");
                }
            }
        }
        Resources after = Resources.now();
        Histogram merged = new Histogram(HISTOGRAM_MAX_MICROS, 3);
        for (Histogram h : histograms) {
            merged.add(h);
        }
        long end = Math.max(lastEnd.get(), start + 1);
        return new Phase(query.name(), query.kind() == QueryMix.Kind.LIST, concurrency, done.get(), errors.get(),
                invalid.get(), seconds(end - start),
                merged, seconds(after.cpuNanos() - before.cpuNanos()), after.gcCount() - before.gcCount(),
                (after.gcMillis() - before.gcMillis()) / 1000.0, Heap.phasePeak(), firstError.get(), false);
    }

    // ---------------------------------------------------------------- report

    private static final String ROW = "%-5s %5s %9s %8s %10s %9s %9s %9s %9s %9s %7s%n";

    private void printTable(Machine machine, List<Phase> phases, Fill fill, Heap empty, Heap filled, Heap after,
                            long peakHeap, Map<String, ObjectNode> probes) {
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters (%,d events, %.0f B avg); fill %.1f s (%,.0f clusters/s);"
                        + " %s s per query and level after a %s s warm-up%s%n", options.clusters,
                fill.report.events(), fill.report.averageValueBytes(), fill.totalSeconds,
                options.clusters / fill.totalSeconds, fmt(options.durationSeconds, 1), fmt(options.warmupSeconds, 1),
                options.requests > 0 ? " (at most " + options.requests + " requests)" : "");
        System.out.println("latencies: client-side, request sent -> whole body read, HTTP/1.1 keep-alive on"
                + " 127.0.0.1; CPU ms/req is the whole process (server + client) per request");
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "query", "conc", "requests", "errors", "q/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "CPU ms/r", "GC s");
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, ROW, p.query, p.concurrency, String.format(Locale.ROOT, "%,d", p.requests),
                    p.skipped ? "skipped" : p.errors + (p.invalid > 0 ? "+" + p.invalid + "i" : ""), fmt(p.qps(), 1), fmt(p.ms(50), 2),
                    fmt(p.ms(90), 2), fmt(p.ms(99), 2), fmt(p.maxMs(), 2),
                    p.requests == 0 ? "-" : fmt(p.cpuSeconds * 1000 / p.requests, 2), fmt(p.gcSeconds, 2));
        }
        System.out.println();
        System.out.println("matches (probe): " + probes.entrySet().stream()
                .filter(e -> e.getValue().has("total_count"))
                .map(e -> String.format(Locale.ROOT, "%s %,d (%.1f%%)", e.getKey(),
                        e.getValue().get("total_count").asLong(), e.getValue().get("match_percent").asDouble()))
                .toList());
        System.out.println("heap in use after a full GC: empty " + mib(empty.used) + ", filled " + mib(filled.used)
                + ", after the queries " + mib(after.used) + "; peak heap seen during the queries " + mib(peakHeap)
                + " (garbage included); -Xmx " + mib(machine.heapMaxBytes()));
        System.out.println("process RSS after the queries " + mib(after.rssBytes) + " (heap committed "
                + mib(after.committed) + "); RocksDB files on disk " + mib(filled.storeBytes)
                + " (the stored view; list queries use the in-memory view index, counted in the heap)");
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
            boolean clean = p.requests > 0 && p.errors == 0 && !p.skipped;
            if (query.kind() == QueryMix.Kind.LIST) {
                targets.add(target(query.name() + " p50 <= 25 ms (c=1)", TARGET_LIST_P50_MS, p.ms(50), clean));
                targets.add(target(query.name() + " p99 <= 100 ms (c=1)", TARGET_LIST_P99_MS, p.ms(99), clean));
            } else {
                targets.add(target(query.name() + " p99 <= 2 ms (c=1)", TARGET_POINT_P99_MS, p.ms(99), clean));
            }
        }
        boolean allClean = phases.stream().allMatch(p -> p.errors == 0 && !p.skipped && p.requests > 0);
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
                                  Map<String, ObjectNode> probes, List<Phase> phases, List<ObjectNode> targets) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("machine", machine.toJson());
        ObjectNode o = root.putObject("options");
        o.put("clusters", options.clusters);
        o.put("duration_s", options.durationSeconds);
        o.put("warmup_s", options.warmupSeconds);
        o.put("requests_cap", options.requests);
        o.put("timeout_s", options.timeoutSeconds);
        o.put("seed", options.seed);
        o.put("client", options.client);
        o.put("quick", options.quick);
        ArrayNode levels = o.putArray("concurrency");
        options.concurrency.forEach(levels::add);
        ObjectNode f = root.putObject("fill");
        f.put("events", fill.report.events());
        f.put("avg_value_bytes", Math.round(fill.report.averageValueBytes()));
        f.put("publish_s", fill.publishSeconds);
        f.put("total_s", fill.totalSeconds);
        f.put("clusters_per_s", options.clusters / fill.totalSeconds);
        f.put("events_per_s", fill.report.events() / fill.totalSeconds);
        f.put("total_documents", fill.report.totalDocuments());
        f.set("events_by_type", Json.MAPPER.valueToTree(fill.report.eventsByType()));
        f.set("clusters_by_status", Json.MAPPER.valueToTree(fill.report.clustersByStatus()));
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
            r.put("requests", x.requests);
            r.put("errors", x.errors);
            r.put("invalid", x.invalid);
            r.put("skipped", x.skipped);
            r.put("wall_s", x.wallSeconds);
            r.put("qps", x.qps());
            for (double percentile : new double[] {50, 90, 99}) {
                double value = x.ms(percentile);
                r.put("p" + (int) percentile + "_ms", Double.isNaN(value) ? null : value);
            }
            r.put("max_ms", Double.isNaN(x.maxMs()) ? null : x.maxMs());
            r.put("cpu_s", x.cpuSeconds);
            r.put("gc_count", x.gcCount);
            r.put("gc_s", x.gcSeconds);
            r.put("peak_heap_used_bytes", x.peakHeapUsed);
            r.put("first_error", x.firstError);
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

    private static String abbreviate(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
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

    static final class Options {
        static final String USAGE = """
                usage: bench/queries.sh [--clusters N] [--duration-s S] [--warmup-s W] [--requests R]
                                        [--concurrency 1,8] [--queries q1,...,q7] [--timeout-s T] [--client url|jdk]
                                        [--seed S] [--work-dir DIR] [--quick] [--keep] [--keep-going]
                  --clusters N       clusters in the namespace (default 100000; the targets are defined at 1000000)
                  --duration-s S     measured seconds per query and concurrency level (default 10); a level stops
                                     sending at S, so the whole run is bounded by about
                                     levels x queries x (W + S + the slowest request)
                  --warmup-s W       warm-up per query and level, not measured (default 2, --quick 1)
                  --requests R       also stop a measured phase after R requests (default: no cap)
                  --concurrency L    comma-separated levels of closed-loop client threads (default 1,8)
                  --queries Q        a subset of q1..q7 (default all)
                  --timeout-s T      per-request timeout, counted as an error (default 60)
                  --client url|jdk   HttpURLConnection (default) or java.net.http.HttpClient
                  --seed S           seed of the generated clusters (default 42)
                  --work-dir DIR     where the broker and state go, in a fresh queries-run-<time> folder, and the
                                     JSON result (default target/bench)
                  --quick            smoke test: 10000 clusters, 3 s per phase, 1 s warm-up (explicit options win)
                  --keep             keep the broker and state data after the run
                  --keep-going       measure every phase, even when a list query failed entirely (timeouts, out
                                     of memory) at the same concurrency: by default the other list queries of
                                     that level are skipped, since they all scan the namespace today
                KAFKA_* environment variables override the Streams settings as in production.""";

        int clusters = 100_000;
        double durationSeconds = 10;
        double warmupSeconds = 2;
        long requests;
        List<Integer> concurrency = List.of(1, 8);
        List<String> queries = List.of();
        int timeoutSeconds = 60;
        String client = "url";
        long seed = 42;
        Path workDir = Path.of("target", "bench");
        boolean quick;
        boolean keep;
        boolean keepGoing;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (String arg : args) {
                if (arg.equals("--quick")) {
                    o.quick = true;
                    o.clusters = 10_000;
                    o.durationSeconds = 3;
                    o.warmupSeconds = 1;
                }
            }
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick" -> {
                    }
                    case "--keep" -> o.keep = true;
                    case "--keep-going" -> o.keepGoing = true;
                    case "-h", "--help" -> o.help = true;
                    case "--clusters" -> o.clusters = Math.toIntExact(positiveLong(arg, value(args, ++i, arg)));
                    case "--duration-s" -> o.durationSeconds = positiveDouble(arg, value(args, ++i, arg));
                    case "--warmup-s" -> o.warmupSeconds = nonNegativeDouble(arg, value(args, ++i, arg));
                    case "--requests" -> o.requests = positiveLong(arg, value(args, ++i, arg));
                    case "--timeout-s" -> o.timeoutSeconds = Math.toIntExact(positiveLong(arg, value(args, ++i, arg)));
                    case "--seed" -> o.seed = parseLong(arg, value(args, ++i, arg));
                    case "--work-dir" -> o.workDir = Path.of(value(args, ++i, arg));
                    case "--client" -> o.client = value(args, ++i, arg);
                    case "--concurrency" -> {
                        List<Integer> levels = new ArrayList<>();
                        for (String part : value(args, ++i, arg).split(",")) {
                            levels.add(Math.toIntExact(positiveLong(arg, part.trim())));
                        }
                        o.concurrency = List.copyOf(levels);
                    }
                    case "--queries" -> {
                        List<String> names = new ArrayList<>();
                        for (String part : value(args, ++i, arg).split(",")) {
                            String name = part.trim().toLowerCase(Locale.ROOT);
                            if (!name.matches("q[1-7]")) {
                                throw new IllegalArgumentException("--queries takes names q1..q7, got '" + part + "'");
                            }
                            names.add(name);
                        }
                        o.queries = List.copyOf(names);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (!o.client.equals("url") && !o.client.equals("jdk")) {
                throw new IllegalArgumentException("--client must be url or jdk, got '" + o.client + "'");
            }
            return o;
        }
    }
}
