package io.clusterindex.bench;

import io.clusterindex.generate.EventStream;
import io.clusterindex.kafka.TopicDefinition;
import io.clusterindex.topology.ClusterIndexTopology;
import io.clusterindex.topology.CommitTimeStore;
import io.clusterindex.topology.EventRouting;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.TableListener;
import io.clusterindex.topology.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The same-shape framework ceiling of the pipeline benchmark (issue 16): a Kafka Streams topology with the
 * sub-topologies, state stores, changelogs, repartition and sink topics of {@link ClusterIndexTopology}, run with
 * the same settings, that does none of the indexer's work (no parsing, no fold, no view JSON, no view index).
 *
 * <p>Per input record it does what the Kafka Streams side of the real fold does: route the record to its cluster's
 * owner through the application's rerouted-events topic when it sits on another partition (murmur2 of the key, as
 * {@link EventRouting#owner}); otherwise one RocksDB {@code get} of the key in the cached, changelogged clusters
 * store, and for an event the fold applies one {@code put} of the raw value bytes, one record to the view topic and
 * one stats delta into the in-memory task-stats store (summed per namespace bucket and sent through the stats
 * repartition topic once per commit interval, then aggregated into a RocksDB store and written to the stats topic);
 * a bad record goes to the dead-letter topic as it is; a duplicate is read and dropped; the view-positions store
 * gets the record's offset. Which records the fold applies, skips or dead-letters is not decided by looking at
 * them (that would be our work) but read from {@link PlannedKinds}, what the generator planned for each offset, so
 * that both topologies write the same number of records to each sink topic.
 *
 * <p>Left out: the progress markers between fold tasks (at most one record per other partition and commit
 * interval, and only when events are rerouted) and the hand-over of misplaced clusters (none in a fresh run).
 */
final class SameShapeCeiling {
    /**
     * Header of a rerouted record: the kind its source offset was planned as (one byte, the ordinal), then its source
     * partition (int) and offset (long), as the real fold's {@code source} header names them.
     */
    static final String KIND_HEADER = "bench.kind";
    private static final EventStream.Kind[] KINDS = EventStream.Kind.values();

    private SameShapeCeiling() {
    }

    /** The ceiling's own output topics, named after the real ones: {@code bench-ceiling-<name>}. */
    static Topics topics(String applicationId) {
        Topics real = Topics.forApplication(applicationId);
        return new Topics(real.events(), "bench-ceiling-" + real.view(), "bench-ceiling-" + real.stats(),
                "bench-ceiling-" + real.deadLetters(), real.namespaces(), real.apiKeys(), real.rerouted());
    }

    /**
     * Definitions of the ceiling's view, stats and dead-letter topics: those of the real topics (partitions and
     * configs, compaction included) under the ceiling's names.
     */
    static List<TopicDefinition> outputTopics(List<TopicDefinition> definitions) {
        Topics real = Topics.defaults();
        Topics ceiling = topics("any");
        Map<String, String> renamed = Map.of(real.view(), ceiling.view(), real.stats(), ceiling.stats(),
                real.deadLetters(), ceiling.deadLetters());
        return definitions.stream().filter(d -> renamed.containsKey(d.name()))
                .map(d -> new TopicDefinition(renamed.get(d.name()), d.partitions(), d.replicationFactor(),
                        d.configs()))
                .toList();
    }

    /** What the ceiling counted; checked against the stream like the fold's counters. */
    static final class Tally {
        private final LongAdder applied = new LongAdder();
        private final LongAdder duplicates = new LongAdder();
        private final LongAdder deadLettered = new LongAdder();
        private final LongAdder rerouted = new LongAdder();

        long applied() {
            return applied.sum();
        }

        long duplicates() {
            return duplicates.sum();
        }

        long deadLettered() {
            return deadLettered.sum();
        }

        long rerouted() {
            return rerouted.sum();
        }
    }

    /**
     * The kind the generator planned for each offset of each {@code cluster-events} partition, filled from the
     * producer's acknowledgements while the stream is published; read by the stream threads afterwards.
     */
    static final class PlannedKinds {
        private final byte[][] byPartition;
        private final int[] sizes;

        PlannedKinds(int partitions) {
            byPartition = new byte[partitions][1024];
            sizes = new int[partitions];
        }

        synchronized void record(int partition, long offset, EventStream.Kind kind) {
            if (offset >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("offset " + offset + " beyond what the plan holds");
            }
            byte[] kinds = byPartition[partition];
            if (offset >= kinds.length) {
                kinds = Arrays.copyOf(kinds, (int) Math.max(offset + 1, Math.min(Integer.MAX_VALUE - 8L,
                        2L * kinds.length)));
                byPartition[partition] = kinds;
            }
            kinds[(int) offset] = (byte) (kind.ordinal() + 1);
            sizes[partition] = (int) Math.max(sizes[partition], offset + 1);
        }

        synchronized EventStream.Kind kindOf(int partition, long offset) {
            if (partition < 0 || partition >= byPartition.length || offset < 0 || offset >= sizes[partition]
                    || byPartition[partition][(int) offset] == 0) {
                throw new IllegalStateException("no planned kind for cluster-events-" + partition + "@" + offset);
            }
            return KINDS[byPartition[partition][(int) offset] - 1];
        }

        synchronized long planned() {
            long n = 0;
            for (int size : sizes) {
                n += size;
            }
            return n;
        }
    }

    /** What the ceiling's fold node emits, split into the same four routes as the real fold's output. */
    record Output(Route route, byte[] value, int partition) {
    }

    enum Route { VIEW, STATS, REROUTED, DEAD_LETTER }

    /**
     * The topology, with the real one's processor, store and internal topic names, built under the given Streams
     * configuration; {@code partitions} is the partition count of {@code cluster-events}, {@code statsBuckets} the
     * number of namespaces whose stats the events touch.
     */
    static Topology build(Topics topics, int partitions, int statsBuckets, PlannedKinds kinds, Tally tally,
                          Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        String maxBytes = Integer.toString(ClusterIndexTopology.MAX_RECORD_BYTES);
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.CLUSTERS), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        ClusterIndexTopology.addFoldTaskStores(builder, Serdes.Long());

        Serde<Output> routed = Serdes.serdeFrom((topic, out) -> out.value(), (topic, bytes) -> {
            throw new UnsupportedOperationException("routed records are read as bytes");
        });
        KStream<byte[], byte[]> rerouted = builder.stream(topics.rerouted(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("rerouted-events-source"));
        KStream<byte[], Output> folded = builder
                .stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("cluster-events-source"))
                .merge(rerouted, Named.as("events-and-rerouted"))
                .process(() -> new FoldNode(topics, partitions, statsBuckets, kinds, tally), Named.as("fold"),
                        StoreNames.CLUSTERS, StoreNames.VIEW_POSITIONS);

        Map<String, KStream<byte[], Output>> routes = folded.split(Named.as("route-"))
                .branch((key, out) -> out.route() == Route.VIEW, Branched.as("view"))
                .branch((key, out) -> out.route() == Route.STATS, Branched.as("stats"))
                .branch((key, out) -> out.route() == Route.REROUTED, Branched.as("rerouted"))
                .defaultBranch(Branched.as("dead-letters"));

        routes.get("route-rerouted").to(topics.rerouted(), Produced.with(Serdes.ByteArray(), routed)
                .withName("rerouted-events-sink").withStreamPartitioner(new ToOwner()));
        routes.get("route-view")
                .mapValues(Output::value, Named.as("view-json"))
                .to(topics.view(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("clusters-view-sink"));
        routes.get("route-dead-letters")
                .mapValues(Output::value, Named.as("dead-letter-value"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-sink"));
        routes.get("route-stats")
                .process(TaskStatsNode::new, Named.as("stats-per-task"), StoreNames.TASK_STATS)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName(StoreNames.STATS_DELTAS))
                .groupByKey(Grouped.with("stats-deltas-grouped", Serdes.String(), Serdes.Long()))
                .aggregate(() -> 0L, (bucket, delta, sum) -> sum + delta, Named.as("namespace-stats"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(StoreNames.NAMESPACE_STATS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.Long()))
                .toStream(Named.as("namespace-stats-changes"))
                .to(topics.stats(), Produced.with(Serdes.String(), Serdes.Long()).withName("cluster-stats-sink"));

        ClusterIndexTopology.addGlobalTables(builder, topics, TableListener.NONE);
        return builder.build();
    }

    /** Sends each routed record to the partition it names. */
    private static final class ToOwner implements StreamPartitioner<byte[], Output> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, byte[] key, Output out, Headers headers,
                                                 int partitions) {
            return Optional.of(Set.of(out.partition()));
        }

        @Override
        @SuppressWarnings("removal")
        public Optional<Set<Integer>> partitions(String topic, byte[] key, Output out, int partitions) {
            return partitions(topic, key, out, null, partitions);
        }
    }

    /** The fold node: Kafka Streams' side of the real fold and routing, with the decisions read from the plan. */
    static final class FoldNode implements Processor<byte[], byte[], byte[], Output> {
        private final String reroutedTopic;
        private final int partitions;
        private final int statsBuckets;
        private final PlannedKinds kinds;
        private final Tally tally;
        private ProcessorContext<byte[], Output> context;
        private KeyValueStore<Bytes, byte[]> clusters;
        private KeyValueStore<Integer, Long> positions;
        /** Positions by partition (handled, then rerouted to), written to the store at commits as the routing does. */
        private long[] handled;
        private long[] rerouted;
        private long[] stored;
        private int task;

        FoldNode(Topics topics, int partitions, int statsBuckets, PlannedKinds kinds, Tally tally) {
            this.reroutedTopic = topics.rerouted();
            this.partitions = partitions;
            this.statsBuckets = statsBuckets;
            this.kinds = kinds;
            this.tally = tally;
        }

        @Override
        public void init(ProcessorContext<byte[], Output> context) {
            this.context = context;
            this.clusters = context.getStateStore(StoreNames.CLUSTERS);
            CommitTimeStore<KeyValueStore<Integer, Long>> root = context.getStateStore(StoreNames.VIEW_POSITIONS);
            this.positions = root.store();
            handled = new long[partitions];
            rerouted = new long[partitions];
            stored = new long[2 * partitions];
            Arrays.fill(handled, -1);
            Arrays.fill(rerouted, -1);
            Arrays.fill(stored, -1);
            root.beforeCommit(() -> {
                for (int p = 0; p < partitions; p++) {
                    if (handled[p] != stored[p]) {
                        positions.put(p, handled[p]);
                        stored[p] = handled[p];
                    }
                    if (rerouted[p] != stored[partitions + p]) {
                        positions.put(-(p + 1), rerouted[p]);
                        stored[partitions + p] = rerouted[p];
                    }
                }
            });
            this.task = context.taskId().partition();
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata metadata = context.recordMetadata().orElseThrow();
            EventStream.Kind kind;
            int sourcePartition = metadata.partition();
            long sourceOffset = metadata.offset();
            if (metadata.topic().equals(reroutedTopic)) {
                ByteBuffer source = ByteBuffer.wrap(record.headers().lastHeader(KIND_HEADER).value());
                kind = KINDS[source.get()];
                sourcePartition = source.getInt();
                sourceOffset = source.getLong();
            } else {
                kind = kinds.kindOf(metadata.partition(), metadata.offset());
                int owner = record.key() == null || partitions == 1 ? task
                        : EventRouting.owner(record.key(), partitions);
                if (owner != task) {
                    Headers headers = new RecordHeaders(record.headers().toArray());
                    headers.add(KIND_HEADER, ByteBuffer.allocate(13).put((byte) kind.ordinal())
                            .putInt(sourcePartition).putLong(sourceOffset).array());
                    context.forward(new Record<>(record.key(), new Output(Route.REROUTED, record.value(), owner),
                            record.timestamp(), headers));
                    rerouted[owner] = metadata.offset();
                    tally.rerouted.increment();
                    handled[task] = metadata.offset();
                    return;
                }
            }
            if (kind == EventStream.Kind.BAD) {
                context.forward(new Record<>(record.key(), new Output(Route.DEAD_LETTER, record.value(), -1),
                        record.timestamp(), record.headers()));
                tally.deadLettered.increment();
            } else {
                Bytes key = Bytes.wrap(record.key());
                clusters.get(key);
                if (kind == EventStream.Kind.VALID) {
                    clusters.put(key, record.value());
                    context.forward(new Record<>(record.key(), new Output(Route.VIEW, record.value(), -1),
                            record.timestamp(), new RecordHeaders()));
                    byte[] bucket = {(byte) Math.floorMod(Arrays.hashCode(record.key()), statsBuckets)};
                    context.forward(new Record<>(record.key(), new Output(Route.STATS, bucket, -1),
                            record.timestamp(), new RecordHeaders()));
                    tally.applied.increment();
                } else {
                    tally.duplicates.increment();
                }
            }
            handled[sourcePartition] = sourceOffset;
        }
    }

    /**
     * Sums the stats deltas per bucket, writes the sums to the task-stats store when the task commits and sends them
     * once per commit interval, as the real {@code TaskStatsProcessor} does.
     */
    static final class TaskStatsNode implements Processor<byte[], Output, String, Long> {
        private final Map<String, ValueAndTimestamp<Long>> pending = new HashMap<>();
        private ProcessorContext<String, Long> context;
        private TimestampedKeyValueStore<String, Long> store;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            CommitTimeStore<TimestampedKeyValueStore<String, Long>> root = context.getStateStore(StoreNames.TASK_STATS);
            this.store = root.store();
            root.beforeCommit(() -> pending.forEach(store::put));
            pending.clear();
            context.schedule(Duration.ofMillis(ClusterIndexTopology.statsFlushIntervalMs(context.appConfigs())),
                    PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }

        @Override
        public void process(Record<byte[], Output> record) {
            String key = Integer.toString(record.value().value()[0]);
            ValueAndTimestamp<Long> previous = pending.get(key);
            ValueAndTimestamp<Long> sum = ValueAndTimestamp.make(previous == null ? 1L : previous.value() + 1,
                    record.timestamp());
            pending.put(key, sum);
        }

        private void flush() {
            for (Map.Entry<String, ValueAndTimestamp<Long>> entry : pending.entrySet()) {
                context.forward(new Record<>(entry.getKey(), entry.getValue().value(), entry.getValue().timestamp()));
                store.delete(entry.getKey());
            }
            pending.clear();
        }
    }
}
