package io.clusterindex.app;

import io.clusterindex.http.StatsStreamSettings;
import io.clusterindex.metrics.IndexerMetrics;
import io.clusterindex.query.Admission;
import io.clusterindex.topology.BoundedRocksDbMemory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The indexer's settings, read from the environment (running.md). Any other {@code KAFKA_*} variable passes through
 * to the Kafka clients: {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}
 * (the launcher variables {@code KAFKA_*_OPTS}, such as {@code KAFKA_HEAP_OPTS}, are not client settings).
 * {@code INTERNAL_TOKEN}, when set, is the credential instances use among themselves instead of the one they share
 * through the {@code cluster-index-internal} topic. The {@code STATS_STREAM_*} variables are read from the same map
 * ({@link StatsStreamSettings#fromEnvironment}), so that whoever builds a {@code Config} from a map sets them too.
 */
public record Config(
        Optional<String> bootstrapServers,
        int httpPort,
        Path stateDir,
        Optional<String> explicitApplicationServer,
        Optional<String> devApiKey,
        Optional<Path> topicsDir,
        String applicationId,
        int embeddedBrokerPort,
        Map<String, String> kafkaOverrides,
        Optional<String> internalToken,
        long standbyMaxLag,
        int metricsMaxNamespaces,
        StatsStreamSettings statsStreams,
        Admission listAdmission,
        long rocksDbMemoryBytes) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_BROKER_PORT = 9092;
    /** {@code STANDBY_MAX_LAG}: changelog records a standby or restoring copy may trail by and still answer. */
    public static final long DEFAULT_STANDBY_MAX_LAG = 10_000;
    /** {@code ROCKSDB_MEMORY_MB}: block cache plus memtables of all this process's RocksDB stores. */
    public static final long DEFAULT_ROCKSDB_MEMORY_MB = BoundedRocksDbMemory.DEFAULT_TOTAL_BYTES / (1024 * 1024);

    public static Config fromEnvironment(Map<String, String> env) {
        Optional<String> bootstrap = nonBlank(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        int httpPort = port(env, "HTTP_PORT", DEFAULT_HTTP_PORT);
        Optional<String> appServer = nonBlank(env.get("APPLICATION_SERVER"));
        Optional<String> devKey = nonBlank(env.get("DEV_API_KEY"));
        if (devKey.isEmpty() && bootstrap.isEmpty()) {
            devKey = Optional.of("sk_dev_local");
        }
        return new Config(bootstrap, httpPort,
                Path.of(nonBlank(env.get("STATE_DIR")).orElse("./data")).toAbsolutePath().normalize(),
                appServer, devKey, nonBlank(env.get("TOPICS_DIR")).map(Path::of),
                nonBlank(env.get("APPLICATION_ID")).orElse("cluster-index"),
                port(env, "EMBEDDED_KAFKA_PORT", DEFAULT_BROKER_PORT), kafkaOverrides(env),
                nonBlank(env.get("INTERNAL_TOKEN")), standbyMaxLag(env), metricsMaxNamespaces(env),
                StatsStreamSettings.fromEnvironment(env), listAdmission(env), rocksDbMemoryBytes(env));
    }

    /** The Kafka client settings of the {@code KAFKA_*} variables, except the bootstrap servers and launcher options. */
    public static Map<String, String> kafkaOverrides(Map<String, String> env) {
        Map<String, String> overrides = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.equals("KAFKA_BOOTSTRAP_SERVERS") && !name.endsWith("_OPTS")) {
                overrides.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return Map.copyOf(overrides);
    }

    /** {@code host:port} under which other instances reach this one: as configured, else this host's HTTP port. */
    public String applicationServer() {
        return explicitApplicationServer.orElse("localhost:" + httpPort);
    }

    public boolean embeddedBroker() {
        return bootstrapServers.isEmpty();
    }

    public Config withHttpPort(int port) {
        return new Config(bootstrapServers, port, stateDir, explicitApplicationServer, devApiKey, topicsDir,
                applicationId, embeddedBrokerPort, kafkaOverrides, internalToken, standbyMaxLag, metricsMaxNamespaces,
                statsStreams, listAdmission, rocksDbMemoryBytes);
    }

    private static long standbyMaxLag(Map<String, String> env) {
        return atLeastZero(env, "STANDBY_MAX_LAG", DEFAULT_STANDBY_MAX_LAG, "records", Long.MAX_VALUE);
    }

    /** {@code METRICS_MAX_NAMESPACES}: namespaces with a series of their own in the clusters-per-namespace gauge. */
    private static int metricsMaxNamespaces(Map<String, String> env) {
        return (int) atLeastZero(env, "METRICS_MAX_NAMESPACES", IndexerMetrics.DEFAULT_MAX_NAMESPACES, "namespaces",
                Integer.MAX_VALUE);
    }

    /**
     * {@code LIST_QUERY_CONCURRENCY}: list queries evaluated at once on this instance; {@code LIST_QUERY_QUEUE}: how
     * many more may wait for a turn; {@code LIST_QUERY_WAIT_MS}: how long one waits before it is refused (429).
     */
    private static Admission listAdmission(Map<String, String> env) {
        long count = atLeastZero(env, "LIST_QUERY_CONCURRENCY", Admission.DEFAULT_CONCURRENCY, "queries",
                Integer.MAX_VALUE);
        if (count == 0) {
            throw new IllegalArgumentException("LIST_QUERY_CONCURRENCY must be at least 1, got '"
                    + env.get("LIST_QUERY_CONCURRENCY") + "'");
        }
        long queue = atLeastZero(env, "LIST_QUERY_QUEUE", Admission.DEFAULT_QUEUE, "queries", Integer.MAX_VALUE);
        long wait = atLeastZero(env, "LIST_QUERY_WAIT_MS", Admission.DEFAULT_WAIT.toMillis(), "milliseconds",
                Integer.MAX_VALUE);
        return new Admission((int) count, (int) queue, Duration.ofMillis(wait));
    }

    private static long rocksDbMemoryBytes(Map<String, String> env) {
        long megabytes = atLeastZero(env, "ROCKSDB_MEMORY_MB", DEFAULT_ROCKSDB_MEMORY_MB, "megabytes", 1L << 40);
        if (megabytes == 0) {
            throw new IllegalArgumentException("ROCKSDB_MEMORY_MB must be at least 1, got '"
                    + env.get("ROCKSDB_MEMORY_MB") + "'");
        }
        return megabytes * 1024 * 1024;
    }

    private static long atLeastZero(Map<String, String> env, String name, long fallback, String what, long max) {
        Optional<String> value = nonBlank(env.get(name));
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.get().trim());
            if (number < 0 || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of " + what + " >= 0, got '" + value.get()
                    + "'");
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        Optional<String> value = nonBlank(env.get(name));
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.get().trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number 0..65535, got '" + value.get() + "'");
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
