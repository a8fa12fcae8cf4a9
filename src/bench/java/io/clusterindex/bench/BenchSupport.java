package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the benchmark mains share: report formatting, machine description, resource counters, option parsing. */
final class BenchSupport {
    private static final Duration SETTLE_WINDOW = Duration.ofMillis(500);
    private static final double SETTLED_CORES = 0.5;

    private BenchSupport() {
    }

    /** A benchmark's body, run by {@link #runMain}. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark's main body and exits: status 0, 2 after a usage error (printed with {@code usage}), 1 after
     * a failure (with its stack trace).
     */
    static void runMain(String usage, Body body) {
        int code;
        try {
            body.run();
            code = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage);
            code = 2;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace(System.err);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static void header(String title) {
        System.out.println();
        System.out.println("== " + title + " " + "=".repeat(Math.max(0, 70 - title.length())));
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A body for a message: UTF-8, cut to 200 characters. */
    static String abbreviate(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    /**
     * Waits until the processes whose CPU time {@code cpuNanos} counts are nearly idle (under {@value
     * #SETTLED_CORES} cores over half a second), printing progress every 10 s; answers null once they are, or a
     * warning after {@code timeout}. A negative CPU time (unknown) counts as idle.
     */
    static String settle(LongSupplier cpuNanos, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + Duration.ofSeconds(10).toNanos();
        double cores = Double.NaN;
        while (System.nanoTime() < deadline) {
            long cpu0 = cpuNanos.getAsLong();
            long t0 = System.nanoTime();
            Thread.sleep(SETTLE_WINDOW.toMillis());
            cores = (cpuNanos.getAsLong() - cpu0) / (double) (System.nanoTime() - t0);
            if (cpu0 < 0 || cores < SETTLED_CORES) {
                return null;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                System.out.printf(Locale.ROOT, "  waiting for the server to settle: %.2f cores busy (requests that"
                        + " timed out may still run) ...%n", cores);
            }
        }
        return String.format(Locale.ROOT, "the server did not settle below %.2f cores within %d s (%.2f cores busy);"
                + " measuring anyway", SETTLED_CORES, timeout.toSeconds(), cores);
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("WARNING: cannot delete " + dir + ": " + e);
        }
    }

    /** Writes {@code result} as pretty JSON to {@code file}, atomically (a partial result survives a cut run). */
    static void writeResult(Path file, ObjectNode result) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(partial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Settings of a producer that fills {@code cluster-events} fast: idempotent, acks=all, large lz4 batches. */
    static Map<String, Object> bulkProducer(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** The value after option {@code args[i - 1]}. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A comma-separated list of integers >= 1, in the given order, without repeats. */
    static List<Integer> positiveInts(String option, String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int value = Math.toIntExact(positiveLong(option, part.trim()));
            if (values.contains(value)) {
                throw new IllegalArgumentException(option + " lists " + value + " twice");
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    /** A comma-separated list of query names of the mix, q1..q7. */
    static List<String> queryNames(String option, String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!name.matches("q[1-7]")) {
                throw new IllegalArgumentException(option + " takes names q1..q7, got '" + part + "'");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    static long positiveLong(String option, String text) {
        long value = parseLong(option, text);
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + text);
        }
        return value;
    }

    static double positiveDouble(String option, String text) {
        double value = nonNegativeDouble(option, text);
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be > 0, got " + text);
        }
        return value;
    }

    static double nonNegativeDouble(String option, String text) {
        try {
            double value = Double.parseDouble(text);
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number >= 0, got '" + text + "'");
        }
    }

    /** An integer, with {@code _} or {@code ,} allowed as digit separators. */
    static long parseLong(String option, String text) {
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + text + "'");
        }
    }

    /** Process CPU time and GC count/time, to see how many cores a phase used. */
    record Resources(long cpuNanos, long gcCount, long gcMillis) {
        static Resources now() {
            long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, bean.getCollectionCount());
                millis += Math.max(0, bean.getCollectionTime());
            }
            return new Resources(cpu, count, millis);
        }
    }

    /** The machine a benchmark runs on, printed with every report. */
    record Machine(int processors, long totalRamBytes, String cpuModel, long heapMaxBytes, String java,
                   String kafka, double loadAverage) {
        static Machine describe() {
            long ram = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getTotalMemorySize() : -1;
            String cpu = "unknown CPU";
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(cpu);
            } catch (IOException | UncheckedIOException e) {
                // not Linux: keep "unknown CPU"
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), ram, cpu, Runtime.getRuntime().maxMemory(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    kafkaVersion(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }

        private static String kafkaVersion() {
            Properties version = new Properties();
            try (var in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
                if (in != null) {
                    version.load(in);
                }
            } catch (IOException e) {
                // unknown version
            }
            return version.getProperty("version", "unknown");
        }

        ObjectNode toJson() {
            ObjectNode m = Json.NODES.objectNode();
            m.put("nproc", processors);
            m.put("total_ram_bytes", totalRamBytes);
            m.put("cpu_model", cpuModel);
            m.put("jvm_heap_max_bytes", heapMaxBytes);
            m.put("java", java);
            m.put("kafka", kafka);
            m.put("load_average_at_start", loadAverage);
            return m;
        }

        String describeLines() {
            return String.format(Locale.ROOT, "machine: nproc %d, RAM %.1f GiB, %s; JVM heap max (-Xmx) %.2f GiB, %s;"
                            + " Kafka %s; load average %.2f",
                    processors, totalRamBytes / (double) (1L << 30), cpuModel, heapMaxBytes / (double) (1L << 30),
                    java, kafka, loadAverage);
        }
    }
}
