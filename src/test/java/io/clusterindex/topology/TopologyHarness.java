package io.clusterindex.topology;

import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A {@link TopologyTestDriver} around {@link ClusterIndexTopology} with the production-like settings
 * (exactly-once v2, explicit internal resource naming enforced, a large record cache), byte[] in and out.
 * Each output topic is read through exactly one {@link TestOutputTopic}, since readers share the driver's queue.
 */
final class TopologyHarness implements AutoCloseable {
    static final Topics TOPICS = Topics.defaults();
    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    /** The commit interval of exactly-once, which the stats sums are sent at. */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

    final FoldCounters counters = new FoldCounters();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> events;
    final TestOutputTopic<byte[], byte[]> view;
    final TestOutputTopic<byte[], byte[]> stats;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;
    /** Offset the next record piped into {@code cluster-events} gets (the driver numbers them from 0). */
    private long nextOffset;
    /**
     * Whether {@link #pipe} lets a flush interval of wall-clock time pass after each record, so that the fold task
     * sends its summed stats (see {@link TaskStatsProcessor}) and each applied event shows on {@code cluster-stats}
     * at once; tests of the summing turn it off and call {@link #flushStats} themselves.
     */
    boolean flushStatsAfterEachRecord = true;

    TopologyHarness() {
        this.stateDir = Paths.get("target", "ttd-" + UUID.randomUUID());
        Topology topology = ClusterIndexTopology.build(TOPICS, counters, new ViewIndex(), new ViewPositions(1),
                TableListener.NONE, properties(stateDir));
        this.driver = new TopologyTestDriver(topology, properties(stateDir), START);
        ByteArraySerializer bytesOut = new ByteArraySerializer();
        ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
        this.events = driver.createInputTopic(TOPICS.events(), bytesOut, bytesOut, START, Duration.ofMillis(10));
        this.view = driver.createOutputTopic(TOPICS.view(), bytesIn, bytesIn);
        this.stats = driver.createOutputTopic(TOPICS.stats(), bytesIn, bytesIn);
        this.deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), bytesIn, bytesIn);
    }

    static Properties properties(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cluster-index-ttd");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        return props;
    }

    /** Pipes one record and returns the offset it got on {@code cluster-events} (partition 0). */
    long pipe(byte[] key, byte[] value, Headers headers) {
        events.pipeInput(new TestRecord<>(key, value, headers));
        if (flushStatsAfterEachRecord) {
            flushStats();
        }
        return nextOffset++;
    }

    /** Lets one flush interval of wall-clock time pass: the fold task sends its summed stats on. */
    void flushStats() {
        driver.advanceWallClockTime(FLUSH_INTERVAL);
    }

    long pipe(String key, byte[] value) {
        return pipe(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders());
    }

    /** The fold task's view positions store (under its {@link CommitTimeStore}, written at the driver's commits). */
    static KeyValueStore<Integer, Long> positionsStore(TopologyTestDriver driver) {
        @SuppressWarnings("unchecked")
        var root = (CommitTimeStore<KeyValueStore<Integer, Long>>) driver.getAllStateStores()
                .get(StoreNames.VIEW_POSITIONS);
        return root.store();
    }

    /** The fold task's unsent stats sums (under its {@link CommitTimeStore}, written at the driver's commits). */
    TimestampedKeyValueStore<String, StatsChange> taskStats() {
        @SuppressWarnings("unchecked")
        var root = (CommitTimeStore<TimestampedKeyValueStore<String, StatsChange>>) driver.getStateStore(
                StoreNames.TASK_STATS);
        return root.store();
    }

    KeyValueStore<String, ClusterState> clusters() {
        return driver.getKeyValueStore(StoreNames.CLUSTERS);
    }

    KeyValueStore<String, ValueAndTimestamp<NamespaceStats>> timestampedStats() {
        return driver.getTimestampedKeyValueStore(StoreNames.NAMESPACE_STATS);
    }

    /** The stats store's value of a namespace, or null when absent. */
    NamespaceStats namespaceStats(String namespaceId) {
        return namespaceStats().get(namespaceId);
    }

    /** Everything in the stats store, by namespace id (the tests use one organization per namespace). */
    Map<String, NamespaceStats> namespaceStats() {
        Map<String, NamespaceStats> all = new LinkedHashMap<>();
        contents(timestampedStats()).forEach((key, value) -> {
            NamespaceStats previous = all.put(StatsKey.namespaceOf(key), value.value());
            if (previous != null) {
                throw new AssertionError("two organizations hold stats for namespace " + StatsKey.namespaceOf(key));
            }
        });
        return all;
    }

    ClusterState cluster(String clusterId) {
        return clusters().get(clusterId);
    }

    static <V> Map<String, V> contents(KeyValueStore<String, V> store) {
        Map<String, V> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                all.put(kv.key, kv.value);
            }
        }
        return all;
    }

    static NamespaceStats decodeStats(byte[] value) {
        try (Deserializer<NamespaceStats> deserializer = JsonSerdes.namespaceStats().deserializer()) {
            return deserializer.deserialize(TOPICS.stats(), value);
        }
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** All values of header {@code name}, decoded as UTF-8. */
    static List<String> headerValues(Headers headers, String name) {
        List<String> values = new ArrayList<>();
        for (Header header : headers.headers(name)) {
            values.add(utf8(header.value()));
        }
        return values;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
