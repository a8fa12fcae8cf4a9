package io.clusterindex.bench;

import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.generate.EventStream;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.topology.StateSerdes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Folds a generated stream in memory, without Kafka, on one thread: parse, read the cluster's stored JSON, fold,
 * write the state and the view JSON back, and update a {@link ViewIndex}, as the fold processor does per record. It
 * checks that the stream holds the intended mix (applied, skipped duplicates, dead letters by code) and gives the
 * cost of the fold alone, in wall time and in CPU time of its thread (less sensitive to a busy machine).
 */
final class OfflineFold {
    /** Outcome counts and the time the fold took. */
    record Result(long applied, long duplicates, long deadLettered, Map<String, Long> deadLettersByCode,
                  long nanos, long cpuNanos) {
        double eventsPerSecond() {
            long total = applied + duplicates + deadLettered;
            return nanos == 0 ? 0 : total / (nanos / 1e9);
        }

        double cpuMicrosPerEvent() {
            long total = applied + duplicates + deadLettered;
            return total == 0 ? 0 : cpuNanos / 1e3 / total;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OfflineFold() {
    }

    /** A generated stream's records, key and value by offset. */
    record Rendered(byte[][] keys, byte[][] values) {
        static Rendered of(EventStream generator) {
            byte[][] keys = new byte[Math.toIntExact(generator.events())][];
            byte[][] values = new byte[keys.length][];
            int[] next = {0};
            generator.generate((key, value, kind) -> {
                keys[next[0]] = key;
                values[next[0]++] = value;
            });
            return new Rendered(keys, values);
        }
    }

    static Result run(EventStream generator) {
        // render first, so the timing below covers the fold only
        Rendered rendered = Rendered.of(generator);
        byte[][] keys = rendered.keys();
        byte[][] values = rendered.values();
        Serde<ClusterState> serde = StateSerdes.clusterState();
        Serializer<ClusterState> serializer = serde.serializer();
        Deserializer<ClusterState> deserializer = serde.deserializer();
        Map<String, byte[]> store = new HashMap<>(generator.clusters() * 2);
        Map<String, Long> codes = new TreeMap<>();
        long applied = 0;
        long duplicates = 0;
        long dead = 0;
        IndexPartition index = new ViewIndex().open(0);
        index.ready();
        long started = System.nanoTime();
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < keys.length; i++) {
            ParseResult parsed = EventParser.parse(keys[i], values[i]);
            if (parsed instanceof ParseResult.Invalid invalid) {
                dead++;
                codes.merge(invalid.rejection().code().name(), 1L, Long::sum);
                continue;
            }
            var event = ((ParseResult.Parsed) parsed).event();
            ClusterState current = deserializer.deserialize("", store.get(event.clusterId()));
            FoldOutcome outcome = ClusterFold.apply(event, current);
            if (outcome instanceof FoldOutcome.Applied done) {
                store.put(event.clusterId(), serializer.serialize("", done.state()));
                index.upsert(event.clusterId(), done.state(), current, done.changes());
                done.state().clusterJson();
                applied++;
            } else if (outcome instanceof FoldOutcome.Rejected rejected) {
                dead++;
                codes.merge(rejected.rejection().code().name(), 1L, Long::sum);
            } else {
                duplicates++;
            }
            keys[i] = null;
            values[i] = null;
        }
        return new Result(applied, duplicates, dead, codes, System.nanoTime() - started,
                THREADS.getCurrentThreadCpuTime() - cpuStarted);
    }
}
