package io.clusterindex.bench;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole application started in-process for a benchmark, as in production ({@code exactly_once_v2}, the
 * production {@code StreamsSettings}, {@code KAFKA_*} variables of the benchmark's environment applied): embedded
 * broker and HTTP server on free ports, a fresh {@code STATE_DIR}, the development key {@value QueryClient#API_KEY}.
 * Closing it stops the app, but gives up waiting after {@link #CLOSE_TIMEOUT} (a broker starved by GC may not
 * stop); a shutdown hook stops it on Ctrl-C.
 */
final class BenchApp implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);

    private final ClusterIndexApp app;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook;

    private BenchApp(ClusterIndexApp app, String name) {
        this.app = app;
        this.hook = new Thread(this::stop, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static BenchApp start(Path stateDir, String name) {
        return start(stateDir, name, 0);
    }

    /** Starts the app with its embedded broker on {@code brokerPort} (0: a free one), as a restart does. */
    static BenchApp start(Path stateDir, String name, int brokerPort) {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((variable, value) -> {
            if (variable.startsWith("KAFKA_") && !variable.equals("KAFKA_BOOTSTRAP_SERVERS")
                    || variable.equals("ROCKSDB_MEMORY_MB")) {
                env.put(variable, value);
            }
        });
        env.put("STATE_DIR", stateDir.toString());
        env.put("HTTP_PORT", "0");
        env.put("EMBEDDED_KAFKA_PORT", Integer.toString(brokerPort));
        env.put("DEV_API_KEY", QueryClient.API_KEY);
        return new BenchApp(ClusterIndexApp.start(Config.fromEnvironment(env)), name);
    }

    ClusterIndexApp app() {
        return app;
    }

    /** Polls {@code /health/ready} until it answers 200, for at most {@link #READY_TIMEOUT}. */
    void waitReady(QueryClient client) throws InterruptedException {
        waitReady(client, READY_TIMEOUT, () -> { });
    }

    /**
     * Polls {@code /health/ready} through {@code client} until it answers 200, for at most {@code timeout};
     * {@code check} runs before every poll and throws to give up early (a child process that exited).
     */
    static void waitReady(QueryClient client, Duration timeout, Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            check.run();
            try {
                QueryClient.Response response = client.send(new QueryClient.Request("GET", "/health/ready", null));
                if (response.status() == 200) {
                    return;
                }
                last = response.status() + " " + new String(response.body(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the app was not ready after " + timeout.toSeconds() + " s: " + last);
    }

    /** The port of the embedded broker ({@code bootstrapServers} is {@code localhost:<port>}). */
    int brokerPort() {
        String servers = app.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    private void stop() {
        if (closed.compareAndSet(false, true)) {
            app.close();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook stops the app
            return;
        }
        Thread closer = new Thread(this::stop, hook.getName().replace("-shutdown", "-close"));
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.out.println("WARNING: the app did not stop within " + CLOSE_TIMEOUT.toSeconds()
                    + " s; exiting anyway");
        }
    }
}
