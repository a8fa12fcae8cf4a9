package io.clusterindex.it;

import java.util.Map;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline scenario against a containerised broker: the official {@code apache/kafka} image at the tag
 * {@code docker-compose.yml} runs, started by Testcontainers, with the indexer as a client of it
 * ({@code KAFKA_BOOTSTRAP_SERVERS}). Where no Docker engine answers, the class is skipped with Testcontainers' reason
 * ("disabledWithoutDocker is true and Docker is not available"), not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerPipelineIT extends PipelineScenario {
    /**
     * {@link KafkaContainer} runs one combined KRaft node and advertises {@code getBootstrapServers()} (the host and
     * the mapped port) to clients. Its defaults already include the transaction log settings that exactly-once needs
     * on one node; they are set here again, with the rest of the single-node settings of {@code docker-compose.yml},
     * since given any {@code KAFKA_*} variable the image starts from those alone, not from its own server.properties.
     */
    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(ComposeKafkaImage.read())
            .withEnv(Map.of(
                    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1",
                    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0",
                    "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"));

    @Override
    protected Map<String, String> kafkaEnvironment() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers());
    }
}
