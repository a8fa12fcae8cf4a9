package io.clusterindex.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM.
 * Its data lives in the given log dir and survives a restart on the same dir. The caller must hold a
 * {@link StateDirLock} on the state directory: two brokers on one log dir corrupt it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Object server;
    private final Path logDir;
    private final int port;
    private final Map<String, Object> adminSettings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Object server, Path logDir, int port, Map<String, Object> adminSettings) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.adminSettings = adminSettings;
    }

    /**
     * Formats {@code logDir} on first use, starts the broker and waits until it answers an admin request.
     *
     * @param logDir data directory of the broker; created if missing, reused as it is when already formatted
     * @param port   port of the client listener on {@code localhost}, or 0 for a free one
     * @throws KafkaException if the port is in use, or the broker does not come up within 60 seconds
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port) {
        return start(logDir, port, true, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with broker settings that replace or add to the built-in ones (for example a
     * benchmark that wants Kafka's default {@code group.initial.rebalance.delay.ms} of 3 s instead of 0).
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, Map<String, String> overrides) {
        return start(logDir, port, true, overrides);
    }

    /**
     * As {@link #start(Path, int, Map)}, for a broker whose client listener authenticates (SASL) and authorizes.
     * The listener keeps its name {@code PLAINTEXT}; {@code overrides} map it to a secured protocol
     * ({@code listener.security.protocol.map=PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT}) and set the SASL and
     * authorizer settings. {@code scramCredentials} ({@code SCRAM-SHA-512=[name=admin,password=...]}) are written
     * into the metadata when the log dir is formatted ({@code StorageTool --add-scram}): without them no client
     * could authenticate to create the first credential. The readiness check connects with
     * {@code adminSettings} ({@code security.protocol}, {@code sasl.*}), which should be a super user's.
     */
    public static EmbeddedKafkaBroker startSecured(Path logDir, int port, Map<String, String> overrides,
                                                   List<String> scramCredentials, Map<String, Object> adminSettings) {
        return start(logDir, port, true, overrides, scramCredentials, adminSettings);
    }

    static EmbeddedKafkaBroker start(Path logDir, int port, boolean checkPortFirst) {
        return start(logDir, port, checkPortFirst, Map.of());
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, boolean checkPortFirst,
                                             Map<String, String> overrides) {
        return start(logDir, port, checkPortFirst, overrides, List.of(), Map.of());
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, boolean checkPortFirst,
                                             Map<String, String> overrides, List<String> scramCredentials,
                                             Map<String, Object> adminSettings) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka broker port must be 0..65535 (got " + port + ")");
        }
        long started = System.nanoTime();
        Path dir = logDir.toAbsolutePath().normalize();
        int brokerPort = port == 0 ? LocalPorts.free() : port;
        if (checkPortFirst && !LocalPorts.isFree(brokerPort)) {
            throw portInUse(brokerPort, null);
        }
        int controllerPort = freePortOtherThan(brokerPort);
        createDirectories(dir);
        Map<String, String> props = properties(dir, brokerPort, controllerPort);
        props.putAll(overrides);
        String clusterId = Optional.ofNullable(existingClusterId(dir)).orElseGet(() -> Uuid.randomUuid().toString());
        LOG.debug("Kafka storage format: {}", KafkaServerReflection.format(props, clusterId, scramCredentials));
        Object server = KafkaServerReflection.newServer(props);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, brokerPort, Map.copyOf(adminSettings));
        try {
            KafkaServerReflection.call(server, "startup");
            broker.awaitReady(started + START_TIMEOUT.toNanos());
        } catch (RuntimeException e) {
            broker.closeAfterFailedStart(e);
            throw isBindFailure(e, brokerPort) ? portInUse(brokerPort, e) : e;
        }
        LOG.info("Embedded Kafka broker listening on {} (log dir {}, cluster id {}), started in {} ms",
                broker.bootstrapServers(), dir, clusterId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + port;
    }

    /** Port of the client listener. */
    public int port() {
        return port;
    }

    /** Data directory of the broker. */
    public Path logDir() {
        return logDir;
    }

    /** Shuts the broker down and waits until it has stopped. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        KafkaServerReflection.call(server, "shutdown");
        KafkaServerReflection.call(server, "awaitShutdown");
        LOG.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    static Map<String, String> properties(Path dir, int brokerPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + LocalPorts.HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + brokerPort
                + ",CONTROLLER://" + LocalPorts.HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("controller.quorum.election.timeout.ms", "200");
        // after a crash the controller waits out the previous incarnation's broker session before unfencing
        // the restarted broker; with one node there is nobody to fail over to, so keep that wait short
        props.put("broker.session.timeout.ms", "2000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("server.max.startup.time.ms", String.valueOf(START_TIMEOUT.toMillis()));
        return props;
    }

    private void awaitReady(long deadlineNanos) {
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(settings)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new KafkaException("embedded Kafka broker on " + bootstrapServers()
                            + " did not answer within " + START_TIMEOUT.toSeconds() + " s");
                }
                DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) remainingMs);
                if (!admin.describeCluster(options).nodes().get(remainingMs, TimeUnit.MILLISECONDS).isEmpty()) {
                    return;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("embedded Kafka broker on " + bootstrapServers() + " did not answer within "
                    + START_TIMEOUT.toSeconds() + " s: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private void closeAfterFailedStart(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static int freePortOtherThan(int port) {
        int candidate = LocalPorts.free();
        while (candidate == port) {
            candidate = LocalPorts.free();
        }
        return candidate;
    }

    private static String existingClusterId(Path dir) {
        Path meta = dir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return properties.getProperty("cluster.id");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log dir " + dir, e);
        }
    }

    private static boolean isBindFailure(Throwable e, int port) {
        boolean bindException = false;
        boolean mentionsPort = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            bindException |= t instanceof BindException;
            mentionsPort |= t.getMessage() != null && t.getMessage().contains(":" + port);
        }
        return bindException && mentionsPort;
    }

    private static KafkaException portInUse(int port, Throwable cause) {
        return new KafkaException("cannot start the embedded Kafka broker: port " + port + " on " + LocalPorts.HOST
                + " is already in use (another broker or program listens there). Stop it, choose another port,"
                + " or set KAFKA_BOOTSTRAP_SERVERS to use a running Kafka cluster instead.", cause);
    }
}
