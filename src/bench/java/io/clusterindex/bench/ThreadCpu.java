package io.clusterindex.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * CPU time of the JVM's live threads by group (stream thread, Kafka clients, broker, ...), so that a benchmark
 * can say which thread is the bottleneck. Threads that ended between two snapshots are not counted. On Linux the
 * JVM's and RocksDB's native threads (garbage collector, JIT compilers, RocksDB's flushes and compactions) are read
 * from {@code /proc/self/task} and counted as {@code native: ...} groups, keyed by negative thread ids.
 */
record ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Linux's clock ticks per second for {@code /proc}'s CPU times (USER_HZ, 100 on every common platform). */
    private static final long TICKS_PER_SECOND = 100;

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
        addNativeThreads(names, nanos);
        return new ThreadCpu(names, nanos);
    }

    private static void addNativeThreads(Map<Long, String> names, Map<Long, Long> nanos) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                try {
                    String group = nativeGroup(Files.readString(task.resolve("comm")).strip());
                    if (group == null) {
                        continue;
                    }
                    // the fields after the command's closing parenthesis: state is the 3rd, utime the 14th, stime 15th
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long id = -Long.parseLong(task.getFileName().toString());
                    names.put(id, group);
                    nanos.put(id, ticks * (1_000_000_000L / TICKS_PER_SECOND));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read: not counted, as a Java thread that ended
                }
            }
        } catch (IOException unreadable) {
            // no native figures on this system
        }
    }

    /** The group of a native thread by its name ({@code comm}), or null for a Java thread or one of no interest. */
    static String nativeGroup(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "native: garbage collector";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "native: JIT compilers";
        }
        if (comm.startsWith("rocksdb:")) {
            return "native: RocksDB flushes and compactions";
        }
        if (comm.equals("VM Thread")) {
            return "native: VM thread (safepoints)";
        }
        return null;
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
        if (thread.startsWith("native: ")) {
            return thread;
        }
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
