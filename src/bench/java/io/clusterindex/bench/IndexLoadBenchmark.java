package io.clusterindex.bench;

import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.ViewIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The view index's load without Kafka (issue 16, item 3): what a fold task's start does per stored cluster, phase
 * by phase, over several passes of the same stored states. The states are the query benchmark's dataset folded in
 * memory and kept as serialized bytes, each partition's in key order as RocksDB iterates them. A pass builds a new
 * index of every partition, as {@code FoldProcessor.init} does: decode the stored state, load it (its
 * JSON parsed into a tree, its row written), then make the partition ready (the columns' orders sorted, the trigram
 * blocks sealed). The first pass warms the JIT and is not in the medians.
 */
final class IndexLoadBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] PHASES = {"decode state", "rows", "ready (sort, seal)", "thread CPU",
        "wall"};
    private static final int PARTITIONS = 3;

    private IndexLoadBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, IndexLoadBenchmark::run);
    }

    private static void run(Options options) {
        System.out.printf(Locale.ROOT, "index load: %,d clusters of the query benchmark's dataset, seed %d, %d passes"
                + " (the first one warms up); %s, %d cores, -Xmx %,d MiB%n", options.clusters, options.seed,
                options.passes, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Map<String, byte[]> store = new HashMap<>(options.clusters * 2);
        IndexMemory.fold(options.clusters, options.seed, store, null);
        List<List<Map.Entry<String, byte[]>>> partitions = byPartition(store);
        store.clear();
        List<double[]> passes = new ArrayList<>();
        for (int pass = 0; pass < options.passes; pass++) {
            double[] micros = pass(partitions);
            System.out.printf(Locale.ROOT, "pass %d (%s): %s%n", pass + 1, pass == 0 ? "warm-up" : "measured",
                    describe(micros));
            if (pass > 0) {
                passes.add(micros);
            }
        }
        if (passes.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d measured passes, µs per live cluster loaded:%n", passes.size());
        for (int phase = 0; phase < PHASES.length; phase++) {
            double[] values = new double[passes.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = passes.get(i)[phase];
            }
            Arrays.sort(values);
            double median = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "  %-24s %6.2f%n", PHASES[phase], median);
        }
    }

    /** The stored states of each partition in the order RocksDB iterates them: by the key's UTF-8 bytes. */
    private static List<List<Map.Entry<String, byte[]>>> byPartition(Map<String, byte[]> store) {
        List<List<Map.Entry<String, byte[]>>> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new ArrayList<>());
        }
        store.forEach((id, bytes) -> partitions.get(partitionOf(id)).add(Map.entry(id, bytes)));
        for (List<Map.Entry<String, byte[]>> partition : partitions) {
            partition.sort((a, b) -> Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                    b.getKey().getBytes(StandardCharsets.UTF_8)));
        }
        return partitions;
    }

    private static int partitionOf(String clusterId) {
        return Utils.toPositive(Utils.murmur2(clusterId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** One load of every partition into a new index, as a fold task's start does it; µs per live cluster by phase. */
    private static double[] pass(List<List<Map.Entry<String, byte[]>>> partitions) {
        System.gc();
        long[] nanos = new long[PHASES.length];
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        long wallStarted = System.nanoTime();
        ViewIndex index = new ViewIndex();
        int stored = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            IndexPartition partition = index.open(p);
            long rowsStarted = System.nanoTime();
            for (Map.Entry<String, byte[]> entry : partitions.get(p)) {
                long t0 = System.nanoTime();
                ClusterState state = IndexMemory.DESERIALIZER.deserialize("", entry.getValue());
                nanos[0] += System.nanoTime() - t0;
                if (!state.isLive()) {
                    continue;
                }
                partition.upsert(entry.getKey(), state.sequence(), state.cluster()); // as FoldProcessor.init does
                stored++;
            }
            long readyStarted = System.nanoTime();
            nanos[1] += readyStarted - rowsStarted;
            partition.ready();
            nanos[2] += System.nanoTime() - readyStarted;
        }
        nanos[1] -= nanos[0];
        nanos[3] = THREADS.getCurrentThreadCpuTime() - cpuStarted;
        nanos[4] = System.nanoTime() - wallStarted;
        double[] micros = new double[PHASES.length];
        for (int phase = 0; phase < PHASES.length; phase++) {
            micros[phase] = nanos[phase] / 1e3 / stored;
        }
        return micros;
    }

    private static String describe(double[] micros) {
        StringBuilder text = new StringBuilder();
        for (int phase = 0; phase < PHASES.length; phase++) {
            text.append(phase == 0 ? "" : ", ").append(PHASES[phase]).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", micros[phase]));
        }
        return text.toString();
    }

    @Command(name = "bench/index-load.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {"usage: bench/index-load.sh [--clusters N] [--passes N] [--seed S]"})
    static final class Options implements BenchSupport.Options {
        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters in the namespace (default 300000)")
        int clusters = 300_000;
        @Option(names = "--passes", order = 2, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "loads of the whole store; the first warms up (default 6)")
        int passes = 6;
        @Option(names = "--seed", order = 3, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters (default 42)")
        long seed = 42;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
        }
    }
}
