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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.PicocliException;

/** What the benchmark mains share: running a main, report formatting, machine description, resource counters. */
final class BenchSupport {
    private static final Duration SETTLE_WINDOW = Duration.ofMillis(500);
    private static final double SETTLED_CORES = 0.5;
    /** Width of the usage help's option column: the longest option with its value fits ("--calibration-events E"). */
    private static final int USAGE_OPTION_COLUMN = 24;

    private BenchSupport() {
    }

    /** A benchmark's options: picocli-annotated fields and methods, resolved once the command line is parsed. */
    interface Options {
        /**
         * Settles what depends on more than one option (defaults of {@code --quick} that explicit options override,
         * checks across options) once {@code parsed} holds the command line.
         *
         * @throws IllegalArgumentException when the options do not fit together
         */
        void resolve(ParseResult parsed);
    }

    /** A benchmark's body, run by {@link #runMain}. */
    @FunctionalInterface
    interface Body<T> {
        void run(T options) throws Exception;
    }

    /**
     * Parses {@code args} into {@code options}: the picocli command line (an option given twice: the last one wins),
     * then {@link Options#resolve}.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, or options that do not fit
     */
    static <T extends Options> T parse(T options, String... args) {
        parseInto(options, args);
        return options;
    }

    /**
     * Parses {@code args} into {@code options} (once: picocli does not parse into the same object twice) and
     * resolves them, unless they ask for the usage help; answers whether they do.
     */
    private static boolean parseInto(Options options, String... args) {
        CommandLine commandLine = commandLine(options);
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                return true;
            }
            options.resolve(parsed);
            return false;
        } catch (PicocliException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether {@code args} ask for the usage help ({@code -h} or {@code --help}) of a fresh {@code options}. */
    static boolean helpRequested(Options options, String... args) {
        try {
            return parseInto(options, args);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The usage help of {@code options}' command, as {@code --help} prints it. */
    static String usage(Options options) {
        return commandLine(options).getUsageMessage();
    }

    /**
     * Runs a benchmark's main body with its parsed options and exits: status 0 (also after printing the usage for
     * {@code --help}), 2 after a usage error (printed with the usage), 1 after a failure (with its stack trace).
     */
    static <T extends Options> void runMain(T options, String[] args, Body<T> body) {
        int code;
        try {
            if (parseInto(options, args)) {
                System.out.print(usage(options));
            } else {
                body.run(options);
            }
            code = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(usage(options));
            code = 2;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace(System.err);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static CommandLine commandLine(Options options) {
        CommandLine commandLine = new CommandLine(options);
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setUsageHelpLongOptionsMaxWidth(USAGE_OPTION_COLUMN);
        return commandLine;
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
