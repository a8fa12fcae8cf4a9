package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.kafka.StateDirLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration errors that end {@code serve} with status 2 before anything starts. */
class ServeCommandTest {
    @Test
    void aBadVariableIsAConfigurationError(@TempDir Path dir) {
        Cli.Result result = Cli.run(Map.of("STATE_DIR", dir.toString(), "HTTP_PORT", "eighty"), new byte[0], "serve");

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("cluster-index: HTTP_PORT must be a port number 0..65535, got 'eighty'\n");
    }

    @Test
    void aStateDirInUseIsAConfigurationError(@TempDir Path dir) {
        StateDirLock held = StateDirLock.acquire(dir);
        try {
            Cli.Result result = Cli.run(Map.of("STATE_DIR", dir.toString()), new byte[0]);

            assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).startsWith("cluster-index: STATE_DIR ").contains("in use by another");
        } finally {
            held.close();
        }
    }

    @Test
    void aBadTopicFileIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path topics = Files.createDirectories(dir.resolve("topics"));
        Files.writeString(topics.resolve("clusters-view.json"), "{\"name\":\"clusters-view\",\"partitions\":0}");

        Cli.Result result = Cli.run(Map.of("STATE_DIR", dir.resolve("state").toString(), "TOPICS_DIR",
                topics.toString()), new byte[0], "serve", "--demo");

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("cluster-index: ").contains("clusters-view.json");
    }
}
