package io.clusterindex.cli;

import io.clusterindex.app.Config;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.kafka.StateDirLock;
import io.clusterindex.kafka.StateDirLockedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code broker}: only the embedded Kafka broker, with the settings {@code serve} gives it, in a process of its own,
 * so that indexers run against it with {@code KAFKA_BOOTSTRAP_SERVERS} and either side can be killed alone. The data
 * directory has {@code serve}'s layout (the lock in it, the broker's log under {@code kafka/}), so a {@code STATE_DIR}
 * written by an embedded-mode {@code serve} can be served by {@code broker} and the other way round, never both at once.
 */
@Command(name = "broker", sortOptions = false,
        description = {"Runs only the embedded Kafka broker (single node, KRaft), with the settings serve gives it, "
                + "until Ctrl-C / SIGTERM. Point indexers at it with KAFKA_BOOTSTRAP_SERVERS=localhost:PORT.",
            "The data directory is locked like serve's STATE_DIR; the broker's log is DIR/kafka."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: STATE_DIR, else ./data); created if missing.")
    Path dataDir;
    @Option(names = "--port", paramLabel = "PORT", description = "Client listener on localhost (default: "
            + "EMBEDDED_KAFKA_PORT, else " + Config.DEFAULT_BROKER_PORT + "; 0: any free port).")
    Integer port;

    @Spec
    CommandSpec spec;
    @ParentCommand
    ClusterIndexCommand root;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        PrintWriter err = spec.commandLine().getErr();
        StateDirLock lock;
        int brokerPort;
        Path dir;
        try {
            Config config = Config.fromEnvironment(root.env);
            brokerPort = port != null ? port : config.embeddedBrokerPort();
            dir = (dataDir != null ? dataDir : config.stateDir()).toAbsolutePath().normalize();
            lock = StateDirLock.acquire(dir);
        } catch (StateDirLockedException | IllegalArgumentException e) {
            err.println("cluster-index: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), brokerPort);
        } catch (RuntimeException e) {
            lock.close();
            throw new CommandFailure(e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            lock.close();
            stopped.countDown();
        }, "cluster-index-broker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("cluster-index broker is up: KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers() + ", data in "
                + dir);
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
