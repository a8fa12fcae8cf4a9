package io.clusterindex.cli;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.app.KafkaAccessDeniedException;
import io.clusterindex.kafka.StateDirLockedException;
import io.clusterindex.kafka.TopicDefinitionException;
import io.clusterindex.topology.Topics;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the service, configured by the environment (running.md), until SIGTERM/SIGINT. A configuration
 * error (bad variable, locked state directory, bad topic file) exits with 2 before anything starts; Kafka refusing
 * the credentials or a permission at start, or a fatal stream error later, exits with 1.
 */
@Command(name = "serve", description = {"Runs the indexer: stream processor and HTTP API (and, when "
        + "KAFKA_BOOTSTRAP_SERVERS is unset, an embedded Kafka broker), configured by environment variables "
        + "(HTTP_PORT, STATE_DIR, KAFKA_BOOTSTRAP_SERVERS, ...: see the README). Stops on Ctrl-C / SIGTERM."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--demo", description = "Also keep a gentle stream of lifecycle events flowing into namespace "
            + DemoFeed.NAMESPACE_ID + " (name '" + DemoFeed.NAMESPACE_NAME + "', organization " + DemoFeed.ORGANIZATION
            + "), which the development key can read.")
    boolean demo;

    @ParentCommand
    ClusterIndexCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ClusterIndexApp app;
        try {
            app = ClusterIndexApp.start(Config.fromEnvironment(root.env), ServeCommand::exitOnFatalError);
        } catch (StateDirLockedException | TopicDefinitionException | IllegalArgumentException e) {
            err.println("cluster-index: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (KafkaAccessDeniedException e) {
            err.println("cluster-index: " + e.getMessage());
            err.flush();
            return ExitCodes.RUNTIME;
        }
        DemoFeed feed = null;
        if (demo) {
            try {
                feed = DemoFeed.start(clientProperties(app), Topics.defaults());
            } catch (RuntimeException e) {
                app.close();
                throw new CommandFailure("cannot start the demo feed: " + e.getMessage(), e);
            }
        }
        DemoFeed started = feed;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started != null) {
                started.close();
            }
            app.close();
            stopped.countDown();
        }, "cluster-index-shutdown"));
        Banner.print(spec.commandLine().getOut(), app, demo);
        stopped.await();
        return ExitCodes.OK;
    }

    private static Map<String, Object> clientProperties(ClusterIndexApp app) {
        Map<String, Object> props = new HashMap<>(app.config().kafkaOverrides());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        return props;
    }

    private static void exitOnFatalError() {
        System.err.println("cluster-index: the stream processor stopped after an unrecoverable error; exiting");
        new Thread(() -> System.exit(ExitCodes.RUNTIME), "cluster-index-fatal-exit").start();
    }
}
