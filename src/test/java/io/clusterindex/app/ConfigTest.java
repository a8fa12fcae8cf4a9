package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.http.StatsStreamSettings;
import io.clusterindex.query.Admission;
import io.clusterindex.topology.BoundedRocksDbMemory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {
    @Test
    void defaultsToTheEmbeddedBrokerWithTheDevelopmentKey() {
        Config config = Config.fromEnvironment(Map.of());

        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.embeddedBrokerPort()).isEqualTo(9092);
        assertThat(config.stateDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(config.applicationServer()).isEqualTo("localhost:8080");
        assertThat(config.devApiKey()).contains("sk_dev_local");
        assertThat(config.applicationId()).isEqualTo("cluster-index");
        assertThat(config.standbyMaxLag()).isEqualTo(10_000);
        assertThat(config.metricsMaxNamespaces()).isEqualTo(100);
        assertThat(config.statsStreams()).isEqualTo(StatsStreamSettings.DEFAULTS);
    }

    @Test
    void theStatsStreamLimitsComeFromTheSameVariablesAsEverySetting() {
        Config config = Config.fromEnvironment(Map.of("STATS_STREAM_MAX_OPEN", "1", "STATS_STREAM_HEARTBEAT_MS",
                "250"));

        assertThat(config.statsStreams()).isEqualTo(new StatsStreamSettings(
                StatsStreamSettings.DEFAULTS.maxEventsPerSecond(), Duration.ofMillis(250), 1,
                StatsStreamSettings.DEFAULTS.writeTimeout()));
        assertThat(config.withHttpPort(0).statsStreams()).isEqualTo(config.statsStreams());
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STATS_STREAM_MAX_OPEN", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STATS_STREAM_MAX_OPEN");
    }

    @Test
    void theLagAStandbyMayAnswerWithIsANumberOfRecords() {
        assertThat(Config.fromEnvironment(Map.of("STANDBY_MAX_LAG", " 250 ")).standbyMaxLag()).isEqualTo(250);
        assertThat(Config.fromEnvironment(Map.of("STANDBY_MAX_LAG", "0")).standbyMaxLag()).isZero();
        for (String bad : new String[] {"-1", "ten", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STANDBY_MAX_LAG", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STANDBY_MAX_LAG").hasMessageContaining(bad);
        }
    }

    @Test
    void theNamespacesWithASeriesOfTheirOwnAreANumberFromZero() {
        assertThat(Config.fromEnvironment(Map.of("METRICS_MAX_NAMESPACES", " 20 ")).metricsMaxNamespaces())
                .isEqualTo(20);
        assertThat(Config.fromEnvironment(Map.of("METRICS_MAX_NAMESPACES", "0")).metricsMaxNamespaces()).isZero();
        for (String bad : new String[] {"-1", "all", "2.5", "99999999999"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of("METRICS_MAX_NAMESPACES", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("METRICS_MAX_NAMESPACES").hasMessageContaining(bad);
        }
    }

    @Test
    void listQueriesLeaveOneCoreToPointReadsAndQueueSixtyFourForTenSecondsUnlessConfigured() {
        assertThat(Config.fromEnvironment(Map.of()).listAdmission()).isEqualTo(new Admission(
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 64, Duration.ofSeconds(10)));
        assertThat(Config.fromEnvironment(Map.of("LIST_QUERY_CONCURRENCY", "6", "LIST_QUERY_QUEUE", "0",
                "LIST_QUERY_WAIT_MS", "250")).listAdmission()).isEqualTo(new Admission(6, 0, Duration.ofMillis(250)));
        for (String bad : new String[] {"0", "-1", "many", "99999999999"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of("LIST_QUERY_CONCURRENCY", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("LIST_QUERY_CONCURRENCY").hasMessageContaining(bad);
        }
        for (String name : new String[] {"LIST_QUERY_QUEUE", "LIST_QUERY_WAIT_MS"}) {
            for (String bad : new String[] {"-1", "many", "1.5", "99999999999"}) {
                assertThatThrownBy(() -> Config.fromEnvironment(Map.of(name, bad)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(name).hasMessageContaining(bad);
            }
        }
    }

    @Test
    void rocksDbMemoryIsBoundedToTheConfiguredMegabytesForEveryStore() {
        Config defaults = Config.fromEnvironment(Map.of());
        assertThat(defaults.rocksDbMemoryBytes()).isEqualTo(128L * 1024 * 1024);
        Properties props = StreamsSettings.of(Config.fromEnvironment(Map.of("ROCKSDB_MEMORY_MB", "300")), "k:9092", "i");
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(props.get(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG)).isEqualTo(Long.toString(300L * 1024 * 1024));
        for (String bad : new String[] {"0", "-1", "1g", "2.5"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of("ROCKSDB_MEMORY_MB", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ROCKSDB_MEMORY_MB").hasMessageContaining(bad);
        }
    }

    @Test
    void everyStoreHasOneStandbyReplicaUnlessOverridden() {
        Config config = Config.fromEnvironment(Map.of());
        assertThat(StreamsSettings.of(config, "k:9092", "i").get("num.standby.replicas")).isEqualTo(1);
        Config none = Config.fromEnvironment(Map.of("KAFKA_NUM_STANDBY_REPLICAS", "0"));
        assertThat(StreamsSettings.of(none, "k:9092", "i").get("num.standby.replicas")).isEqualTo("0");
    }

    @Test
    void anExternalClusterGetsNoDevelopmentKeyUnlessOneIsSet() {
        assertThat(Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092")).devApiKey()).isEmpty();
        assertThat(Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092", "DEV_API_KEY", "sk_x"))
                .devApiKey()).contains("sk_x");
    }

    @Test
    void blankValuesCountAsUnset() {
        Config config = Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "  ", "HTTP_PORT", "",
                "APPLICATION_SERVER", " "));

        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.applicationServer()).isEqualTo("localhost:8080");
    }

    @Test
    void passesOtherKafkaVariablesToTheClientsButNotLauncherOptions() {
        Config config = Config.fromEnvironment(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_BOOTSTRAP_SERVERS", "k1:9092"));

        assertThat(config.kafkaOverrides()).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "65536", "80.5", "99999999999"})
    void refusesAPortThatIsNotOne(String port) {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("HTTP_PORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP_PORT").hasMessageContaining(port);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("EMBEDDED_KAFKA_PORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMBEDDED_KAFKA_PORT");
    }

    @Test
    void anExplicitApplicationServerWinsOverTheHttpPort() {
        Config config = Config.fromEnvironment(Map.of("HTTP_PORT", "9000", "APPLICATION_SERVER", "host-a:9000"));

        assertThat(config.withHttpPort(9001).applicationServer()).isEqualTo("host-a:9000");
        assertThat(Config.fromEnvironment(Map.of("HTTP_PORT", "9000")).withHttpPort(9001).applicationServer())
                .isEqualTo("localhost:9001");
    }
}
