package io.clusterindex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The Kafka broker of {@code cluster-index broker} in a child JVM with this JVM's class path, so that a test can
 * SIGKILL it without touching the indexer. Its output goes to a log file; a shutdown hook sends it SIGTERM if this JVM
 * exits first, and {@link #close} kills it.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String UP_LINE = "cluster-index broker is up";

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread hook;

    private BrokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.hook = new Thread(process::destroy, "stop-broker-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code cluster-index broker --data-dir dataDir --port port} ({@code -Xmx256m}) and waits until it says
     * it is up; on a second start with the same directory the broker keeps its data.
     */
    public static BrokerProcess start(Path dataDir, int port, Path log, Duration timeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.clusterindex.cli.ClusterIndexCommand", "broker",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.equals("STATE_DIR"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        BrokerProcess broker;
        try {
            Files.createDirectories(dataDir);
            broker = new BrokerProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker child process", e);
        }
        try {
            Awaitility.await("broker child up on port " + port).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!broker.process.isAlive()) {
                            throw new IllegalStateException("broker child exited with " + broker.process.exitValue()
                                    + "; log:\n" + broker.logText());
                        }
                        return broker.logText().contains(UP_LINE);
                    });
        } catch (ConditionTimeoutException e) {
            broker.close();
            throw new IllegalStateException("broker child not up within " + timeout + "; log:\n" + broker.logText(), e);
        }
        return broker;
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        ChildProcesses.kill(process, "broker");
    }

    /** Stops it with SIGTERM (a clean broker shutdown), SIGKILL after 60 s. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is exiting: the hook sends SIGTERM
        }
        if (process.isAlive()) {
            kill();
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
