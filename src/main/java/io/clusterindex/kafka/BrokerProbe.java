package io.clusterindex.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, for {@code /health/ready}: an Admin {@code describeCluster} with a short
 * time-out on a daemon thread of its own, so that a request never waits for Kafka. The answer turns
 * {@link Reachability#UNREACHABLE} after {@value #FAILURES_TO_UNREACHABLE} failed probes in a row (one slow answer on
 * a loaded machine is not an outage) and {@link Reachability#REACHABLE} at the first probe that succeeds.
 */
public final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    static final int FAILURES_TO_UNREACHABLE = 2;

    /** What the last probes found. */
    public enum Reachability {
        REACHABLE, UNREACHABLE
    }

    /** One probe: true when the cluster answered within {@code timeout}. */
    @FunctionalInterface
    interface Check {
        boolean answers(Duration timeout) throws InterruptedException;
    }

    private final Check check;
    private final Duration timeout;
    private final AutoCloseable resource;
    private final ScheduledExecutorService timer = DaemonTimers.single("kafka-broker-probe");
    private volatile Reachability reachability = Reachability.REACHABLE;
    private int failuresInARow;

    BrokerProbe(Check check, Duration timeout, AutoCloseable resource) {
        this.check = check;
        this.timeout = timeout;
        this.resource = resource;
    }

    /**
     * Probes the cluster at {@code adminProperties}' bootstrap servers every {@code interval}, each probe allowed
     * {@code timeout}; {@link Reachability#REACHABLE} until probes fail (the caller has just talked to it).
     */
    public static BrokerProbe start(Map<String, Object> adminProperties, Duration interval, Duration timeout) {
        Map<String, Object> props = new HashMap<>(adminProperties);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, (int) interval.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Admin admin = Admin.create(props);
        BrokerProbe probe = new BrokerProbe(t -> describes(admin, t), timeout, admin);
        probe.timer.scheduleWithFixedDelay(probe::probeOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return probe;
    }

    /** What the last probes found. */
    public Reachability reachability() {
        return reachability;
    }

    /** One probe, and the state it leads to. */
    Reachability probeOnce() {
        boolean answered;
        try {
            answered = check.answers(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reachability;
        } catch (RuntimeException e) {
            answered = false;
        }
        failuresInARow = answered ? 0 : failuresInARow + 1;
        Reachability next = answered ? Reachability.REACHABLE
                : failuresInARow >= FAILURES_TO_UNREACHABLE ? Reachability.UNREACHABLE : reachability;
        if (next != reachability) {
            LOG.warn("Kafka cluster {}", next == Reachability.REACHABLE ? "answers again"
                    : "does not answer (" + failuresInARow + " probes of " + timeout.toMillis() + " ms failed)");
        }
        reachability = next;
        return next;
    }

    private static boolean describes(Admin admin, Duration timeout) throws InterruptedException {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return false;
        }
    }

    /** Stops probing and closes the Admin client. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("closing the broker probe's Admin client failed", e);
        }
    }
}
