package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.kafka.StateDirLock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures that end {@code broker} before a broker starts (it running is {@code BrokerFaultIT}'s part). */
class BrokerCommandTest {
    @Test
    void aDataDirInUseIsAConfigurationError(@TempDir Path dir) {
        StateDirLock held = StateDirLock.acquire(dir);
        try {
            Cli.Result result = Cli.run("broker", "--data-dir", dir.toString(), "--port", "0");

            assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).startsWith("cluster-index: STATE_DIR ").contains("in use by another");
        } finally {
            held.close();
        }
    }

    @Test
    void theStateDirVariableIsTheDefaultDataDir(@TempDir Path dir) {
        StateDirLock held = StateDirLock.acquire(dir);
        try {
            Cli.Result result = Cli.run(Map.of("STATE_DIR", dir.toString()), new byte[0], "broker", "--port", "0");

            assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains(dir.toAbsolutePath().normalize() + " is in use by another");
        } finally {
            held.close();
        }
    }

    @Test
    void aBadPortVariableIsAConfigurationError(@TempDir Path dir) {
        Cli.Result result = Cli.run(Map.of("STATE_DIR", dir.toString(), "EMBEDDED_KAFKA_PORT", "kafka"), new byte[0],
                "broker");

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("cluster-index: EMBEDDED_KAFKA_PORT ");
    }

    @Test
    void aPortInUseIsARuntimeFailureThatReleasesTheDataDir(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));

            Cli.Result result = Cli.run("broker", "--data-dir", dir.toString(), "--port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(result.status()).isEqualTo(ExitCodes.RUNTIME);
            assertThat(result.err()).startsWith("cluster-index: cannot start the embedded Kafka broker: port "
                    + taken.getLocalPort());
        }
        StateDirLock.acquire(dir).close();
    }
}
