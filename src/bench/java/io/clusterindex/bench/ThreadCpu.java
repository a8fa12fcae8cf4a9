package io.clusterindex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * CPU time of the JVM's live threads by group (stream thread, Kafka clients, broker, ...), so that a benchmark
 * can say which thread is the bottleneck. Threads that ended between two snapshots are not counted.
 */
record ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static ThreadCpu now() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> nanos = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                names.put(info.getThreadId(), info.getThreadName());
                nanos.put(info.getThreadId(), cpu);
            }
        }
        return new ThreadCpu(names, nanos);
    }

    /** Seconds of CPU per group since {@code before}, largest first when printed. */
    Map<String, Double> since(ThreadCpu before, Function<String, String> group) {
        Map<String, Double> seconds = new TreeMap<>();
        nanos.forEach((id, cpu) -> {
            long start = before.nanos.getOrDefault(id, 0L);
            seconds.merge(group.apply(names.get(id)), (cpu - start) / 1e9, Double::sum);
        });
        return seconds;
    }

    /** Groups Kafka's threads by role: the stream thread, the Streams clients' I/O, the broker, the rest. */
    static String kafkaRole(String thread) {
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "producer I/O";
        }
        if (thread.contains("StreamThread")) {
            return "stream thread";
        }
        if (thread.contains("consumer") || thread.contains("heartbeat") || thread.contains("admin")) {
            return "consumer/admin I/O";
        }
        if (thread.startsWith("data-plane") || thread.contains("request-handler") || thread.contains("kafka-network")
                || thread.startsWith("kafka-") || thread.contains("raft") || thread.contains("broker")
                || thread.contains("controller") || thread.contains("Log") || thread.contains("scheduler")) {
            return "broker";
        }
        return "other (" + thread.replaceAll("[0-9]+", "#") + ")";
    }

    static String describe(Map<String, Double> seconds, double wallSeconds) {
        StringBuilder out = new StringBuilder();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.05)
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                        "%s %.1f s (%.2f cores)", e.getKey(), e.getValue(), e.getValue() / wallSeconds)));
        return out.toString();
    }
}
