package io.clusterindex.it;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The indexer ({@code io.clusterindex.app.Main}) running as a child JVM with the embedded broker inside, started with
 * the test's class path; its output goes to a log file. Only this handle's process is ever killed.
 */
final class IndexerProcess implements AutoCloseable {
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP API : http://localhost:(\\d+)");

    private final Process process;
    private final Path log;
    private int httpPort = -1;

    private IndexerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static IndexerProcess start(Path stateDir, int brokerPort, Path log, Map<String, String> extraEnv) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.clusterindex.app.Main"));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("APPLICATION_")
                || name.equals("TOPICS_DIR") || name.equals("DEV_API_KEY"));
        env.put("STATE_DIR", stateDir.toString());
        env.put("HTTP_PORT", "0");
        env.put("EMBEDDED_KAFKA_PORT", Integer.toString(brokerPort));
        env.putAll(extraEnv);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        try {
            return new IndexerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the indexer child process", e);
        }
    }

    /** The HTTP port the child printed (known once {@link #awaitReady} has returned). */
    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the child prints its HTTP port, then until {@code /health/ready} answers 200. */
    void awaitReady(HttpClient http, Duration timeout) {
        try {
            Awaitility.await("indexer child " + process.pid() + " ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("indexer child exited with " + process.exitValue()
                                    + "; log:\n" + tail());
                        }
                        if (httpPort < 0) {
                            Matcher m = HTTP_LINE.matcher(logText());
                            if (m.find()) {
                                httpPort = Integer.parseInt(m.group(1));
                            }
                        }
                        return httpPort > 0 && status(http, "/health/ready") == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("indexer child not ready within " + timeout + "; log:\n" + tail(), e);
        }
    }

    int status(HttpClient http, String path) {
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
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("indexer child " + process.pid() + " exited with " + process.exitValue()
                    + "; log:\n" + tail());
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("indexer child " + process.pid() + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    String tail() {
        String text = logText();
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private String logText() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
