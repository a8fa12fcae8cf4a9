package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.bulkProducer;
import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.ChildMemory.mib;

import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.bench.QueryMix.Query;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Issue 15, item 8: sustained load. A broker in this JVM, the indexer in a child JVM ({@link ChildIndexer}) filled
 * with {@code N} clusters, then for {@code --minutes}: a closed loop of {@code --concurrency} threads sending the
 * mix's list queries (each request one of them, drawn at random) while {@link LiveEvents#steady} events (the view
 * keeps its size: creations and deletions balance) are published at {@code --events-per-second}. Every minute: p50 / p99 / max of that minute, errors (every answer that is not a 200,
 * every failed request, every unexpected body), the child's heap after its last GC, the heap G1 has committed, and its
 * RSS. At the end: totals, the events applied (the stats count every live cluster), and the slope per minute of the
 * heap after GC, RSS, the committed heap and RSS beyond it (RSS grows while G1 commits heap up to {@code -Xmx}: the
 * memory beyond the committed heap is where a native leak would show).
 */
public final class SustainedLoad {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final double MINUTE_S = 60;

    private final Options options;

    private SustainedLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new SustainedLoad(options).run());
    }

    /** One minute's figures. */
    record Minute(int minute, ClosedLoop.Result loop, long events, long heapAfterGc, long heapCommitted, long rss) {
        String line() {
            return String.format(Locale.ROOT, "  %3d  %,9d  %9s  %9s  %9s  %6d  %,8d  %10s  %10s  %10s", minute,
                    loop.requests(), fmt(loop.ms(50), 1), fmt(loop.ms(99), 1), fmt(loop.maxMs(), 1), errors(), events,
                    mib(heapAfterGc), mib(heapCommitted), mib(rss));
        }

        long errors() {
            return loop.errors() + loop.invalid();
        }

        /** RSS beyond the heap G1 has committed: the JVM's own memory, RocksDB's and malloc's; -1 if not known. */
        long beyondHeap() {
            return rss < 0 || heapCommitted < 0 ? -1 : rss - heapCommitted;
        }
    }

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index sustained load");
        System.out.println(machine.describeLines());
        QueryDataset dataset = new QueryDataset(options.clusters, options.seed);
        List<Query> lists = QueryMix.withVaried(dataset).stream().filter(q -> q.kind() == QueryMix.Kind.LIST)
                .filter(q -> options.queries.isEmpty() || options.queries.contains(q.name())).toList();
        Query mixed = new Query("mixed", "one of " + names(lists), QueryMix.Kind.LIST,
                random -> lists.get(random.nextInt(lists.size())).draws().apply(random), true);
        System.out.printf(Locale.ROOT, "N = %,d clusters; %d minutes of %d closed-loop threads sending %s, while %,d"
                        + " events/s are published; indexer -Xmx%s%n", options.clusters, options.minutes,
                options.concurrency, names(lists), options.eventsPerSecond, options.heap);
        Path runDir = options.workDir.resolve("sustained-run-" + started).toAbsolutePath().normalize();
        Files.createDirectories(runDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(runDir.resolve("broker"), 0);
             ChildIndexer indexer = ChildIndexer.start(runDir, runDir.resolve("state"), broker.bootstrapServers(),
                     options.heap, "sustained");
             QueryClient client = QueryClient.create("url", indexer.httpPort(), Duration.ofSeconds(60),
                     options.concurrency + 1)) {
            BenchApp.waitReady(client, READY_TIMEOUT, indexer::requireAlive);
            long fillStart = System.nanoTime();
            DatasetFill.Published published = DatasetFill.publish(broker.bootstrapServers(), dataset, List.of(),
                    options.seed, () -> "the view holds " + DatasetFill.describe(DatasetFill.stats(client)));
            DatasetFill.awaitView(client, published, fillStart, () -> "indexer log in " + runDir);
            LiveEvents live = liveEvents(dataset);

            header("load");
            System.out.println("  min   requests   p50 (ms)   p99 (ms)   max (ms)  errors    events  heap (GC)"
                    + "   committed         RSS");
            List<Minute> minutes = new ArrayList<>();
            try (PacedPublisher publisher = PacedPublisher.start(bulkProducer(broker.bootstrapServers()),
                    Topics.defaults().events(), live, options.eventsPerSecond)) {
                for (int m = 1; m <= options.minutes; m++) {
                    long eventsBefore = publisher.sent();
                    ClosedLoop.Result loop = ClosedLoop.run(List.of(client), mixed, options.concurrency, MINUTE_S, 0,
                            body -> mixed.looksValid(body, false), options.seed + m, "minute " + m, () -> {
                                indexer.requireAlive();
                                publisher.requireHealthy();
                            });
                    Optional<ChildMemory.Heap> heap = indexer.memory().lastCollection();
                    Minute minute = new Minute(m, loop, publisher.sent() - eventsBefore,
                            heap.map(ChildMemory.Heap::used).orElse(-1L),
                            heap.map(ChildMemory.Heap::committed).orElse(-1L), indexer.memory().rssBytes());
                    minutes.add(minute);
                    System.out.println(minute.line());
                    if (loop.firstError() != null) {
                        System.out.println("        first error: " + loop.firstError());
                    }
                }
                publisher.requireHealthy();
            }
            summary(minutes);
            awaitEventsApplied(client, live);
        } finally {
            if (options.keep) {
                System.out.println("kept the broker, state and logs in " + runDir);
            } else {
                deleteRecursively(runDir);
            }
        }
    }

    private static String names(List<Query> queries) {
        return queries.stream().map(Query::name).collect(Collectors.joining(","));
    }

    /** The live events that continue the dataset's clusters (their ids and last sequences, from a dry run). */
    private LiveEvents liveEvents(QueryDataset dataset) {
        String[] ids = new String[dataset.clusters()];
        int[] sequences = new int[dataset.clusters()];
        int[] cluster = {-1};
        byte[][] previous = {null};
        dataset.generate((key, value) -> {
            if (!Arrays.equals(key, previous[0])) {
                previous[0] = key;
                cluster[0]++;
                ids[cluster[0]] = dataset.clusterId(cluster[0]);
            }
            sequences[cluster[0]]++;
        }, null);
        return LiveEvents.steady(ids, sequences, "sustained" + Long.toHexString(options.seed), options.seed);
    }

    private static void summary(List<Minute> minutes) {
        header("summary");
        Histogram all = new Histogram(ClosedLoop.HISTOGRAM_MAX_MICROS, 3);
        long requests = 0;
        long errors = 0;
        long events = 0;
        for (Minute minute : minutes) {
            all.add(minute.loop().histogram());
            requests += minute.loop().requests();
            errors += minute.errors();
            events += minute.events();
        }
        System.out.printf(Locale.ROOT, "%,d requests: p50 %s ms, p99 %s ms, max %s ms; %d errors%s; %,d events"
                        + " published%n", requests, fmt(all.getValueAtPercentile(50) / 1000.0, 1),
                fmt(all.getValueAtPercentile(99) / 1000.0, 1), fmt(all.getMaxValue() / 1000.0, 1), errors,
                errors == 0 ? "" : " (MUST BE 0)", events);
        System.out.println(Growth.of("heap after GC", minutes.stream().mapToLong(Minute::heapAfterGc).toArray())
                .describe());
        System.out.println(Growth.of("RSS", minutes.stream().mapToLong(Minute::rss).toArray()).describe());
        // RSS also grows while G1 commits heap up to -Xmx, which is neither a leak nor unbounded: what is not heap
        // is the part a native leak (RocksDB, malloc, threads) would show in
        System.out.println(Growth.of("heap committed", minutes.stream().mapToLong(Minute::heapCommitted).toArray())
                .describe());
        System.out.println(Growth.of("RSS beyond the committed heap",
                minutes.stream().mapToLong(Minute::beyondHeap).toArray()).describe());
    }

    /** Waits until the stats count every live cluster (filled, created and not deleted): every event was applied. */
    private static void awaitEventsApplied(QueryClient client, LiveEvents live) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long start = System.nanoTime();
        long total = -1;
        while (System.nanoTime() < deadline) {
            var stats = DatasetFill.stats(client);
            total = stats == null ? -1 : stats.path("total_clusters").asLong();
            if (total == live.clusters()) {
                System.out.printf(Locale.ROOT, "all events applied %.1f s after the last one was published: %,d"
                        + " clusters (%s)%n", seconds(System.nanoTime() - start), total, live.eventsByType());
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the stats show " + total + " clusters, expected " + live.clusters());
    }

    @Command(name = "bench/sustained.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/sustained.sh [--minutes M] [--concurrency C] [--events-per-second E] [--clusters N]",
                "                          [--queries q1,...,q9] [--heap H] [--seed S] [--work-dir DIR] [--keep]"},
            footer = "ROCKSDB_MEMORY_MB and KAFKA_* environment variables apply to the indexer as in production.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--minutes", order = 1, paramLabel = "M", converter = Converters.PositiveInt.class,
                description = "minutes of load, each reported on its own (default 10)")
        int minutes = 10;
        @Option(names = "--concurrency", order = 2, paramLabel = "C", converter = Converters.PositiveInt.class,
                description = "closed-loop client threads (default 16)")
        int concurrency = 16;
        @Option(names = "--events-per-second", order = 3, paramLabel = "E", converter = Converters.PositiveInt.class,
                description = "events published per second while loaded (default 5000)")
        int eventsPerSecond = 5000;
        @Option(names = "--clusters", order = 4, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters filled before the load (default 100000)")
        int clusters = 100_000;
        List<String> queries = List.of();
        @Option(names = "--heap", order = 6, paramLabel = "H", description = "the indexer's -Xmx (default 3g)")
        String heap = "3g";
        @Option(names = "--seed", order = 7, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the clusters, events and queries (default 42)")
        long seed = 42;
        @Option(names = "--work-dir", order = 8, paramLabel = "DIR",
                description = "where the broker, state and logs go, in a fresh sustained-run-<time> folder"
                        + " (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--keep", order = 9, description = "keep the broker, state and logs after the run")
        boolean keep;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Option(names = "--queries", order = 5, paramLabel = "Q",
                description = "the list queries of the mix (default every list query: q1..q5, q1v..q5v, q8, q9)")
        void queries(String names) {
            queries = Converters.mixNames("--queries", names);
        }

        @Override
        public void resolve(ParseResult parsed) {
            ChildIndexer.checkHeap(heap);
        }
    }
}
