package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ComposeKafkaImageTest {
    @Test
    void readsTheOfficialKafkaImageWithItsTagFromTheProjectsComposeFile() throws Exception {
        String image = ComposeKafkaImage.read();

        assertThat(image).matches("apache/kafka:4\\.\\d+\\.\\d+");
        assertThat(Files.readString(ComposeKafkaImage.COMPOSE_FILE)).contains("image: " + image + "\n");
    }

    @Test
    void picksTheKafkaServiceAmongOthersWhateverItIsCalled() throws Exception {
        String compose = """
                services:
                  prometheus:
                    image: prom/prometheus:v3.5.0
                  indexer:
                    image: cluster-index:local
                  broker:
                    image: apache/kafka:4.9.1
                  native:
                    image: apache/kafka-native:4.9.1
                """;

        assertThat(ComposeKafkaImage.of(compose)).isEqualTo("apache/kafka:4.9.1");
    }

    @Test
    void refusesAComposeFileWithoutAKafkaService() {
        String compose = """
                services:
                  indexer:
                    image: cluster-index:local
                """;

        assertThatThrownBy(() -> ComposeKafkaImage.of(compose)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("found 0");
    }

    @Test
    void refusesTwoKafkaServicesSinceItCannotTellWhichOneTheIndexersUse() {
        String compose = """
                services:
                  kafka-1:
                    image: apache/kafka:4.3.0
                  kafka-2:
                    image: apache/kafka:4.2.0
                """;

        assertThatThrownBy(() -> ComposeKafkaImage.of(compose)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("found 2").hasMessageContaining("apache/kafka:4.2.0");
    }

    @Test
    void refusesAnImageWithoutAPinnedTag() {
        for (String image : new String[] {"apache/kafka", "apache/kafka:", "apache/kafka:latest"}) {
            String compose = "services:\n  kafka:\n    image: \"" + image + "\"\n";

            assertThatThrownBy(() -> ComposeKafkaImage.of(compose)).as(image)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no pinned tag");
        }
    }
}
