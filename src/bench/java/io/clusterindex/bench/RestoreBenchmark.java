package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.ChildMemory.mib;

import io.clusterindex.app.Config;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Issue 15, item 3: the time an instance takes to restore a lost state, and its memory. Starts a broker in this JVM
 * and the indexer as a child JVM ({@link ChildIndexer}), fills {@code N} clusters ({@link DatasetFill}), records a
 * few answers, RSS and heap after a full GC, stops the indexer (SIGTERM), deletes its whole {@code STATE_DIR}
 * (decisions.md, "Lost state"), starts it again and samples {@code /health/ready} and two queries until it is ready:
 * start to HTTP, start to ready, the view-index load within it (the {@code cluster_index_view_index_rebuild_time}
 * metric) and the rest (changelog restore, rebalance, start-up); then compares the recorded answers, and reports RSS
 * (peak while restoring, and after) against {@code ROCKSDB_MEMORY_MB} + {@code -Xmx}.
 */
public final class RestoreBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(60);
    private static final Pattern REBUILD_SECONDS = Pattern.compile(
            "(?m)^cluster_index_view_index_rebuild_time_seconds_total(?:\\{[^}]*})? ([0-9.eE+-]+)");
    private static final List<QueryClient.Request> RECORDED = List.of(
            new QueryClient.Request("GET", "/v1/clusters/stats", null),
            new QueryClient.Request("POST", "/v1/clusters/list?limit=100", null),
            new QueryClient.Request("POST", "/v1/clusters/list?limit=50&offset=1000",
                    "{\"sort\":{\"field\":\"cluster_name\",\"direction\":\"asc\"}}".getBytes(StandardCharsets.UTF_8)));

    private final Options options;

    private RestoreBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new RestoreBenchmark(options).run());
    }

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        long bound = Config.fromEnvironment(System.getenv()).rocksDbMemoryBytes();
        long heapMax = heapBytes(options.heap);
        header("cluster-index restore after a lost STATE_DIR");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters; indexer -Xmx%s, ROCKSDB_MEMORY_MB %d: bound %s%n",
                options.clusters, options.heap, bound >> 20, mib(bound + heapMax));
        Path runDir = options.workDir.resolve("restore-run-" + started).toAbsolutePath().normalize();
        Path stateDir = runDir.resolve("state");
        Files.createDirectories(runDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(runDir.resolve("broker"), 0)) {
            String bootstrap = broker.bootstrapServers();
            Map<QueryClient.Request, byte[]> before = new java.util.LinkedHashMap<>();
            try (ChildIndexer indexer = ChildIndexer.start(runDir, stateDir, bootstrap, options.heap, "fill",
                    jvmOptions());
                 QueryClient client = client(indexer)) {
                BenchApp.waitReady(client, READY_TIMEOUT, indexer::requireAlive);
                fill(bootstrap, client);
                for (QueryClient.Request request : RECORDED) {
                    QueryClient.Response response = client.send(request);
                    if (response.status() != 200) {
                        throw new IllegalStateException(request.path() + " answered " + response.status() + " "
                                + BenchSupport.abbreviate(response.body()));
                    }
                    before.put(request, response.body());
                }
                report("filled", indexer);
            }
            header("state lost");
            System.out.printf(Locale.ROOT, "indexer stopped; deleting %s (%s)%n", stateDir, mib(sizeOf(stateDir)));
            deleteRecursively(stateDir);

            header("restore");
            long start = System.nanoTime();
            try (ChildIndexer indexer = ChildIndexer.start(runDir, stateDir, bootstrap, options.heap,
                    "restore", jvmOptions());
                 QueryClient client = client(indexer)) {
                long peakRss = watchRestore(indexer, client, start);
                double readySeconds = seconds(System.nanoTime() - start);
                double indexLoad = indexLoadSeconds(client);
                System.out.printf(Locale.ROOT, "ready %.1f s after the start: view-index load %.1f s, changelog"
                                + " restore + rebalance + start-up %.1f s%n", readySeconds, indexLoad,
                        readySeconds - indexLoad);
                int same = 0;
                for (Map.Entry<QueryClient.Request, byte[]> recorded : before.entrySet()) {
                    boolean equal = Arrays.equals(client.send(recorded.getKey()).body(), recorded.getValue());
                    same += equal ? 1 : 0;
                    System.out.printf(Locale.ROOT, "  %s %s: %s%n", recorded.getKey().method(),
                            recorded.getKey().path(), equal ? "same bytes as before the loss" : "DIFFERENT");
                }
                System.out.printf(Locale.ROOT, "RSS peak while restoring %s%n", mib(peakRss));
                long rss = report("restored", indexer);
                System.out.printf(Locale.ROOT, "RSS after the restore %s %s ROCKSDB_MEMORY_MB + -Xmx = %s (peak %s)%n",
                        mib(rss), rss <= bound + heapMax ? "<=" : ">", mib(bound + heapMax), mib(peakRss));
                if (same != before.size()) {
                    throw new IllegalStateException((before.size() - same) + " answers differ after the restore");
                }
            }
        } finally {
            if (options.keep) {
                System.out.println("kept the broker and state data in " + runDir);
            } else {
                deleteRecursively(runDir);
            }
        }
    }

    private QueryClient client(ChildIndexer indexer) {
        return QueryClient.create("url", indexer.httpPort(), Duration.ofSeconds(60), 2);
    }

    private void fill(String bootstrap, QueryClient client) throws InterruptedException {
        QueryDataset dataset = new QueryDataset(options.clusters, options.seed);
        long start = System.nanoTime();
        DatasetFill.Published published = DatasetFill.publish(bootstrap, dataset, List.of(), options.seed,
                () -> "the view holds " + DatasetFill.describe(DatasetFill.stats(client)));
        double seconds = DatasetFill.awaitView(client, published, start, () -> "indexer log in " + options.workDir);
        System.out.printf(Locale.ROOT, "fill done in %.1f s%n", seconds);
    }

    /**
     * Samples {@code /health/ready} and the recorded queries every {@code --sample-ms} until ready; prints each
     * change of what they answer. Answers the largest RSS seen.
     */
    private long watchRestore(ChildIndexer indexer, QueryClient client, long start) throws InterruptedException {
        Map<String, Integer> seen = new TreeMap<>();
        String last = "";
        long peakRss = -1;
        while (true) {
            indexer.requireAlive();
            if (System.nanoTime() - start > READY_TIMEOUT.toNanos()) {
                throw new IllegalStateException("not ready within " + READY_TIMEOUT);
            }
            peakRss = Math.max(peakRss, indexer.memory().rssBytes());
            String ready = status(client, new QueryClient.Request("GET", "/health/ready", null));
            StringBuilder now = new StringBuilder("ready " + ready);
            for (QueryClient.Request request : RECORDED.subList(0, 2)) {
                String answer = status(client, request);
                now.append(", ").append(request.method()).append(' ').append(request.path()).append(' ')
                        .append(answer);
                seen.merge(request.path() + " " + answer, 1, Integer::sum);
            }
            if (!now.toString().equals(last)) {
                last = now.toString();
                System.out.printf(Locale.ROOT, "  %7.1f s  %s; RSS %s%n", seconds(System.nanoTime() - start), last,
                        mib(indexer.memory().rssBytes()));
            }
            if (ready.equals("200")) {
                System.out.println("answers sampled while restoring: " + seen);
                return peakRss;
            }
            Thread.sleep(options.sampleMs);
        }
    }

    private static String status(QueryClient client, QueryClient.Request request) throws InterruptedException {
        try {
            QueryClient.Response response = client.send(request);
            return Integer.toString(response.status());
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static double indexLoadSeconds(QueryClient client) throws InterruptedException {
        try {
            String text = new String(client.send(new QueryClient.Request("GET", "/metrics", null)).body(),
                    StandardCharsets.UTF_8);
            Matcher m = REBUILD_SECONDS.matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private List<String> jvmOptions() {
        return options.nativeMemory ? List.of(ChildMemory.NATIVE_MEMORY_TRACKING) : List.of();
    }

    /**
     * Prints and answers the RSS, after printing the heap in use after a full GC; with {@code --native-memory}, what
     * the JVM has committed by category and the rest of the RSS (RocksDB and other native allocations).
     */
    private static long report(String when, ChildIndexer indexer) throws InterruptedException {
        OptionalLong heap = indexer.memory().heapAfterFullGc();
        long rss = indexer.memory().rssBytes();
        System.out.printf(Locale.ROOT, "%s: heap after a full GC %s, RSS %s (pid %d)%n", when,
                heap.isPresent() ? mib(heap.getAsLong()) : "n/a", mib(rss), indexer.pid());
        Optional<ChildMemory.NativeMemory> jvm = indexer.memory().nativeMemory();
        jvm.ifPresent(nmt -> System.out.printf(Locale.ROOT, "  %s; RSS - JVM committed = %s (RocksDB, malloc"
                + " arenas, other native libraries; the JVM's committed but untouched pages count against it)%n",
                nmt.describe(), mib(rss - nmt.committedBytes())));
        return rss;
    }

    private static long sizeOf(Path dir) {
        try (var paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code 3g}, {@code 512m}, {@code 1048576k} as bytes. */
    static long heapBytes(String heap) {
        String text = heap.trim().toLowerCase(Locale.ROOT);
        long unit = switch (text.charAt(text.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? text : text.substring(0, text.length() - 1)) * unit;
    }

    @Command(name = "bench/restore.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/restore.sh [--clusters N] [--heap H] [--sample-ms M] [--seed S] [--work-dir DIR]",
                "                        [--keep]"},
            footer = "ROCKSDB_MEMORY_MB and KAFKA_* environment variables apply to the indexer as in production.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters filled before the state is lost (default 1000000)")
        int clusters = 1_000_000;
        @Option(names = "--heap", order = 2, paramLabel = "H",
                description = "the indexer's -Xmx (default 3g)")
        String heap = "3g";
        @Option(names = "--sample-ms", order = 3, paramLabel = "M", converter = Converters.PositiveInt.class,
                description = "how often /health/ready and the queries are sampled while restoring (default 500)")
        int sampleMs = 500;
        @Option(names = "--seed", order = 4, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters (default 42)")
        long seed = 42;
        @Option(names = "--work-dir", order = 5, paramLabel = "DIR",
                description = "where the broker, state and logs go, in a fresh restore-run-<time> folder (default"
                        + " target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--keep", order = 6, description = "keep the broker, state and logs after the run")
        boolean keep;
        @Option(names = "--native-memory", order = 7, description = "run the indexer with Native Memory Tracking"
                + " (summary) and print what the JVM has committed, by category, beside each RSS")
        boolean nativeMemory;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
            ChildIndexer.checkHeap(heap);
        }
    }
}
