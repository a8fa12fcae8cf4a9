package io.clusterindex.bench;

import io.clusterindex.testkit.HostileRequests;
import io.clusterindex.testkit.RawExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hostile-HTTP run of issue 15 item 5 ({@code bench/http-fuzz.sh}): against an indexer with data (started here
 * and filled with {@code --clusters} generated clusters, or one already running on {@code --port}), sends
 * {@code --requests} generated hostile requests ({@link HostileRequests}) from {@code --fuzzers} threads while
 * {@code --slowloris} clients send their headers a byte a second and {@code --idle} connections stay open; beside
 * them one client sends normal list requests in a loop and their latency is measured. Prints the answers by status,
 * how long the slowloris clients were held, and the normal requests' p50 / p99 / max; fails (exit 1) on any 5xx,
 * answer without the envelope, hang, failed normal request, or slowloris client still held after 30 s.
 */
public final class HttpFuzz {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 413, 414, 415, 422, 429, 431);
    private static final Duration HANG = Duration.ofSeconds(30);
    /** How long a slowloris client may be held at most: 1.5 read time-outs of the server (10 s) and a margin. */
    private static final Duration SLOWLORIS_CUT = Duration.ofSeconds(30);
    /** How long the normal request runs alone before the fuzzing, for comparison. */
    private static final Duration ALONE = Duration.ofSeconds(5);
    /** How many of the slowest hostile requests are printed. */
    private static final int SLOWEST = 8;

    private final Options options;

    private HttpFuzz(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new HttpFuzz(options).run());
    }

    private void run() throws Exception {
        if (options.port > 0) {
            if (!fuzz(options.port)) {
                throw new IllegalStateException("the API gave answers it must not give: see above");
            }
            return;
        }
        Path runDir = Files.createDirectories(options.workDir).resolve("http-fuzz-" + System.currentTimeMillis());
        boolean passed;
        try (BenchApp bench = BenchApp.start(runDir.resolve("state"), "http-fuzz")) {
            QueryClient client = QueryClient.create("jdk", bench.app().httpPort(), Duration.ofSeconds(30), 2);
            bench.waitReady(client);
            long start = System.nanoTime();
            DatasetFill.Published published = DatasetFill.publish(bench.app().bootstrapServers(),
                    new QueryDataset(options.clusters, options.seed), List.of(), options.seed, () -> "filling");
            DatasetFill.awaitView(client, published, start, () -> "");
            passed = fuzz(bench.app().httpPort());
        } finally {
            BenchSupport.deleteRecursively(runDir);
        }
        if (!passed) {
            throw new IllegalStateException("the API gave answers it must not give: see above");
        }
    }

    /** The run against {@code port}; true when every answer was one the API may give. */
    private boolean fuzz(int port) throws Exception {
        BenchSupport.header("hostile HTTP");
        HostileRequests generator = new HostileRequests(options.seed, options.key, options.namespace);
        List<HostileRequests.Request> requests = generator.generate(options.requests);
        List<Socket> idle = openIdle(port);
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
        Map<Integer, Long> heldMillis = new ConcurrentHashMap<>();
        long slowStarted = System.nanoTime();
        List<Socket> slow = startSlowloris(port, pacer, heldMillis);
        AtomicLong normalFailures = new AtomicLong();
        // the normal request alone first (slowloris and idle sockets open), for comparison with it under fuzzing
        Histogram alone = new Histogram(60_000_000L, 3);
        AtomicBoolean aloneDone = new AtomicBoolean();
        Thread aloneLoop = new Thread(() -> normalLoop(port, generator.normal(), aloneDone, alone, normalFailures),
                "normal-requests-alone");
        aloneLoop.start();
        Thread.sleep(ALONE.toMillis());
        aloneDone.set(true);
        aloneLoop.join();
        AtomicBoolean done = new AtomicBoolean();
        Histogram normal = new Histogram(60_000_000L, 3);
        Thread normalLoop = new Thread(() -> normalLoop(port, generator.normal(), done, normal, normalFailures),
                "normal-requests");
        normalLoop.start();
        Map<Integer, AtomicInteger> byStatus = new TreeMap<>();
        Map<Integer, Histogram> latencyByStatus = new TreeMap<>();
        PriorityQueue<Slow> slowest = new PriorityQueue<>(Comparator.comparingLong(Slow::micros));
        long gcBefore = gcMillis();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService fuzzers = Executors.newFixedThreadPool(options.fuzzers);
        List<Future<?>> running = new ArrayList<>();
        for (int f = 0; f < options.fuzzers; f++) {
            running.add(fuzzers.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    RawExchange.Response response = RawExchange.send(port, requests.get(i), HANG);
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
                    int status = response.outcome() == RawExchange.Outcome.ANSWERED ? response.status()
                            : -response.outcome().ordinal();
                    synchronized (byStatus) {
                        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        latencyByStatus.computeIfAbsent(status, s -> new Histogram(60_000_000L, 3))
                                .recordValue(Math.min(micros, 60_000_000L));
                        slowest.add(new Slow(micros, status, requests.get(i).toString()));
                        if (slowest.size() > SLOWEST) {
                            slowest.poll();
                        }
                    }
                    String problem = response.problem(DOCUMENTED);
                    if (problem != null) {
                        wrong.add(requests.get(i) + " -> " + problem);
                    }
                }
            }));
        }
        try {
            for (Future<?> fuzzer : running) {
                fuzzer.get();
            }
        } catch (ExecutionException | InterruptedException e) {
            // a fuzzer failed (a bug of the benchmark, not an answer): stop the others and the normal loop
            done.set(true);
            fuzzers.shutdownNow();
            pacer.shutdownNow();
            normalLoop.join();
            closeAll(idle);
            closeAll(slow);
            throw e;
        }
        double seconds = BenchSupport.seconds(System.nanoTime() - started);
        long gcDuring = gcMillis() - gcBefore;
        done.set(true);
        normalLoop.join();
        fuzzers.shutdown();
        long slowDeadline = slowStarted + SLOWLORIS_CUT.toNanos();
        while (heldMillis.size() < slow.size() && System.nanoTime() < slowDeadline) {
            Thread.sleep(200);
        }
        pacer.shutdownNow();
        int slowStillOpen = slow.size() - heldMillis.size();
        closeAll(idle);
        closeAll(slow);
        report(requests.size(), seconds, byStatus, wrong, heldMillis, slowStillOpen, idle.size(), normal,
                normalFailures.get());
        reportLatency(alone, latencyByStatus, slowest, gcDuring, options.port == 0);
        return wrong.isEmpty() && normalFailures.get() == 0 && slowStillOpen == 0;
    }

    private List<Socket> openIdle(int port) throws IOException {
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < options.idle; i++) {
            idle.add(new Socket("localhost", port));
        }
        return idle;
    }

    /** Clients that send a request line, then a header a byte a second; when each is cut goes to {@code held}. */
    private List<Socket> startSlowloris(int port, ScheduledExecutorService pacer, Map<Integer, Long> held)
            throws IOException {
        List<Socket> slow = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < options.slowloris; i++) {
            Socket socket = new Socket("localhost", port);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/clusters/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            slow.add(socket);
            int n = i;
            pacer.scheduleAtFixedRate(() -> {
                if (held.containsKey(n)) {
                    return;
                }
                try {
                    out.write('z');
                    out.flush();
                } catch (IOException e) {
                    held.put(n, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        return slow;
    }

    private static void normalLoop(int port, HostileRequests.Request request, AtomicBoolean done, Histogram latency,
                                   AtomicLong failures) {
        while (!done.get()) {
            long start = System.nanoTime();
            RawExchange.Response response = RawExchange.send(port, request, HANG);
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            if (response.status() == 200) {
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
            } else {
                failures.incrementAndGet();
                System.out.println("normal request failed: " + response.outcome() + " " + response.status() + " "
                        + BenchSupport.abbreviate(response.body()));
            }
        }
    }

    private static void report(int sent, double seconds, Map<Integer, AtomicInteger> byStatus, List<String> wrong,
                               Map<Integer, Long> heldMillis, int slowStillOpen, int idle, Histogram normal,
                               long normalFailures) {
        System.out.printf(Locale.ROOT, "%,d hostile requests in %.1f s; answers by status (-1 closed without an "
                + "answer, -2 hung):%n", sent, seconds);
        byStatus.forEach((status, count) -> System.out.printf(Locale.ROOT, "  %4d  %,d%n", status, count.get()));
        System.out.printf(Locale.ROOT, "slowloris clients cut: %d, held %s ms; still open at the end: %d%n",
                heldMillis.size(), new TreeMap<>(heldMillis).values(), slowStillOpen);
        System.out.printf(Locale.ROOT, "idle connections held open during the run: %d%n", idle);
        System.out.printf(Locale.ROOT, "normal requests: %,d answered 200, %d failed; latency p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n", normal.getTotalCount(), normalFailures, normal.getValueAtPercentile(50) / 1000.0,
                normal.getValueAtPercentile(99) / 1000.0, normal.getMaxValue() / 1000.0);
        System.out.printf(Locale.ROOT, "answers the API must not give: %d%n", wrong.size());
        wrong.stream().limit(50).forEach(problem -> System.out.println("  " + problem));
    }

    /** A hostile request and how long its answer took. */
    private record Slow(long micros, int status, String request) {
    }

    /**
     * Where the normal requests' time went: their latency alone (before the fuzzing), the hostile requests' latency
     * by status, the slowest hostile requests, and the GC time of this JVM meanwhile (the indexer's, when it runs here).
     */
    private static void reportLatency(Histogram alone, Map<Integer, Histogram> byStatus, PriorityQueue<Slow> slowest,
                                      long gcMillis, boolean indexerHere) {
        System.out.printf(Locale.ROOT, "normal requests alone before the fuzzing (%d s): %,d, p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", ALONE.toSeconds(), alone.getTotalCount(),
                alone.getValueAtPercentile(50) / 1000.0, alone.getValueAtPercentile(99) / 1000.0,
                alone.getMaxValue() / 1000.0);
        System.out.println("hostile requests' latency by status (p50 / p99 / max ms):");
        byStatus.forEach((status, h) -> System.out.printf(Locale.ROOT, "  %4d  %,6d  %.1f / %.1f / %.1f%n", status,
                h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0));
        System.out.println("slowest hostile requests:");
        slowest.stream().sorted(Comparator.comparingLong(Slow::micros).reversed()).forEach(slow ->
                System.out.printf(Locale.ROOT, "  %,.1f ms  %d  %s%n", slow.micros / 1000.0, slow.status,
                        slow.request));
        System.out.printf(Locale.ROOT, "GC in this JVM during the fuzzing%s: %,d ms%n",
                indexerHere ? " (the indexer's and the broker's)" : "", gcMillis);
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to keep
            }
        }
    }

    @Command(name = "bench/http-fuzz.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/http-fuzz.sh [--requests R] [--fuzzers F] [--slowloris S] [--idle I] [--clusters N]",
                "                          [--port P --key K --namespace NS] [--seed S] [--work-dir DIR]"})
    static final class Options implements BenchSupport.Options {
        @Option(names = "--requests", order = 1, paramLabel = "R", converter = Converters.PositiveInt.class,
                description = "hostile requests to send (default 5000)")
        int requests = 5000;
        @Option(names = "--fuzzers", order = 2, paramLabel = "F", converter = Converters.PositiveInt.class,
                description = "threads sending them (default 4)")
        int fuzzers = 4;
        @Option(names = "--slowloris", order = 3, paramLabel = "S",
                description = "clients sending their headers a byte a second (default 20)")
        int slowloris = 20;
        @Option(names = "--idle", order = 4, paramLabel = "I",
                description = "connections opened and left idle (default 500)")
        int idle = 500;
        @Option(names = "--clusters", order = 5, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters to fill the indexer started here with (default 100000)")
        int clusters = 100_000;
        @Option(names = "--port", order = 6, paramLabel = "P",
                description = "an indexer already running on localhost:P instead (default: start one here)")
        int port;
        @Option(names = "--key", order = 7, paramLabel = "K", description = "its API key (default sk_dev_local)")
        String key = QueryClient.API_KEY;
        @Option(names = "--namespace", order = 8, paramLabel = "NS",
                description = "its namespace, by id or name (default default)")
        String namespace = QueryClient.NAMESPACE_HEADER_VALUE;
        @Option(names = "--seed", order = 9, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the requests and the data (default 15)")
        long seed = 15;
        @Option(names = "--work-dir", order = 10, paramLabel = "DIR",
                description = "where the indexer started here keeps its state (default target/bench; deleted)")
        Path workDir = Path.of("target", "bench");
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(picocli.CommandLine.ParseResult parsed) {
            if (slowloris < 0 || idle < 0 || port < 0) {
                throw new IllegalArgumentException("--slowloris, --idle and --port cannot be negative");
            }
        }
    }
}
