package io.clusterindex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The indexer ({@code cluster-index serve}, {@code io.clusterindex.cli.ClusterIndexCommand}) in a child JVM with this JVM's class path, configured by its
 * environment as in production; its output goes to a log file. Only this handle's process is ever signalled, and a
 * shutdown hook sends it SIGTERM if this JVM exits first.
 *
 * <p>{@link #isolated} starts one for an integration test (none of this JVM's indexer settings, any free HTTP port,
 * SIGKILL on {@link #close}); {@link #instance} one instance of a deployment (this JVM's {@code KAFKA_*} settings
 * apply, SIGTERM on {@link #close} so that it commits and leaves the group, SIGKILL after {@link #STOP_TIMEOUT}).
 */
public final class IndexerProcess implements AutoCloseable {
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP API : http://localhost:(\\d+)");
    private static final Predicate<String> INDEXER_SETTING = name -> name.startsWith("KAFKA_")
            || name.startsWith("APPLICATION_") || name.equals("TOPICS_DIR") || name.equals("DEV_API_KEY");

    private final String name;
    private final Process process;
    private final Path stateDir;
    private final Path log;
    private final boolean gracefulClose;
    private final Thread hook;
    private int httpPort;

    private IndexerProcess(String name, Process process, Path stateDir, Path log, int httpPort,
                           boolean gracefulClose) {
        this.name = name;
        this.process = process;
        this.stateDir = stateDir;
        this.log = log;
        this.httpPort = httpPort;
        this.gracefulClose = gracefulClose;
        this.hook = new Thread(process::destroy, "stop-" + name + "-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * An indexer for an integration test: with {@code -Xmx512m}, none of this JVM's {@code KAFKA_*},
     * {@code APPLICATION_*}, {@code TOPICS_DIR} or {@code DEV_API_KEY} variables, any free HTTP port (known after
     * {@link #awaitReady}), its embedded broker on {@code brokerPort} (0: any) unless {@code extraEnv} sets
     * {@code KAFKA_BOOTSTRAP_SERVERS}, and {@code extraEnv}.
     */
    public static IndexerProcess isolated(Path stateDir, int brokerPort, Path log, Map<String, String> extraEnv) {
        return isolated(stateDir, brokerPort, log, extraEnv, List.of());
    }

    /** As {@link #isolated(Path, int, Path, Map)}, with command-line arguments (e.g. {@code serve --demo}). */
    public static IndexerProcess isolated(Path stateDir, int brokerPort, Path log, Map<String, String> extraEnv,
                                          List<String> args) {
        List<String> launch = new java.util.ArrayList<>(FROM_TEST_CLASS_PATH);
        launch.addAll(args);
        Map<String, String> env = new java.util.HashMap<>(Map.of("STATE_DIR", stateDir.toString(), "HTTP_PORT", "0",
                "EMBEDDED_KAFKA_PORT", Integer.toString(brokerPort)));
        env.putAll(extraEnv);
        return start("indexer", "512m", stateDir, log, -1, env, INDEXER_SETTING.negate(), false, launch);
    }

    /**
     * As {@link #isolated}, but run as the README runs it: {@code java -jar jar} with only the jar's own
     * {@code Class-Path} (its {@code lib/} folder), so that a library missing from the product shows.
     */
    public static IndexerProcess fromJar(Path jar, Path stateDir, Path log) {
        Map<String, String> env = Map.of("STATE_DIR", stateDir.toString(), "HTTP_PORT", "0", "EMBEDDED_KAFKA_PORT", "0");
        return start("indexer", "512m", stateDir, log, -1, env, INDEXER_SETTING.negate(), false,
                List.of("-jar", jar.toAbsolutePath().toString()));
    }

    private static final List<String> FROM_TEST_CLASS_PATH = List.of("-cp", System.getProperty("java.class.path"),
            "io.clusterindex.cli.ClusterIndexCommand");

    /**
     * One instance of a deployment against an existing broker, with production settings: its own
     * {@code STATE_DIR}, {@code HTTP_PORT} and {@code APPLICATION_SERVER} ({@code localhost:<port>}), the given
     * application id and development key, and this JVM's other environment variables ({@code KAFKA_*} settings
     * apply as in production).
     */
    public static IndexerProcess instance(String name, Path stateDir, int httpPort, String bootstrapServers,
                                          String applicationId, String devApiKey, String heap, Path log) {
        return instance(name, stateDir, httpPort, bootstrapServers, applicationId, devApiKey, heap, log, List.of());
    }

    /** As above, with JVM options (such as {@code -Xlog:gc:file=...}) before the class path. */
    public static IndexerProcess instance(String name, Path stateDir, int httpPort, String bootstrapServers,
                                          String applicationId, String devApiKey, String heap, Path log,
                                          List<String> jvmOptions) {
        List<String> launch = new java.util.ArrayList<>(jvmOptions);
        launch.addAll(FROM_TEST_CLASS_PATH);
        return start(name, heap, stateDir, log, httpPort,
                instanceEnvironment(stateDir, httpPort, bootstrapServers, applicationId, devApiKey), n -> true, true,
                launch);
    }

    /** The variables that make an instance distinct (running.md, "Several instances"), plus its app and key. */
    public static Map<String, String> instanceEnvironment(Path stateDir, int httpPort, String bootstrapServers,
                                                          String applicationId, String devApiKey) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "STATE_DIR", stateDir.toString(),
                "HTTP_PORT", Integer.toString(httpPort), "APPLICATION_SERVER", "localhost:" + httpPort,
                "APPLICATION_ID", applicationId, "DEV_API_KEY", devApiKey);
    }

    private static IndexerProcess start(String name, String heap, Path stateDir, Path log, int httpPort,
                                        Map<String, String> env, Predicate<String> inherited, boolean graceful,
                                        List<String> launch) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(inherited.negate());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        try {
            Files.createDirectories(stateDir);
            return new IndexerProcess(name, builder.start(), stateDir, log, httpPort, graceful);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the indexer child process " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** The HTTP port: the one it was given, or the one it printed (known once {@link #awaitReady} has returned). */
    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The static-membership id the instance keeps in its state directory (null until it has written it). */
    public String instanceId() {
        try {
            Path file = stateDir.resolve("instance-id");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** CPU time the process has used so far (user + system), or -1 when unknown. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Waits until the child has printed its HTTP port, then until {@code /health/ready} answers 200. */
    public void awaitReady(HttpClient http, Duration timeout) {
        try {
            Awaitility.await(name + " child " + process.pid() + " ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        requireAlive();
                        if (httpPort <= 0) {
                            Matcher m = HTTP_LINE.matcher(logText());
                            if (m.find()) {
                                httpPort = Integer.parseInt(m.group(1));
                            }
                        }
                        return httpPort > 0 && status(http, "/health/ready") == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " child not ready within " + timeout + "; log:\n" + tail()
                    + "\nits stream threads now:\n" + streamThreads(), e);
        }
    }

    /**
     * The stacks of the child's stream threads ({@code jcmd <pid> Thread.print}), to tell where a child that does not
     * become ready waits; the whole dump goes next to the log.
     */
    private String streamThreads() {
        Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "(jcmd did not answer within 30 s)";
            }
            StringBuilder stacks = new StringBuilder();
            boolean inStreamThread = false;
            for (String line : Files.readAllLines(dump, StandardCharsets.UTF_8)) {
                if (line.startsWith("\"")) {
                    inStreamThread = line.contains("StreamThread") || line.contains("GlobalStreamThread");
                }
                if (inStreamThread) {
                    stacks.append(line).append('\n');
                }
            }
            return stacks.length() == 0 ? "(none in " + dump + ")" : stacks + "(all threads: " + dump + ")";
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The status of a GET of {@code path}, or -1 when the child does not answer. */
    public int status(HttpClient http, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Throws (not an AssertionError, so that Awaitility stops at once) when the child has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " child (pid " + process.pid() + ") exited with "
                    + process.exitValue() + "; end of " + log + ":\n" + tail());
        }
    }

    /** Waits up to {@code timeout} for the child to exit by itself; its exit status, or -1 if it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        ChildProcesses.kill(process, name);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is exiting: the hook sends SIGTERM
        }
        if (!process.isAlive()) {
            return;
        }
        if (!gracefulClose) {
            kill();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println("WARNING: " + name + " did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM; killing it");
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the child's log. */
    public String tail() {
        String text = logText();
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private String logText() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }
}
