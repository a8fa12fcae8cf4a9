package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.Config;
import io.clusterindex.app.StreamsSettings;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.bench.BenchSupport.Resources;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.StreamReport;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.kafka.StateDirLock;
import io.clusterindex.kafka.TopicDefinition;
import io.clusterindex.kafka.TopicDefinitions;
import io.clusterindex.kafka.TopicProvisioner;
import io.clusterindex.topology.ClusterIndexTopology;
import io.clusterindex.topology.FoldCounters;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.TableListener;
import io.clusterindex.topology.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Throughput benchmark of the indexer's pipeline on an embedded broker.
 *
 * <p>Publishes a generated lifecycle stream ({@link EventStream}) to {@code cluster-events}, then, for
 * each run, measures two Kafka Streams applications with the production settings ({@link StreamsSettings}, so
 * {@code exactly_once_v2}), each with a fresh {@code application.id} and state directory, reading the whole topic
 * from the start:
 * <ol>
 *   <li>the pass-through ceiling: a plain {@code cluster-events -> bench-passthrough} copy of the same records;</li>
 *   <li>the same-shape ceiling ({@link SameShapeCeiling}): the real topology's sub-topologies, stores, changelogs,
 *       repartition and sink records, with none of our work in it (what Kafka Streams alone costs for our shape);</li>
 *   <li>the real topology ({@link ClusterIndexTopology#build}).</li>
 * </ol>
 * The wall time of an application runs from {@link KafkaStreams#start()} until its consumer group has committed
 * the end offsets of every {@code cluster-events} partition (polled through the admin client every 200 ms).
 * Events/s = events / wall time. The steady rate leaves start-up out: from the first committed progress to the end.
 * Prints a table per run, medians, the topology's share of each ceiling and the machine's size, and writes them as
 * JSON to {@code <work-dir>/pipeline-<time>.json}.
 *
 * <p>{@code KAFKA_*} environment variables change the Streams settings of both applications exactly as they do in
 * production (for example {@code KAFKA_COMMIT_INTERVAL_MS=1000} or {@code KAFKA_NUM_STREAM_THREADS=2}).
 */
public final class PipelineBenchmark {
    static final String PASSTHROUGH_TOPIC = "bench-passthrough";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final double TARGET_EVENTS_PER_SECOND = 50_000;
    /** Issue 16: the topology at 60% or more of the same-shape ceiling. */
    private static final double TARGET_RATIO = 0.60;

    private final Options options;
    private final Topics topics = Topics.defaults();
    private final Map<String, String> environmentOverrides;
    private Admin admin;
    private String bootstrap;
    private Path runDir;
    private Map<TopicPartition, Long> inputEnd;
    private int eventPartitions;
    private SameShapeCeiling.PlannedKinds plannedKinds;

    private PipelineBenchmark(Options options, Map<String, String> environmentOverrides) {
        this.options = options;
        this.environmentOverrides = environmentOverrides;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args,
                options -> new PipelineBenchmark(options, kafkaEnvironment(System.getenv())).run());
    }

    // ---------------------------------------------------------------- the benchmark

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index pipeline benchmark");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "stream: %,d events over %,d clusters, seed %d, %d run(s)%s, partitioner %s%n",
                options.events, options.clusters, options.seed, options.runs, options.quick ? " (--quick)" : "",
                options.partitioner);
        if (!environmentOverrides.isEmpty()) {
            System.out.println("Streams overrides from the environment: " + environmentOverrides);
        }
        if (machine.loadAverage() > 0.5 * machine.processors()) {
            System.out.printf(Locale.ROOT, "WARNING: load average %.2f on %d cores: the machine is busy, the figures"
                    + " will be low and noisy%n", machine.loadAverage(), machine.processors());
        }

        long t = System.nanoTime();
        EventStream generator = EventStream.pipeline(options.events, options.clusters, options.namespaces,
                EventStream.DEFAULT_ORGANIZATIONS, options.seed);
        System.out.printf(Locale.ROOT, "planned in %.1f s: %,d valid events %s, %,d duplicates, %,d bad records, "
                        + "%d namespaces%n", seconds(System.nanoTime() - t), generator.validEvents(),
                generator.validEventsByType(), generator.duplicateEvents(), generator.badEvents(),
                generator.namespaces());

        OfflineFold.Result offline = null;
        if (!options.skipFoldCheck) {
            offline = OfflineFold.run(generator);
            System.out.printf(Locale.ROOT, "offline fold (no Kafka, 1 thread, parse+get+fold+put+view JSON+view "
                            + "index): %,.0f events/s, %.1f us CPU per event; applied %,d, duplicates %,d, dead letters"
                            + " %,d %s%n",
                    offline.eventsPerSecond(), offline.cpuMicrosPerEvent(), offline.applied(), offline.duplicates(), offline.deadLettered(),
                    offline.deadLettersByCode());
            if (offline.applied() != generator.validEvents() || offline.duplicates() != generator.duplicateEvents()
                    || offline.deadLettered() != generator.badEvents()) {
                System.out.println("WARNING: the offline fold does not match the planned mix");
            }
            System.gc();
        }

        Files.createDirectories(options.workDir);
        runDir = options.workDir.resolve("run-" + started).toAbsolutePath().normalize();
        StateDirLock lock = StateDirLock.acquire(runDir);
        EmbeddedKafkaBroker broker = null;
        List<Measurement> measurements = new ArrayList<>();
        StreamReport preload;
        try {
            t = System.nanoTime();
            broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0);
            bootstrap = broker.bootstrapServers();
            System.out.printf(Locale.ROOT, "embedded broker on %s in %.1f s (log dir %s)%n", bootstrap,
                    seconds(System.nanoTime() - t), broker.logDir());
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            provisionTopics();
            preload = preload(generator);
            for (int run = 1; run <= options.runs; run++) {
                header("run " + run + " of " + options.runs);
                measurements.add(measure(run, "passthrough", (id, props) -> passthroughTopology(), null));
                settle();
                SameShapeCeiling.Tally tally = new SameShapeCeiling.Tally();
                Measurement ceiling = measure(run, "same-shape", (id, props) -> {
                    Topics appTopics = SameShapeCeiling.topics(id);
                    TopicProvisioner.ensurePartitions(admin,
                            ClusterIndexTopology.reroutedTopic(appTopics, eventPartitions), (short) 1);
                    return SameShapeCeiling.build(appTopics, eventPartitions, generator.namespaces(), plannedKinds,
                            tally, props);
                }, new Counted(tally::applied, tally::duplicates, tally::deadLettered, tally::rerouted));
                measurements.add(ceiling);
                checkCounters(ceiling, generator);
                settle();
                FoldCounters counters = new FoldCounters();
                Measurement topology = measure(run, "topology", (id, props) -> {
                    Topics appTopics = Topics.forApplication(id);
                    TopicProvisioner.ensurePartitions(admin,
                            ClusterIndexTopology.reroutedTopic(appTopics, eventPartitions), (short) 1);
                    return ClusterIndexTopology.build(appTopics, counters, new ViewIndex(),
                            new ViewPositions(eventPartitions), TableListener.NONE, props);
                }, new Counted(counters::appliedCount, counters::duplicateCount, counters::deadLetteredCount,
                        counters::reroutedCount));
                measurements.add(topology);
                checkCounters(topology, generator);
                printRunTable(run, measurements);
                if (run < options.runs) {
                    settle();
                }
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
            if (broker != null) {
                broker.close();
            }
            lock.close();
        }
        Summary summary = summarize(measurements);
        printSummary(machine, generator, preload, summary, measurements);
        Path result = options.workDir.resolve("pipeline-" + started + ".json").toAbsolutePath().normalize();
        Files.write(result, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                resultJson(machine, generator, preload, offline, summary, measurements)));
        System.out.println("result written to " + result);
        if (options.keep) {
            System.out.println("kept the broker and state data in " + runDir);
        } else {
            deleteRecursively(runDir);
        }
    }

    private void provisionTopics() {
        List<TopicDefinition> definitions = TopicDefinitions.loadDefault(Path.of("topics"));
        TopicProvisioner.ensureTopics(admin, definitions, (short) 1);
        List<TopicDefinition> ceilingTopics = SameShapeCeiling.outputTopics(definitions);
        TopicProvisioner.ensureTopics(admin, ceilingTopics, (short) 1);
        int partitions = definitions.stream().filter(d -> d.name().equals(topics.events()))
                .mapToInt(TopicDefinition::partitions).findFirst()
                .orElseThrow(() -> new IllegalStateException("no definition of " + topics.events()));
        eventPartitions = partitions;
        await(admin.createTopics(List.of(new NewTopic(PASSTHROUGH_TOPIC, Optional.of(partitions),
                        Optional.of((short) 1)).configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1"))))
                .all(), "create " + PASSTHROUGH_TOPIC);
        plannedKinds = new SameShapeCeiling.PlannedKinds(partitions);
        System.out.printf(Locale.ROOT, "topics: %s from the topic definitions, plus %s (%d partitions) and the"
                        + " same-shape ceiling's %s%n", definitions.stream().map(TopicDefinition::name).toList(),
                PASSTHROUGH_TOPIC, partitions, ceilingTopics.stream().map(TopicDefinition::name).toList());
    }

    /** Publishes the stream with an idempotent producer (not measured), then records the end offsets. */
    private StreamReport preload(EventStream generator) {
        Map<String, Object> props = BenchSupport.bulkProducer(bootstrap);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        StreamReport report;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            report = generator.generate((key, value, kind) -> {
                if (failure.get() == null) {
                    producer.send(new ProducerRecord<>(topics.events(), partitionOf(key), key, value), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            plannedKinds.record(metadata.partition(), metadata.offset(), kind);
                        }
                    });
                }
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preload failed: " + failure.get(), failure.get());
        }
        double secs = seconds(System.nanoTime() - started);
        inputEnd = endOffsets(topics.events(), IsolationLevel.READ_UNCOMMITTED);
        long total = inputEnd.values().stream().mapToLong(Long::longValue).sum();
        if (total != options.events || plannedKinds.planned() != total) {
            throw new IllegalStateException(topics.events() + " holds " + total + " records, expected "
                    + options.events);
        }
        System.out.printf(Locale.ROOT, "preloaded %,d records (%,d valid, %,d duplicates, %,d bad %s) in %.1f s:"
                        + " %,.0f events/s, %.1f MB/s of values; value size avg %.0f B, min %d B, max %d B%n",
                report.records(), report.valid(), report.duplicates(), report.bad(), report.badByExpectedCode(),
                secs, report.records() / secs, report.valueBytes() / secs / 1e6, report.averageValueBytes(),
                report.minValueBytes(), report.maxValueBytes());
        System.out.println("per partition: " + inputEnd);
        return report;
    }

    /**
     * The partition a record is published to: the Java client's default (null: murmur2 of the key) or, with
     * {@code --partitioner crc32}, librdkafka's default ({@code consistent_random}: CRC32 of the key).
     */
    private Integer partitionOf(byte[] key) {
        if (key == null || options.partitioner.equals("java")) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % eventPartitions);
    }

    private Topology passthroughTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("passthrough-source"))
                .to(PASSTHROUGH_TOPIC, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("passthrough-sink"));
        return builder.build();
    }

    /** Production settings with a fresh application id and state directory. */
    private Properties streamsProperties(String applicationId, Path stateDir) {
        Map<String, String> env = new HashMap<>(environmentOverrides);
        env.put("STATE_DIR", stateDir.toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        Properties props = StreamsSettings.of(Config.fromEnvironment(env), bootstrap, java.util.UUID.randomUUID().toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        return props;
    }

    private Measurement measure(int run, String app, BiFunction<String, Properties, Topology> topologyOf,
                                Counted counters) throws Exception {
        String applicationId = "bench-" + app + "-r" + run + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        Path stateDir = runDir.resolve("state").resolve(applicationId);
        Properties props = streamsProperties(applicationId, stateDir);
        Topology topology = topologyOf.apply(applicationId, props);
        // the fold is done when the events that went to their owner's task through this topic are folded too
        String rerouted = counters == null ? null : Topics.forApplication(applicationId).rerouted();
        if (run == 1 && app.equals("passthrough")) {
            System.out.println("Streams settings: " + describeSettings(props));
        }
        AtomicLong runningAt = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(-1, System.nanoTime());
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        long total = options.events;
        Resources before = Resources.now();
        ThreadCpu threadsBefore = ThreadCpu.now();
        ThreadCpu threadsAtEnd = null;
        long start = System.nanoTime();
        long firstAt = -1;
        long firstProgress = 0;
        long end;
        long statsLagAtEnd = -1;
        double drainSeconds = Double.NaN;
        try {
            streams.start();
            long lastProgress = 0;
            long lastChange = start;
            long lastReport = start;
            while (true) {
                sleep(POLL_INTERVAL);
                long now = System.nanoTime();
                if (failure.get() != null) {
                    throw new IllegalStateException(app + " failed: " + failure.get(), failure.get());
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(app + " stopped in state " + streams.state());
                }
                Map<TopicPartition, Long> committed = committed(applicationId);
                long progress = progress(committed, inputEnd);
                if (progress > 0 && firstAt < 0) {
                    firstAt = now;
                    firstProgress = progress;
                }
                if (progress >= total && (rerouted == null
                        || lag(rerouted, committed) <= partitionsOf(rerouted))) {
                    end = now;
                    threadsAtEnd = ThreadCpu.now();
                    printThreadMetrics(streams);
                    break;
                }
                if (progress != lastProgress) {
                    lastProgress = progress;
                    lastChange = now;
                } else if (now - lastChange > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(app + " made no progress for " + STALL_TIMEOUT.toSeconds()
                            + " s (committed " + progress + " of " + total + ", state " + streams.state() + ")");
                }
                if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                    lastReport = now;
                    System.out.printf(Locale.ROOT, "  %-11s %5.1f s  committed %,d of %,d (%,.0f events/s so far)%n",
                            app, seconds(now - start), progress, total, progress / seconds(now - start));
                }
            }
            if (counters != null) {
                // the stats sub-topology reads what the fold wrote to the repartition topic: how far behind is it?
                String repartition = applicationId + "-" + StoreNames.STATS_DELTAS + "-repartition";
                statsLagAtEnd = lag(repartition, committed(applicationId));
                long drainStart = System.nanoTime();
                long lag = statsLagAtEnd;
                while (lag > partitionsOf(repartition) && System.nanoTime() - drainStart < DRAIN_TIMEOUT.toNanos()) {
                    sleep(POLL_INTERVAL);
                    lag = lag(repartition, committed(applicationId));
                }
                if (lag <= partitionsOf(repartition)) {
                    drainSeconds = seconds(System.nanoTime() - start);
                }
                long written = endOffsets(repartition, IsolationLevel.READ_UNCOMMITTED).values().stream()
                        .mapToLong(Long::longValue).sum();
                long reroutedWritten = endOffsets(rerouted, IsolationLevel.READ_UNCOMMITTED).values().stream()
                        .mapToLong(Long::longValue).sum();
                System.out.printf(Locale.ROOT, "    stats repartition topic: %,d offsets written (records and"
                        + " transaction markers); rerouted-events topic: %,d offsets written, %,d events rerouted%n",
                        written, reroutedWritten, counters.rerouted().getAsLong());
            }
        } finally {
            closeQuietly(streams);
        }
        Resources after = Resources.now();
        double wall = seconds(end - start);
        double toRunning = runningAt.get() < 0 ? Double.NaN : seconds(runningAt.get() - start);
        double steady = firstAt < 0 || end <= firstAt ? Double.NaN : (total - firstProgress) / seconds(end - firstAt);
        Measurement m = new Measurement(run, app, applicationId, toRunning, wall, total / wall, steady,
                firstAt < 0 ? Double.NaN : seconds(firstAt - start), seconds(after.cpuNanos() - before.cpuNanos()),
                (after.gcMillis() - before.gcMillis()) / 1000.0, statsLagAtEnd, drainSeconds,
                counters == null ? -1 : counters.applied().getAsLong(),
                counters == null ? -1 : counters.duplicates().getAsLong(),
                counters == null ? -1 : counters.deadLettered().getAsLong());
        System.out.printf(Locale.ROOT, "  %-11s done: %.2f s wall, %,.0f events/s (steady %,.0f), RUNNING after"
                        + " %.2f s, first commit after %.2f s, CPU %.1f s (%.2f cores), GC %.2f s%s%n",
                app, m.wallSeconds, m.eventsPerSecond, m.steadyEventsPerSecond, m.toRunningSeconds,
                m.firstCommitSeconds, m.cpuSeconds, m.cpuSeconds / m.wallSeconds, m.gcSeconds,
                counters == null ? "" : String.format(Locale.ROOT, "; stats repartition lag at end %,d,"
                        + " all inputs drained at %.2f s", statsLagAtEnd, drainSeconds));
        if (threadsAtEnd != null) {
            System.out.println("    CPU by thread: " + ThreadCpu.describe(
                    threadsAtEnd.since(threadsBefore, ThreadCpu::kafkaRole), m.wallSeconds));
        }
        deleteRecursively(stateDir);
        return m;
    }

    /** How the stream thread spent its time (Kafka Streams' thread-level ratios), and its mean commit latency. */
    private static void printThreadMetrics(KafkaStreams streams) {
        List<String> names = List.of("process-ratio", "poll-ratio", "commit-ratio", "punctuate-ratio",
                "commit-latency-avg", "process-records-avg");
        StringBuilder out = new StringBuilder();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && names.contains(name.name())
                    && metric.metricValue() instanceof Number value) {
                out.append(out.length() == 0 ? "" : ", ").append(name.name()).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", value.doubleValue()));
            }
        });
        System.out.println("    stream thread time: " + out);
    }

    private static void closeQuietly(KafkaStreams streams) {
        try {
            if (!streams.close(Duration.ofSeconds(60))) {
                System.out.println("WARNING: Kafka Streams did not close within 60 s");
            }
        } catch (RuntimeException e) {
            System.out.println("WARNING: closing Kafka Streams failed: " + e);
        }
    }

    private void checkCounters(Measurement m, EventStream generator) {
        if (m.applied != generator.validEvents() || m.duplicates != generator.duplicateEvents()
                || m.deadLettered != generator.badEvents()) {
            System.out.printf(Locale.ROOT, "WARNING: the %s counted %,d applied, %,d duplicates, %,d dead"
                            + " letters; the stream has %,d, %,d, %,d%n", m.app, m.applied, m.duplicates, m.deadLettered,
                    generator.validEvents(), generator.duplicateEvents(), generator.badEvents());
        } else {
            System.out.printf(Locale.ROOT, "  %s counters match the stream: %,d applied, %,d duplicates,"
                    + " %,d dead letters%n", m.app, m.applied, m.duplicates, m.deadLettered);
        }
    }

    /** Lets the broker finish background work (log flushes, purges) and the JVM collect before the next app. */
    private static void settle() {
        System.gc();
        sleep(Duration.ofSeconds(2));
    }

    // ---------------------------------------------------------------- offsets

    private Map<TopicPartition, Long> committed(String groupId) throws Exception {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        } catch (ExecutionException | TimeoutException e) {
            // the group or its coordinator may not be there yet while the application starts
            return Map.of();
        }
    }

    private static long progress(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            sum += Math.min(committed.getOrDefault(e.getKey(), 0L), e.getValue());
        }
        return sum;
    }

    private long lag(String topic, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Long> end = endOffsets(topic, IsolationLevel.READ_COMMITTED);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            lag += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    private int partitionsOf(String topic) {
        return endOffsets(topic, IsolationLevel.READ_COMMITTED).size();
    }

    private Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) {
        var description = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic)
                .get(topic);
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, Long> result = new LinkedHashMap<>();
        await(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(), "list offsets of " + topic)
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- reporting

    /** One application in one run. */
    record Measurement(int run, String app, String applicationId, double toRunningSeconds, double wallSeconds,
                       double eventsPerSecond, double steadyEventsPerSecond, double firstCommitSeconds,
                       double cpuSeconds, double gcSeconds, long statsLagAtEnd, double drainSeconds, long applied,
                       long duplicates, long deadLettered) {
    }

    /** What a topology counted, read once it is done: checked against the stream. */
    record Counted(LongSupplier applied, LongSupplier duplicates, LongSupplier deadLettered, LongSupplier rerouted) {
    }

    record Summary(double passthroughRate, double passthroughSteady, double passthroughToRunning,
                   double topologyRate, double topologySteady, double topologyToRunning, double ratio,
                   double steadyRatio, double passthroughCores, double topologyCores, double sameShapeRate,
                   double sameShapeSteady, double sameShapeToRunning, double sameShapeCores, double sameShapeRatio,
                   double sameShapeSteadyRatio) {
    }

    private static Summary summarize(List<Measurement> ms) {
        List<Measurement> pass = ms.stream().filter(m -> m.app.equals("passthrough")).toList();
        List<Measurement> topo = ms.stream().filter(m -> m.app.equals("topology")).toList();
        List<Measurement> shape = ms.stream().filter(m -> m.app.equals("same-shape")).toList();
        double shapeRate = median(shape.stream().mapToDouble(Measurement::eventsPerSecond).toArray());
        double shapeSteady = median(shape.stream().mapToDouble(Measurement::steadyEventsPerSecond).toArray());
        double passRate = median(pass.stream().mapToDouble(Measurement::eventsPerSecond).toArray());
        double topoRate = median(topo.stream().mapToDouble(Measurement::eventsPerSecond).toArray());
        double passSteady = median(pass.stream().mapToDouble(Measurement::steadyEventsPerSecond).toArray());
        double topoSteady = median(topo.stream().mapToDouble(Measurement::steadyEventsPerSecond).toArray());
        return new Summary(passRate, passSteady,
                median(pass.stream().mapToDouble(Measurement::toRunningSeconds).toArray()),
                topoRate, topoSteady, median(topo.stream().mapToDouble(Measurement::toRunningSeconds).toArray()),
                topoRate / passRate, topoSteady / passSteady,
                median(pass.stream().mapToDouble(m -> m.cpuSeconds / m.wallSeconds).toArray()),
                median(topo.stream().mapToDouble(m -> m.cpuSeconds / m.wallSeconds).toArray()),
                shapeRate, shapeSteady, median(shape.stream().mapToDouble(Measurement::toRunningSeconds).toArray()),
                median(shape.stream().mapToDouble(m -> m.cpuSeconds / m.wallSeconds).toArray()),
                topoRate / shapeRate, topoSteady / shapeSteady);
    }

    private static final String ROW = "%-4s %-11s %10s %9s %12s %12s %10s %8s %6s %7s%n";

    private static void printRunTable(int run, List<Measurement> ms) {
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "run", "app", "RUNNING s", "wall s", "events/s", "steady ev/s",
                "1st commit", "CPU s", "cores", "GC s");
        for (Measurement m : ms) {
            if (m.run == run) {
                printRow(m);
            }
        }
    }

    private static void printRow(Measurement m) {
        System.out.printf(Locale.ROOT, ROW, m.run, m.app, fmt(m.toRunningSeconds, 2), fmt(m.wallSeconds, 2),
                rate(m.eventsPerSecond), rate(m.steadyEventsPerSecond), fmt(m.firstCommitSeconds, 2),
                fmt(m.cpuSeconds, 1), fmt(m.cpuSeconds / m.wallSeconds, 2), fmt(m.gcSeconds, 2));
    }

    private void printSummary(Machine machine, EventStream generator,
                              StreamReport preload, Summary s, List<Measurement> ms) {
        header("summary");
        System.out.printf(Locale.ROOT, "stream: %,d events (%,d valid, %,d duplicates, %,d bad) over %,d clusters"
                        + " in %d namespaces, avg value %.0f B, seed %d%n", generator.events(), generator.validEvents(),
                generator.duplicateEvents(), generator.badEvents(), generator.clusters(), generator.namespaces(),
                preload.averageValueBytes(), options.seed);
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "load average at the end: %.2f (a quiet machine stays well below nproc)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("processing.guarantee=exactly_once_v2 (production StreamsSettings)"
                + (environmentOverrides.isEmpty() ? "" : ", environment overrides " + environmentOverrides));
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "run", "app", "RUNNING s", "wall s", "events/s", "steady ev/s",
                "1st commit", "CPU s", "cores", "GC s");
        for (Measurement m : ms) {
            printRow(m);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "median of %d run(s):%n", options.runs);
        System.out.printf(Locale.ROOT, "  pass-through ceiling : %,10.0f events/s (steady %,.0f), RUNNING after %.2f s,"
                + " %.2f cores%n", s.passthroughRate, s.passthroughSteady, s.passthroughToRunning, s.passthroughCores);
        System.out.printf(Locale.ROOT, "  same-shape ceiling   : %,10.0f events/s (steady %,.0f), RUNNING after %.2f s,"
                + " %.2f cores%n", s.sameShapeRate, s.sameShapeSteady, s.sameShapeToRunning, s.sameShapeCores);
        System.out.printf(Locale.ROOT, "  topology             : %,10.0f events/s (steady %,.0f), RUNNING after %.2f s,"
                + " %.2f cores%n", s.topologyRate, s.topologySteady, s.topologyToRunning, s.topologyCores);
        System.out.printf(Locale.ROOT, "  topology / pass-through : %.1f%% (steady %.1f%%)%n", 100 * s.ratio,
                100 * s.steadyRatio);
        System.out.printf(Locale.ROOT, "  topology / same-shape   : %.1f%% (steady %.1f%%)%n", 100 * s.sameShapeRatio,
                100 * s.sameShapeSteadyRatio);
        System.out.printf(Locale.ROOT, "target >= %,.0f events/s  : %s (%,.0f)%n", TARGET_EVENTS_PER_SECOND,
                s.topologyRate >= TARGET_EVENTS_PER_SECOND ? "MET" : "NOT MET", s.topologyRate);
        System.out.printf(Locale.ROOT, "target >= %.0f%% of the same-shape ceiling : %s (%.1f%%)%n", 100 * TARGET_RATIO,
                s.sameShapeRatio >= TARGET_RATIO ? "MET" : "NOT MET", 100 * s.sameShapeRatio);
        if (options.quick || options.events < 1_000_000 || options.clusters < 200_000 || options.runs < 3) {
            System.out.println("note: smaller than the reference run (1,000,000 events, 200,000 clusters, 3 runs);"
                    + " start-up weighs more in short runs");
        }
    }

    private ObjectNode resultJson(Machine machine, EventStream generator,
                                  StreamReport preload, OfflineFold.Result offline, Summary s,
                                  List<Measurement> ms) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("machine", machine.toJson());
        ObjectNode stream = root.putObject("stream");
        stream.put("events", generator.events());
        stream.put("clusters", generator.clusters());
        stream.put("namespaces", generator.namespaces());
        stream.put("seed", options.seed);
        stream.put("partitioner", options.partitioner);
        stream.put("valid", generator.validEvents());
        stream.put("duplicates", generator.duplicateEvents());
        stream.put("bad", generator.badEvents());
        stream.put("avg_value_bytes", Math.round(preload.averageValueBytes()));
        ObjectNode types = stream.putObject("valid_by_type");
        generator.validEventsByType().forEach(types::put);
        if (offline != null) {
            root.put("offline_fold_events_per_second", Math.round(offline.eventsPerSecond()));
            root.put("offline_fold_cpu_micros_per_event", offline.cpuMicrosPerEvent());
        }
        ObjectNode overrides = root.putObject("environment_overrides");
        environmentOverrides.forEach(overrides::put);
        ArrayNode runs = root.putArray("runs");
        for (Measurement x : ms) {
            ObjectNode r = runs.addObject();
            r.put("run", x.run);
            r.put("app", x.app);
            r.put("to_running_s", x.toRunningSeconds);
            r.put("wall_s", x.wallSeconds);
            r.put("events_per_s", Math.round(x.eventsPerSecond));
            r.put("steady_events_per_s", Double.isNaN(x.steadyEventsPerSecond) ? null
                    : Math.round(x.steadyEventsPerSecond));
            r.put("first_commit_s", Double.isNaN(x.firstCommitSeconds) ? null : x.firstCommitSeconds);
            r.put("cpu_s", x.cpuSeconds);
            r.put("gc_s", x.gcSeconds);
            if (x.applied >= 0) {
                r.put("stats_repartition_lag_at_end", x.statsLagAtEnd);
                r.put("all_inputs_drained_s", Double.isNaN(x.drainSeconds) ? null : x.drainSeconds);
                r.put("applied", x.applied);
                r.put("duplicates", x.duplicates);
                r.put("dead_lettered", x.deadLettered);
            }
        }
        ObjectNode median = root.putObject("median");
        median.put("passthrough_events_per_s", Math.round(s.passthroughRate));
        median.put("topology_events_per_s", Math.round(s.topologyRate));
        median.put("passthrough_steady_events_per_s", Double.isNaN(s.passthroughSteady) ? null
                : Math.round(s.passthroughSteady));
        median.put("topology_steady_events_per_s", Double.isNaN(s.topologySteady) ? null
                : Math.round(s.topologySteady));
        median.put("same_shape_events_per_s", Math.round(s.sameShapeRate));
        median.put("same_shape_steady_events_per_s", Double.isNaN(s.sameShapeSteady) ? null
                : Math.round(s.sameShapeSteady));
        median.put("ratio", s.ratio);
        median.put("same_shape_ratio", s.sameShapeRatio);
        median.put("same_shape_steady_ratio", Double.isNaN(s.sameShapeSteadyRatio) ? null : s.sameShapeSteadyRatio);
        median.put("steady_ratio", Double.isNaN(s.steadyRatio) ? null : s.steadyRatio);
        median.put("target_events_per_s_met", s.topologyRate >= TARGET_EVENTS_PER_SECOND);
        median.put("target_same_shape_ratio_met", s.sameShapeRatio >= TARGET_RATIO);
        return root;
    }

    private static String describeSettings(Properties props) {
        Map<String, Object> sorted = new java.util.TreeMap<>();
        props.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        sorted.remove(StreamsConfig.APPLICATION_ID_CONFIG);
        sorted.remove(StreamsConfig.STATE_DIR_CONFIG);
        sorted.remove(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        return sorted.toString();
    }

    static double median(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The {@code KAFKA_*} variables that {@link Config} passes to the clients (not the bootstrap servers). */
    static Map<String, String> kafkaEnvironment(Map<String, String> env) {
        Map<String, String> kafka = new java.util.TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.equals("KAFKA_BOOTSTRAP_SERVERS") && !name.endsWith("_OPTS")) {
                kafka.put(name, value);
            }
        });
        return kafka;
    }

    // ---------------------------------------------------------------- machine, resources, options

    @Command(name = "bench/pipeline.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/pipeline.sh [--events N] [--clusters C] [--runs R] [--seed S] [--work-dir DIR]",
                "                         [--namespaces M] [--partitioner java|crc32] [--quick] [--keep]",
                "                         [--no-fold-check]"},
            footer = "KAFKA_* environment variables override the Streams settings as in production.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--events", order = 1, paramLabel = "N", converter = Converters.PositiveLong.class,
                description = "events to publish (default 1000000)")
        long events = 1_000_000;
        @Option(names = "--clusters", order = 2, paramLabel = "C", converter = Converters.PositiveInt.class,
                description = "clusters they cover (default 200000)")
        int clusters = 200_000;
        @Option(names = "--runs", order = 3, paramLabel = "R", converter = Converters.PositiveInt.class,
                description = "runs of pass-through + topology; medians are reported (default 3)")
        int runs = 3;
        @Option(names = "--seed", order = 4, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated stream (default 42)")
        long seed = 42;
        @Option(names = "--work-dir", order = 5, paramLabel = "DIR",
                description = "where the broker and state go, in a fresh run-<time> folder (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--namespaces", order = 6, paramLabel = "M", converter = Converters.PositiveInt.class,
                description = "namespaces of the clusters (default 20)")
        int namespaces = EventStream.DEFAULT_NAMESPACES;
        @Option(names = "--partitioner", order = 7, paramLabel = "P", converter = Partitioner.class,
                description = "how the events are spread over partitions: java (the Java client's default, murmur2"
                        + " of the key: every event is on its cluster's owner) or crc32 (librdkafka's default: most"
                        + " events are rerouted to their owner); default java")
        String partitioner = "java";
        @Option(names = "--quick", order = 8,
                description = "smoke test: 100000 events, 20000 clusters, 1 run (explicit options still win)")
        boolean quick;
        @Option(names = "--keep", order = 9, description = "keep the broker and state data after the run")
        boolean keep;
        @Option(names = "--no-fold-check", order = 10,
                description = "skip the offline fold (in-memory check of the stream's mix and fold cost)")
        boolean skipFoldCheck;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
            if (quick) {
                events = parsed.hasMatchedOption("--events") ? events : 100_000;
                clusters = parsed.hasMatchedOption("--clusters") ? clusters : 20_000;
                runs = parsed.hasMatchedOption("--runs") ? runs : 1;
            }
            if (events > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--events must be at most " + Integer.MAX_VALUE);
            }
            if (namespaces < EventStream.DEFAULT_ORGANIZATIONS) {
                throw new IllegalArgumentException("--namespaces must be at least "
                        + EventStream.DEFAULT_ORGANIZATIONS);
            }
        }

        /** {@code --partitioner}: java or crc32. */
        static final class Partitioner implements ITypeConverter<String> {
            @Override
            public String convert(String text) {
                return Converters.oneOf(text, "java", "crc32");
            }
        }
    }
}
