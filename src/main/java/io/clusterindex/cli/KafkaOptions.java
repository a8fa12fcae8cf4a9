package io.clusterindex.cli;

import io.clusterindex.app.Config;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * Where Kafka is, shared by the commands that talk to it. Other {@code KAFKA_*} variables pass to the clients as
 * they do for the service ({@code KAFKA_SECURITY_PROTOCOL} becomes {@code security.protocol}). The clients give up
 * after {@link #TIMEOUT_MS}, so that an unreachable broker is an error, not a hang.
 */
final class KafkaOptions {
    static final int TIMEOUT_MS = 10_000;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka to use (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092; now ${DEFAULT-VALUE})")
    String bootstrapServers;

    /** An idempotent producer that waits for every in-sync replica. */
    Map<String, Object> producer() {
        Map<String, Object> props = common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3 * TIMEOUT_MS);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    /** A consumer of committed records only, without a group. */
    Map<String, Object> consumer() {
        Map<String, Object> props = common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        return props;
    }

    private Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.putAll(Config.kafkaOverrides(System.getenv()));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }
}
