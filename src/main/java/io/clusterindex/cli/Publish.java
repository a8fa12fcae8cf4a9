package io.clusterindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes lifecycle events by hand: one JSON event per line on standard input, keyed by its {@code cluster_id}
 * (a line whose cluster_id cannot be read is sent with a null key, and will be dead-lettered). Prints the
 * partition and offset of each acknowledged event.
 *
 * <p>Usage: {@code java -cp 'target/cluster-index.jar:target/lib/*' io.clusterindex.cli.Publish [bootstrap] [topic]}
 */
public final class Publish {
    private Publish() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = args.length > 0 ? args[0] : envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String topic = args.length > 1 ? args[1] : "cluster-events";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String key = clusterId(line);
                try {
                    RecordMetadata ack = producer.send(
                            new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8))).get();
                    System.out.println("sent " + key + " -> " + ack.topic() + " partition " + ack.partition()
                            + " offset " + ack.offset());
                    sent++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.println("failed to send " + key + ": " + e.getCause().getMessage());
                }
            }
        }
        System.err.println(sent + " event(s) published to " + topic + " on " + bootstrap);
    }

    private static String clusterId(String line) {
        try {
            JsonNode id = Json.MAPPER.readTree(line).get("cluster_id");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
