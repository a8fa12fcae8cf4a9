package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.engine.Answer;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With {@code KAFKA_BOOTSTRAP_SERVERS} set the indexer starts no broker and works against the given cluster. */
@Tag("integration")
class ExternalKafkaIT {
    @Test
    void startsNoBrokerAndIndexesFromTheConfiguredCluster() throws Exception {
        Path root = Path.of("target", "it-external-" + UUID.randomUUID()).toAbsolutePath();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("broker"), 0)) {
            Path stateDir = root.resolve("indexer");
            Config config = Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0"));
            try (ClusterIndexApp app = ClusterIndexApp.start(config)) {
                assertThat(app.embeddedBroker()).isFalse();
                assertThat(app.bootstrapServers()).isEqualTo(broker.bootstrapServers());
                assertThat(stateDir.resolve("kafka")).doesNotExist();
                assertThat(config.devApiKey()).as("no development key against a real cluster").isEmpty();

                String event = "{\"event_id\":\"e1\",\"event_type\":\"cluster.created\",\"cluster_id\":\"c1\","
                        + "\"namespace_id\":\"ns_1\",\"organization_id\":\"org_1\",\"sequence\":1,"
                        + "\"occurred_at\":\"2026-11-28T10:00:00Z\",\"data\":{\"cluster_name\":\"n\","
                        + "\"input_collections\":[\"c\"],\"cluster_type\":\"vector\"}}";
                try (KafkaProducer<String, byte[]> producer = KafkaIO.producer(broker.bootstrapServers(), Map.of())) {
                    producer.send(new ProducerRecord<>("cluster-events", "c1", event.getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Answer<ObjectNode> found = app.queries().cluster("c1");
                    assertThat(found).isInstanceOf(Answer.Found.class);
                });
            }
            assertThat(stateDir.resolve("kafka")).as("no broker log dir after shutdown either").doesNotExist();
        }
    }
}
