package io.clusterindex.bench;

import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.EventType;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.generate.EventStream;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.topology.StateSerdes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The fold's cost per event without Kafka, phase by phase, over several warm passes of one generated stream: what
 * the fold processor does on the stream thread (parse the event, read and decode the stored state, fold, encode the
 * state and the view JSON, the stats delta) and, apart, what the index writer thread does with the applied event.
 * Each pass starts from an empty store and index; the first pass warms the JIT and is not in the medians.
 *
 * <p>Phases are timed with {@link System#nanoTime()} around each step of each event; the thread's CPU time of the
 * whole pass is printed beside their sum, so the timing's own cost shows.
 */
final class FoldCostBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] PHASES = {"parse", "read state", "fold", "write state + view", "stats delta",
        "stream thread (sum)", "index update", "thread CPU, all"};

    private final Options options;

    private FoldCostBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new FoldCostBenchmark(options).run());
    }

    private void run() {
        EventStream generator = EventStream.pipeline(options.events, options.clusters, EventStream.DEFAULT_NAMESPACES,
                EventStream.DEFAULT_ORGANIZATIONS, options.seed);
        OfflineFold.Rendered rendered = OfflineFold.Rendered.of(generator);
        byte[][] keys = rendered.keys();
        byte[][] values = rendered.values();
        System.out.printf(Locale.ROOT, "fold cost: %,d events, %,d clusters, seed %d, %d passes (the first one warms"
                + " up), %d cores, %s%n", keys.length, options.clusters, options.seed, options.passes,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<double[]> passes = new ArrayList<>();
        for (int pass = 1; pass <= options.passes; pass++) {
            double[] micros = pass(keys, values);
            System.out.printf(Locale.ROOT, "pass %d: %s%n", pass, describe(micros));
            if (pass > 1 || options.passes == 1) {
                passes.add(micros);
            }
        }
        double[] median = new double[PHASES.length];
        for (int phase = 0; phase < PHASES.length; phase++) {
            double[] values1 = new double[passes.size()];
            for (int i = 0; i < values1.length; i++) {
                values1[i] = passes.get(i)[phase];
            }
            Arrays.sort(values1);
            median[phase] = values1.length % 2 == 1 ? values1[values1.length / 2]
                    : (values1[values1.length / 2 - 1] + values1[values1.length / 2]) / 2;
        }
        System.out.printf(Locale.ROOT, "median of warm passes, µs per event:%n");
        for (int phase = 0; phase < PHASES.length; phase++) {
            System.out.printf(Locale.ROOT, "  %-22s %6.2f%n", PHASES[phase], median[phase]);
        }
    }

    private static String describe(double[] micros) {
        StringBuilder text = new StringBuilder();
        for (int phase = 0; phase < PHASES.length; phase++) {
            text.append(phase == 0 ? "" : ", ").append(PHASES[phase]).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", micros[phase]));
        }
        return text.append(" µs/event").toString();
    }

    /** One pass over the stream from an empty store; returns µs per event by phase. */
    private static double[] pass(byte[][] keys, byte[][] values) {
        Serde<ClusterState> serde = StateSerdes.clusterState();
        Serializer<ClusterState> serializer = serde.serializer();
        Deserializer<ClusterState> deserializer = serde.deserializer();
        Map<String, byte[]> store = new HashMap<>(keys.length);
        IndexPartition index = new ViewIndex().open(0);
        index.ready();
        long[] nanos = new long[PHASES.length];
        long[] foldByType = new long[EventType.values().length];
        long[] countByType = new long[EventType.values().length];
        long sink = 0;
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < keys.length; i++) {
            long t0 = System.nanoTime();
            var parsed = EventParser.parse(keys[i], values[i]);
            long t1 = System.nanoTime();
            nanos[0] += t1 - t0;
            if (!(parsed instanceof io.clusterindex.events.ParseResult.Parsed ok)) {
                continue;
            }
            ClusterEvent event = ok.event();
            ClusterState current = deserializer.deserialize("", store.get(event.clusterId()));
            long t2 = System.nanoTime();
            nanos[1] += t2 - t1;
            FoldOutcome outcome = ClusterFold.apply(event, current);
            long t3 = System.nanoTime();
            nanos[2] += t3 - t2;
            foldByType[event.type().ordinal()] += t3 - t2;
            countByType[event.type().ordinal()]++;
            if (!(outcome instanceof FoldOutcome.Applied applied)) {
                continue;
            }
            store.put(event.clusterId(), serializer.serialize("", applied.state()));
            byte[] view = applied.state().clusterJson();
            sink += view == null ? 0 : view.length;
            long t4 = System.nanoTime();
            nanos[3] += t4 - t3;
            StatsDelta delta = statsDelta(event, applied);
            sink += delta.hashCode();
            long t5 = System.nanoTime();
            nanos[4] += t5 - t4;
            index(index, event, current, applied);
            nanos[6] += System.nanoTime() - t5;
        }
        nanos[7] = THREADS.getCurrentThreadCpuTime() - cpuStarted;
        nanos[5] = nanos[0] + nanos[1] + nanos[2] + nanos[3] + nanos[4];
        if (sink == 42) {
            System.out.println();
        }
        double[] micros = new double[PHASES.length];
        for (int phase = 0; phase < PHASES.length; phase++) {
            micros[phase] = nanos[phase] / 1e3 / keys.length;
        }
        StringBuilder byType = new StringBuilder("  fold by event type, µs per event of the type (share of events):");
        for (EventType type : EventType.values()) {
            long count = countByType[type.ordinal()];
            if (count > 0) {
                byType.append(String.format(Locale.ROOT, " %s %.2f (%.1f%%)", type.wireName(),
                        foldByType[type.ordinal()] / 1e3 / count, 100.0 * count / keys.length));
            }
        }
        System.out.println(byType);
        return micros;
    }

    /** The stats delta of an applied event, as the fold processor forwards it. */
    private static StatsDelta statsDelta(ClusterEvent event, FoldOutcome.Applied applied) {
        return new StatsDelta(event.namespaceId(), contribution(applied.previous()), contribution(applied.state()));
    }

    /** As the fold processor takes it from the header. */
    private static Contribution contribution(ClusterState state) {
        ClusterState.Header header = state == null ? null : state.header();
        return header == null ? null : new Contribution(header.status(), header.documents());
    }

    /** What the index writer does with an applied event. */
    private static void index(IndexPartition index, ClusterEvent event, ClusterState current,
                              FoldOutcome.Applied applied) {
        index.upsert(event.clusterId(), applied.state(), current, applied.changes());
    }

    @Command(name = "bench/fold-cost.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/fold-cost.sh [--events N] [--clusters N] [--passes N] [--seed S]"})
    static final class Options implements BenchSupport.Options {
        @Option(names = "--events", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "events generated (default 1000000)")
        int events = 1_000_000;
        @Option(names = "--clusters", order = 2, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters they are about (default 200000)")
        int clusters = 200_000;
        @Option(names = "--passes", order = 3, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "passes over the stream; the first warms up (default 6)")
        int passes = 6;
        @Option(names = "--seed", order = 4, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated stream (default 42)")
        long seed = 42;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
            if (clusters > events) {
                throw new IllegalArgumentException("--clusters must not exceed --events");
            }
        }
    }
}
