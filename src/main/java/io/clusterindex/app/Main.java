package io.clusterindex.app;

import io.clusterindex.kafka.StateDirLockedException;
import io.clusterindex.kafka.TopicDefinitionException;
import java.util.concurrent.CountDownLatch;

/** Entry point: starts the indexer from environment variables and stops it on SIGTERM/SIGINT. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterIndexApp app;
        try {
            app = ClusterIndexApp.start(Config.fromEnvironment(System.getenv()), Main::exitOnFatalError);
        } catch (StateDirLockedException | TopicDefinitionException | IllegalArgumentException e) {
            System.err.println("cluster-index: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "cluster-index-shutdown"));
        printBanner(app);
        stopped.await();
    }

    private static void exitOnFatalError() {
        System.err.println("cluster-index: the stream processor stopped after an unrecoverable error; exiting");
        new Thread(() -> System.exit(1), "cluster-index-fatal-exit").start();
    }

    private static void printBanner(ClusterIndexApp app) {
        Config config = app.config();
        String base = "http://localhost:" + app.httpPort();
        System.out.println("cluster-index is up");
        System.out.println("  HTTP API : " + base + "  (ready: " + base + "/health/ready)");
        System.out.println("  Kafka    : " + (app.embeddedBroker()
                ? "embedded broker at " + app.bootstrapServers() + ", data in " + config.stateDir()
                : app.bootstrapServers()));
        System.out.println("  State    : " + config.stateDir());
        if (config.devApiKey().isPresent()) {
            System.out.println("  Try      : curl -s -X POST '" + base + "/v1/clusters/list?limit=10' -H 'Authorization: Bearer "
                    + config.devApiKey().get() + "' -H 'X-Namespace: default'");
        } else {
            System.out.println("  Try      : curl -s " + base + "/health/ready");
        }
    }
}
