package io.clusterindex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a child JVM as the operating system and its own GC log see it: resident set size from
 * {@code /proc/<pid>/status} ({@code VmRSS}) and the heap in use after its collections (the JVM runs with
 * {@code -Xlog:gc:file=<log>}, whose lines end in {@code before->after(committed) pause}).
 */
final class ChildMemory {
    private static final Pattern HEAP_AFTER = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    /** The JVM option that makes {@link #nativeMemory} answer: Native Memory Tracking, summary level. */
    static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";
    private static final Pattern NMT_TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_CATEGORY = Pattern.compile(
            "(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private final long pid;
    private final Path gcLog;

    ChildMemory(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** The JVM option that makes the child write the GC log this reads. */
    static String gcLogOption(Path gcLog) {
        return "-Xlog:gc:file=" + gcLog.toAbsolutePath() + ":uptime";
    }

    /** The resident set size in bytes, or -1 when the process is gone or this is not Linux. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** The heap in use after the child's last collection, if it has collected yet. */
    OptionalLong heapAfterLastGc() {
        return lastCollection().map(heap -> OptionalLong.of(heap.used())).orElse(OptionalLong.empty());
    }

    /** The heap in use and committed after the child's last collection, if it has collected yet. */
    Optional<Heap> lastCollection() {
        try {
            return Files.exists(gcLog) ? lastCollection(Files.readAllLines(gcLog, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Asks the child for a full collection ({@code jcmd <pid> GC.run}) and answers the heap in use after it. */
    OptionalLong heapAfterFullGc() throws InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                return OptionalLong.empty();
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return heapAfterLastGc();
    }

    /**
     * What the JVM itself has committed, by Native Memory Tracking category ({@code jcmd <pid> VM.native_memory
     * summary}); empty unless the child runs with {@link #NATIVE_MEMORY_TRACKING}. Memory that native libraries
     * allocate themselves (RocksDB's block cache and memtables, glibc's malloc arenas) is not in it: RSS minus this
     * total is roughly theirs.
     */
    Optional<NativeMemory> nativeMemory() throws InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), "VM.native_memory", "summary",
                            "scale=KB")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? NativeMemory.parse(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The committed total and the committed bytes of each category, in the order the JVM lists them. */
    record NativeMemory(long committedBytes, Map<String, Long> committedByCategory) {
        static Optional<NativeMemory> parse(String summary) {
            Matcher total = NMT_TOTAL.matcher(summary);
            if (!total.find()) {
                return Optional.empty();
            }
            Map<String, Long> categories = new LinkedHashMap<>();
            Matcher category = NMT_CATEGORY.matcher(summary);
            while (category.find()) {
                categories.put(category.group(1).trim(), Long.parseLong(category.group(3)) << 10);
            }
            return Optional.of(new NativeMemory(Long.parseLong(total.group(2)) << 10, categories));
        }

        /** The total, then the categories of at least 8 MiB, largest first. */
        String describe() {
            StringBuilder out = new StringBuilder("JVM committed (NMT) " + mib(committedBytes) + ":");
            committedByCategory.entrySet().stream().filter(e -> e.getValue() >= 8L << 20)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out.append(' ').append(e.getKey()).append(' ').append(mib(e.getValue())).append(','));
            out.setLength(out.length() - 1);
            return out.toString();
        }
    }

    /**
     * The heap after a collection: in use, and committed (what G1 has taken from the operating system for the heap,
     * up to {@code -Xmx}; RSS grows with it whatever the live data).
     */
    record Heap(long used, long committed) {
    }

    /** The "after" heap and its committed size of the last collection line of a {@code -Xlog:gc} log. */
    static Optional<Heap> lastCollection(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = HEAP_AFTER.matcher(lines.get(i));
            if (m.find()) {
                return Optional.of(new Heap(bytes(m.group(3), m.group(4)), bytes(m.group(5), m.group(6))));
            }
        }
        return Optional.empty();
    }

    private static long bytes(String number, String unit) {
        long value = Long.parseLong(number);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (double) (1L << 20));
    }
}
