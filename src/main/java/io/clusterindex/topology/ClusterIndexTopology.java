package io.clusterindex.topology;

import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.kafka.TopicDefinition;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsChange;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the indexer's topology: {@code cluster-events} -> route each record to the fold task that owns its cluster
 * (through the rerouted-events topic when it was published elsewhere, see {@link EventRouting}) -> fold into the
 * clusters store -> {@code clusters-view}, {@code cluster-events-dlq}, and per-namespace stats deltas -> summed per
 * fold task -> repartition by namespace -> stats store -> {@code cluster-stats} (keyed by namespace id, with the
 * organization in a header: {@link StatsByNamespaceProcessor}). Every processor, store and internal
 * topic carries an explicit name.
 */
public final class ClusterIndexTopology {
    /**
     * Largest record the topology writes: an input event may be up to 1 MiB, and its view, stored state or dead
     * letter (plus headers) slightly more. Matches {@code max.message.bytes} of the output topic definitions.
     */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;
    /** Writes a routed record's value as it is (nothing reads it back through this serde). */
    private static final Serde<FoldOutput> ROUTED = Serdes.serdeFrom(
            (topic, out) -> ((FoldOutput.Routed) out).value(),
            (topic, bytes) -> {
                throw new UnsupportedOperationException("routed records are read as bytes");
            });

    private ClusterIndexTopology() {
    }

    /** Sends each routed record to the partition it names. */
    private static final class RoutedPartitioner implements StreamPartitioner<byte[], FoldOutput> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, byte[] key, FoldOutput out, Headers headers,
                                                 int partitions) {
            return Optional.of(Set.of(((FoldOutput.Routed) out).partition()));
        }

        /** Required by the interface in Kafka 4.4, never called: the variant with headers takes precedence. */
        @Override
        @SuppressWarnings("removal")
        public Optional<Set<Integer>> partitions(String topic, byte[] key, FoldOutput out, int partitions) {
            return partitions(topic, key, out, null, partitions);
        }
    }

    /**
     * The rerouted-events topic: as many partitions as {@code cluster-events} (task {@code p} reads partition
     * {@code p} of both), unlimited retention (a record in transit must not expire while its task is down; the
     * application purges what every task has committed), and room for a handed-over state.
     */
    public static TopicDefinition reroutedTopic(Topics topics, int partitions) {
        return new TopicDefinition(topics.rerouted(), partitions, Optional.empty(), Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)));
    }

    /**
     * The topology built under the given Streams configuration, so that build-time settings such as
     * {@code ensure.explicit.internal.resource.naming} take effect; the fold keeps {@code index} current and
     * publishes its progress to {@code positions}, whose partition count is that of {@code cluster-events} (which
     * task owns which cluster, see {@link EventRouting}); {@code tables} is told what the global tables hold.
     */
    public static Topology build(Topics topics, FoldCounters counters, ViewIndex index, ViewPositions positions,
                                 TableListener tables, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.CLUSTERS), Serdes.String(), StateSerdes.clusterState())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES))));

        addFoldTaskStores(builder, StateSerdes.statsChange());

        KStream<byte[], byte[]> rerouted = builder.stream(topics.rerouted(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("rerouted-events-source"));
        KStream<byte[], FoldOutput> folded = builder
                .stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("cluster-events-source"))
                .merge(rerouted, Named.as("events-and-rerouted"))
                .process(() -> new RoutingProcessor(new FoldProcessor(counters, index, positions.partitions()),
                                positions, counters, topics), Named.as("fold"),
                        StoreNames.CLUSTERS, StoreNames.VIEW_POSITIONS);

        Map<String, KStream<byte[], FoldOutput>> routes = folded.split(Named.as("route-"))
                .branch((key, out) -> out instanceof FoldOutput.ViewChange, Branched.as("view"))
                .branch((key, out) -> out instanceof FoldOutput.StatsChange, Branched.as("stats"))
                .branch((key, out) -> out instanceof FoldOutput.Routed, Branched.as("rerouted"))
                .defaultBranch(Branched.as("dead-letters"));

        routes.get("route-rerouted").to(topics.rerouted(), Produced.with(Serdes.ByteArray(), ROUTED)
                .withName("rerouted-events-sink")
                .withStreamPartitioner(new RoutedPartitioner()));

        routes.get("route-view")
                .mapValues(out -> ((FoldOutput.ViewChange) out).json(), Named.as("view-json"))
                .to(topics.view(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("clusters-view-sink"));

        routes.get("route-dead-letters")
                .mapValues(out -> ((FoldOutput.DeadLetter) out).originalValue(), Named.as("dead-letter-value"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-sink"));

        routes.get("route-stats")
                .process(TaskStatsProcessor::new, Named.as("stats-per-task"), StoreNames.TASK_STATS)
                .repartition(Repartitioned.with(Serdes.String(), StateSerdes.statsChange()).withName(StoreNames.STATS_DELTAS))
                .groupByKey(Grouped.with("stats-deltas-grouped", Serdes.String(), StateSerdes.statsChange()))
                .aggregate(() -> null, ClusterIndexTopology::applyChange, Named.as("namespace-stats"),
                        Materialized.<String, NamespaceStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.NAMESPACE_STATS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(StateSerdes.namespaceStats()))
                .toStream(Named.as("namespace-stats-changes"))
                .process(StatsByNamespaceProcessor::new, Named.as("stats-by-namespace-id"))
                .to(topics.stats(), Produced.with(Serdes.String(), JsonSerdes.namespaceStats())
                        .withName("cluster-stats-sink"));

        addGlobalTables(builder, topics, tables);
        return builder.build();
    }

    /**
     * The fold tasks' two in-memory stores: the view positions, and the per-task stats sums with values of
     * {@code statsValues} (the topology's: {@link StateSerdes#statsChange()}). Public, as the two below, for the
     * pipeline benchmark's same-shape topology, which must have the same stores and punctuation.
     */
    public static <V> void addFoldTaskStores(StreamsBuilder builder, Serde<V> statsValues) {
        ViewPositionsStore.add(builder);
        ViewPositionsStore.addTaskStats(builder, statsValues);
    }

    /** How often a fold task sends its summed stats, given the application's configs: the commit interval. */
    public static long statsFlushIntervalMs(Map<String, Object> appConfigs) {
        return TaskStatsProcessor.flushIntervalMs(appConfigs);
    }

    /**
     * The global tables every instance keeps whole: the namespaces and the API keys, each in a timestamped store (the
     * format a {@code globalTable} writes, so that state directories of earlier versions are read as they are),
     * written by a {@link GlobalTableProcessor} that tells {@code tables} what they hold.
     */
    public static void addGlobalTables(StreamsBuilder builder, Topics topics, TableListener tables) {
        globalTable(builder, topics.namespaces(), "namespaces-source", StoreNames.NAMESPACES, tables);
        globalTable(builder, topics.apiKeys(), "api-keys-source", StoreNames.API_KEYS, tables);
    }

    private static void globalTable(StreamsBuilder builder, String topic, String sourceName, String storeName,
                                    TableListener tables) {
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(
                                Stores.persistentTimestampedKeyValueStore(storeName), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(sourceName),
                () -> new GlobalTableProcessor(storeName, tables));
    }

    /** The running stats after a summed change; null (a tombstone) once the namespace has no live cluster left. */
    static NamespaceStats applyChange(String statsKey, StatsChange change, NamespaceStats current) {
        NamespaceStats next = (current == null ? NamespaceStats.empty(change.namespaceId()) : current).apply(change);
        return next.isEmpty() ? null : next;
    }
}
