package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.header;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.generate.EventStream;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.IndexerProcess;
import io.clusterindex.testkit.PoisonRecord;
import io.clusterindex.testkit.PoisonStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The poison-pill run ({@code bench/poison.sh}): publishes a {@link PoisonStream} of {@code --records} records
 * (valid lifecycles, re-sends, the bad-record catalogue and every poison kind, records at the broker's size limit
 * included) to a broker (an embedded one in this JVM, or {@code --bootstrap-servers} with an empty
 * {@code cluster-events}), runs the indexer as a child process, waits until its group has committed every input,
 * then checks with plain {@code read_committed} consumers ({@link PoisonCheck}) that every bad record is in the DLQ
 * once with its bytes and code, that the view and stats equal the independent replay, and that no stream thread
 * failed ({@code failed-stream-threads} on {@code /metrics}, and the indexer's log). Prints a table by kind; exits 1
 * when a check fails.
 */
public final class PoisonRun {
    /** {@code max.message.bytes} of {@code cluster-events} minus the framing of a record with a short key. */
    static final int AT_LIMIT = 1_048_576 - 256;
    private static final String GROUP = "cluster-index";
    private static final Pattern FAILED_THREADS = Pattern.compile("(?m)^kafka_stream_failed_stream_threads\\S* (\\S+)$");

    private final Options options;
    private final String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss",
            Locale.ROOT));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PoisonRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new PoisonRun(options).run());
    }

    private void run() throws Exception {
        Path runDir = options.workDir.resolve("poison-" + started).toAbsolutePath();
        Files.createDirectories(runDir);
        header(String.format(Locale.ROOT, "poison pills: %,d records, seed %d, %.0f%% poison", options.records,
                options.seed, options.poisonRate * 100));
        EmbeddedKafkaBroker broker = options.bootstrapServers == null
                ? EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrapServers;
        Path log = runDir.resolve("indexer.log");
        boolean ok;
        try {
            requireEmptyInput(bootstrap);
            try (IndexerProcess indexer = IndexerProcess.instance("indexer", runDir.resolve("indexer"), freePort(),
                    bootstrap, GROUP, "poison-run-key", options.heap, log)) {
                long t0 = System.nanoTime();
                indexer.awaitReady(http, Duration.ofSeconds(180));
                System.out.printf(Locale.ROOT, "broker %s; indexer pid %d ready in %.1f s (log %s)%n", bootstrap,
                        indexer.pid(), BenchSupport.seconds(System.nanoTime() - t0), log);
                ok = publishAndCheck(bootstrap, indexer, log);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (!options.keep) {
                BenchSupport.deleteRecursively(runDir);
            }
        }
        if (!ok) {
            throw new IllegalStateException("the poison run found problems (above)");
        }
    }

    private boolean publishAndCheck(String bootstrap, IndexerProcess indexer, Path log) throws Exception {
        long t0 = System.nanoTime();
        List<PoisonRecord> records = new ArrayList<>();
        Map<String, Integer> byPosition = new HashMap<>();
        List<ExpectedView.Input> inputs = publish(bootstrap, records, byPosition);
        long bytes = records.stream().mapToLong(PoisonRecord::size).sum();
        System.out.printf(Locale.ROOT, "published %,d records (%,d MB) in %.1f s%n", records.size(), bytes >> 20,
                BenchSupport.seconds(System.nanoTime() - t0));
        ExpectedView expected = ExpectedView.replay(inputs);
        List<String> problems = new ArrayList<>();
        expected.outcomes().forEach(e -> {
            PoisonRecord r = records.get((int) e.getKey().index());
            if (!e.getValue().equals(r.expected()) && problems.size() < 20) {
                problems.add("the replay gives " + e.getValue() + " for " + r);
            }
        });

        t0 = System.nanoTime();
        awaitCommitted(bootstrap, indexer);
        System.out.printf(Locale.ROOT, "the indexer committed every input %.1f s after publishing%n",
                BenchSupport.seconds(System.nanoTime() - t0));
        PoisonCheck check = new PoisonCheck(bootstrap, records, byPosition);
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds).toNanos();
        PoisonCheck.Result result = check.check(expected, Duration.ofSeconds(120));
        while (!result.ok() && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            indexer.requireAlive();
            result = check.check(expected, Duration.ofSeconds(120));
        }
        problems.addAll(result.problems());
        problems.addAll(threadProblems(indexer, log));
        print(result, problems);
        writeJson(result, problems, records.size());
        return result.ok() && problems.isEmpty();
    }

    /** The table and the verdict as JSON, next to the run directory (which is deleted unless {@code --keep}). */
    private void writeJson(PoisonCheck.Result result, List<String> problems, int records) throws IOException {
        ObjectNode json = Json.NODES.objectNode().put("records", records).put("seed", options.seed)
                .put("poison_rate", options.poisonRate).put("ok", result.ok() && problems.isEmpty());
        ObjectNode kinds = json.putObject("by_kind");
        result.byKind().forEach((kind, t) -> kinds.putObject(kind).put("expected", t.expected)
                .put("records", t.records).put("dead_lettered", t.deadLettered).put("right_code", t.rightCode)
                .put("same_bytes", t.exactBytes).put("duplicates", t.duplicates).put("missing", t.missing)
                .put("unexpected", t.unexpected));
        problems.forEach(json.putArray("problems")::add);
        Path file = options.workDir.resolve("poison-" + started + ".json");
        BenchSupport.writeResult(file, json);
        System.out.println("wrote " + file);
    }

    /** Publishes the stream in order; fills {@code records} and {@code byPosition} and returns the model input. */
    private List<ExpectedView.Input> publish(String bootstrap, List<PoisonRecord> records,
                                             Map<String, Integer> byPosition) throws InterruptedException {
        Map<String, Object> props = BenchSupport.bulkProducer(bootstrap);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        PoisonStream stream = new PoisonStream(new PoisonStream.Options(options.seed, options.records,
                Math.max(20, options.records / 20), options.poisonRate, options.largeShare, AT_LIMIT,
                EventStream.TEST_NAMESPACES));
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            while (stream.hasNext()) {
                PoisonRecord r = stream.next();
                records.add(r);
                RecordHeaders headers = new RecordHeaders();
                r.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
                acks.add(producer.send(new ProducerRecord<>("cluster-events", null, r.key(), r.value(), headers)));
            }
            producer.flush();
            List<ExpectedView.Input> inputs = new ArrayList<>(records.size());
            for (PoisonRecord r : records) {
                RecordMetadata at = acks.get((int) r.index()).get(60, TimeUnit.SECONDS);
                byPosition.put(at.partition() + "@" + at.offset(), (int) r.index());
                inputs.add(new ExpectedView.Input(at.partition(), at.offset(), r.keyText(), r.value(), r.index()));
            }
            return inputs;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing the poison stream failed", e);
        }
    }

    private static void requireEmptyInput(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("cluster-events")) {
                return;
            }
            if (endOffsets(admin).values().stream().mapToLong(Long::longValue).sum() > 0) {
                throw new IllegalArgumentException("cluster-events on " + bootstrap + " already holds records: the"
                        + " run compares the whole view, so it needs a broker without them");
            }
        }
    }

    /** Waits until the indexer's group has committed the end of every partition of {@code cluster-events}. */
    private void awaitCommitted(String bootstrap, IndexerProcess indexer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds).toNanos();
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, Long> end = endOffsets(admin);
            while (true) {
                indexer.requireAlive();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    lag += e.getValue() - (at == null ? 0 : at.offset());
                }
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the indexer has " + lag + " records left after "
                            + options.timeoutSeconds + " s");
                }
                Thread.sleep(500);
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of("cluster-events")).allTopicNames().get(30, TimeUnit.SECONDS)
                .get("cluster-events").partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition("cluster-events", p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** No stream thread failed: the indexer runs, says so on {@code /metrics}, and never logged a replacement. */
    private List<String> threadProblems(IndexerProcess indexer, Path logFile) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        if (!indexer.isAlive()) {
            problems.add("the indexer exited");
            return problems;
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + indexer.httpPort() + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher failed = FAILED_THREADS.matcher(metrics.body());
        AtomicReference<String> value = new AtomicReference<>();
        while (failed.find()) {
            value.set(failed.group(1));
            if (Double.parseDouble(failed.group(1)) != 0) {
                problems.add("/metrics: kafka_stream_failed_stream_threads = " + failed.group(1));
            }
        }
        if (value.get() == null) {
            problems.add("/metrics has no kafka_stream_failed_stream_threads (status " + metrics.statusCode() + ")");
        }
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        if (log.contains("stream thread failed")) {
            problems.add("the indexer's log says a stream thread failed");
        }
        System.out.printf("stream threads: failed-stream-threads = %s, indexer alive, no replacement logged: %s%n",
                value.get(), !log.contains("stream thread failed"));
        return problems;
    }

    private static void print(PoisonCheck.Result result, List<String> problems) {
        System.out.println();
        System.out.printf("%-30s %-28s %9s %9s %9s %9s %6s %7s %10s%n", "kind", "expected", "records", "DLQ",
                "right code", "same bytes", "dup", "missing", "unexpected");
        result.byKind().forEach((kind, t) -> System.out.printf(Locale.ROOT,
                "%-30s %-28s %,9d %,9d %,9d %,9d %6d %7d %10d%n", kind, t.expected, t.records, t.deadLettered,
                t.rightCode, t.exactBytes, t.duplicates, t.missing, t.unexpected));
        System.out.printf(Locale.ROOT, "%nDLQ records %,d; live clusters %,d and %d namespaces compared with the replay"
                + "%n", result.deadLetters(), result.liveClusters(), result.namespaces());
        if (problems.isEmpty() && result.ok()) {
            System.out.println("RESULT: OK (no duplicate, no missing or unexpected dead letter, every code and byte"
                    + " right, view and stats equal the replay, no stream thread failed)");
        } else {
            System.out.println("RESULT: FAILED");
            problems.forEach(p -> System.out.println("  - " + p));
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Command(name = "bench/poison.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            description = "Publishes a poison-pill stream to a broker, runs the indexer on it, checks the DLQ, the view,"
                    + " the stats and the stream threads.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--records", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "records before one of each kind not drawn yet is added (default 100000)")
        int records = 100_000;
        @Option(names = "--seed", order = 2, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the stream (default 15)")
        long seed = 15;
        @Option(names = "--poison-rate", order = 3, paramLabel = "R", description = "share of poison records (default 0.4)")
        double poisonRate = 0.4;
        @Option(names = "--large-share", order = 4, paramLabel = "R",
                description = "share of the poison that is hundreds of KB to 1 MiB (default 0.002)")
        double largeShare = 0.002;
        @Option(names = "--bootstrap-servers", order = 5, paramLabel = "HOSTS",
                description = "a broker whose cluster-events holds no records (default: an embedded one)")
        String bootstrapServers;
        @Option(names = "--indexer-heap", order = 6, paramLabel = "SIZE", converter = Converters.HeapSize.class,
                description = "heap of the indexer child process (default 1g)")
        String heap = "1g";
        @Option(names = "--timeout-s", order = 7, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "how long the indexer may take to catch up (default 900)")
        int timeoutSeconds = 900;
        @Option(names = "--work-dir", order = 8, paramLabel = "DIR",
                description = "where the broker, state and indexer log go (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--keep", order = 9, description = "keep the broker, state and indexer log after the run")
        boolean keep;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
            if (!(poisonRate >= 0 && poisonRate <= 1) || !(largeShare >= 0 && largeShare <= 1)) {
                throw new IllegalArgumentException("--poison-rate and --large-share must be between 0 and 1");
            }
        }
    }
}
