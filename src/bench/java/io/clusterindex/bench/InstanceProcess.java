package io.clusterindex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One indexer instance ({@code io.clusterindex.app.Main}, production settings) in a child JVM with this JVM's class
 * path, against an existing broker; its output goes to a log file. {@link #close()} sends SIGTERM (the app commits
 * and leaves the group), and SIGKILL only if it has not exited after {@link #STOP_TIMEOUT}; a shutdown hook sends
 * SIGTERM if this JVM exits first (Ctrl-C). Only this handle's process is ever signalled.
 */
final class InstanceProcess implements AutoCloseable {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path stateDir;
    private final Path log;
    private final int httpPort;
    private final Thread hook;

    private InstanceProcess(String name, Process process, Path stateDir, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.stateDir = stateDir;
        this.log = log;
        this.httpPort = httpPort;
        this.hook = new Thread(process::destroy, "stop-" + name + "-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code name} with its own {@code STATE_DIR}, {@code HTTP_PORT} and {@code APPLICATION_SERVER}
     * ({@code localhost:<port>}), the given {@code KAFKA_BOOTSTRAP_SERVERS} and {@code APPLICATION_ID}, the
     * development key, and this process's other environment variables ({@code KAFKA_*} settings apply as in
     * production).
     */
    static InstanceProcess start(String name, Path stateDir, int httpPort, String bootstrapServers,
                                 String applicationId, String heap, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), "io.clusterindex.app.Main"));
        builder.environment().putAll(environment(stateDir, httpPort, bootstrapServers, applicationId));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        try {
            Files.createDirectories(stateDir);
            return new InstanceProcess(name, builder.start(), stateDir, log, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start instance " + name, e);
        }
    }

    /** The variables that make an instance distinct (running.md, "Several instances"), plus its app and key. */
    static Map<String, String> environment(Path stateDir, int httpPort, String bootstrapServers, String applicationId) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "STATE_DIR", stateDir.toString(),
                "HTTP_PORT", Integer.toString(httpPort), "APPLICATION_SERVER", "localhost:" + httpPort,
                "APPLICATION_ID", applicationId, "DEV_API_KEY", QueryClient.API_KEY);
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** The static-membership id the instance keeps in its state directory (null until it has written it). */
    String instanceId() {
        try {
            Path file = stateDir.resolve("instance-id");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** CPU time the process has used so far (user + system), or -1 when unknown. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Throws when the process has exited, with the end of its log. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("instance " + name + " (pid " + process.pid() + ") exited with "
                    + process.exitValue() + "; end of " + log + ":\n" + tail());
        }
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
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println("WARNING: instance " + name + " did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM; killing it");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }
}
