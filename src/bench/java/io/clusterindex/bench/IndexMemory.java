package io.clusterindex.bench;

import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.topology.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


/**
 * The heap the view index takes per cluster, without Kafka: folds the query benchmark's dataset in memory (the
 * stored states kept as serialized bytes, as RocksDB would), then builds the index of its three partitions two ways and
 * measures each by the difference of two class histograms of the live heap (with and without the index):
 * <b>live</b>, updated event by event as the fold does during ingest (with the dead rows of the updates still
 * waiting for compaction), and <b>load</b>, built from the final states as when a fold task starts.
 */
final class IndexMemory {
    private IndexMemory() {
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, IndexMemory::run);
    }

    private static void run(Options options) {
        System.out.printf(Locale.ROOT, "view index memory: %,d clusters of the query benchmark's dataset, seed %d;"
                + " %s, -Xmx %,d MiB%n", options.clusters, options.seed, System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        Map<String, byte[]> store = new HashMap<>(options.clusters * 2);
        ViewIndex[] held = {foldWithIndex(options, store)};
        long live = store.values().stream().filter(bytes -> DESERIALIZER.deserialize("", bytes).isLive()).count();
        report("live (updated event by event, dead rows included until compaction)", held, live);
        held[0] = load(store);
        report("load (built from the stored states, as when a fold task starts)", held, live);
    }

    private static final int PARTITIONS = 3;
    private static final Serializer<ClusterState> SERIALIZER = StateSerdes.clusterState().serializer();
    static final Deserializer<ClusterState> DESERIALIZER = StateSerdes.clusterState().deserializer();

    /** Folds the dataset into {@code store}, updating a new index event by event; returns the index. */
    private static ViewIndex foldWithIndex(Options options, Map<String, byte[]> store) {
        ViewIndex index = new ViewIndex();
        IndexPartition[] partitions = open(index);
        for (IndexPartition partition : partitions) {
            partition.ready();
        }
        fold(options.clusters, options.seed, store, partitions);
        return index;
    }

    /**
     * Folds the query benchmark's dataset of {@code clusters} clusters into {@code store} (stored states as bytes,
     * keyed by id), updating {@code partitions} (of one index) event by event when not null.
     */
    static void fold(int clusters, long seed, Map<String, byte[]> store, IndexPartition[] partitions) {
        long[] applied = {0};
        long started = System.nanoTime();
        new QueryDataset(clusters, seed).generate((key, value) -> {
            if (!(EventParser.parse(key, value) instanceof ParseResult.Parsed parsed)) {
                return;
            }
            var event = parsed.event();
            ClusterState current = DESERIALIZER.deserialize("", store.get(event.clusterId()));
            if (ClusterFold.apply(event, current) instanceof FoldOutcome.Applied done) {
                store.put(event.clusterId(), SERIALIZER.serialize("", done.state()));
                if (partitions != null) {
                    // as the fold hands it over: the stored state it started from, and the changed fields
                    partitions[partitionOf(event.clusterId())].upsert(event.clusterId(), done.state(), current,
                        done.changes());
                }
                applied[0]++;
            }
        }, null);
        System.out.printf(Locale.ROOT, "folded %,d events in %.1f s%n", applied[0],
                (System.nanoTime() - started) / 1e9);
    }

    /** The partitions of {@code cluster-events} (3, as the topic definitions create it), open in {@code index}. */
    private static IndexPartition[] open(ViewIndex index) {
        IndexPartition[] partitions = new IndexPartition[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            partitions[p] = index.open(p);
        }
        return partitions;
    }

    /** Where the Java producer's default partitioner puts a cluster's events. */
    private static int partitionOf(String clusterId) {
        return Utils.toPositive(Utils.murmur2(clusterId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** A new index built from the live states of {@code store}, as a fold task's start builds it. */
    static ViewIndex load(Map<String, byte[]> store) {
        ViewIndex index = new ViewIndex();
        IndexPartition[] partitions = open(index);
        long started = System.nanoTime();
        store.forEach((id, bytes) -> {
            ClusterState state = DESERIALIZER.deserialize("", bytes);
            if (state.isLive()) {
                partitions[partitionOf(id)].upsert(id, state.sequence(), state.cluster());
            }
        });
        for (IndexPartition partition : partitions) {
            partition.ready();
        }
        System.out.printf(Locale.ROOT, "%nloaded an index from the final states in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
        return index;
    }

    /**
     * Prints what {@code held[0]} holds on the heap: the histogram of the live heap with it minus without it (the
     * reference is dropped in between).
     */
    private static void report(String name, ViewIndex[] held, long clusters) {
        long estimated = held[0].estimatedBytes();
        HeapHistogram with = HeapHistogram.take();
        held[0] = null;
        HeapHistogram without = HeapHistogram.take();
        long total = with.totalBytes() - without.totalBytes();
        System.out.printf(Locale.ROOT, "%n== %s: %,d live clusters%n", name, clusters);
        System.out.printf(Locale.ROOT, "heap histogram difference: %,d bytes = %.0f bytes per cluster"
                + " (the index's own estimate: %.0f bytes per cluster)%n", total, (double) total / clusters,
                (double) estimated / clusters);
        System.out.printf(Locale.ROOT, "  %14s %14s %10s  %s%n", "instances", "bytes", "B/cluster", "class");
        List<HeapHistogram.Entry> growth = with.growthSince(without);
        for (HeapHistogram.Entry entry : growth.subList(0, Math.min(25, growth.size()))) {
            System.out.printf(Locale.ROOT, "  %,14d %,14d %10.1f  %s%n", entry.instances(), entry.bytes(),
                    (double) entry.bytes() / clusters, entry.className());
        }
    }

    @Command(name = "bench/index-memory.sh", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Heap bytes per cluster of the view index, measured by heap histograms.")
    static class Options implements BenchSupport.Options {
        @Option(names = "--clusters", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters in the namespace (default 200000)")
        int clusters = 200_000;
        @Option(names = "--seed", paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters (default 42)")
        long seed = 42;

        @Override
        public void resolve(picocli.CommandLine.ParseResult parsed) {
        }
    }
}
