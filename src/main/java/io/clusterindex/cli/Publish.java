package io.clusterindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records by hand: one JSON value per line on standard input, keyed by its {@code cluster_id} (or the
 * field named by {@code --key-field}, or the literal {@code --key}); a line whose key field cannot be read is sent
 * with a null key (and, on {@code cluster-events}, dead-lettered). {@code --tombstone KEY} sends one null value.
 * Prints the partition and offset of each acknowledged record.
 *
 * <p>Usage: {@code java -cp 'target/cluster-index.jar:target/lib/*' io.clusterindex.cli.Publish [bootstrap] [topic]
 * [--key-field F | --key K | --tombstone K]}
 */
public final class Publish {
    private Publish() {
    }

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        String keyField = "cluster_id";
        String fixedKey = null;
        String tombstone = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--key-field" -> keyField = args[++i];
                case "--key" -> fixedKey = args[++i];
                case "--tombstone" -> tombstone = args[++i];
                default -> positional.add(args[i]);
            }
        }
        String bootstrap = positional.size() > 0 ? positional.get(0) : envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String topic = positional.size() > 1 ? positional.get(1) : "cluster-events";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            if (tombstone != null) {
                sent += send(producer, new ProducerRecord<>(topic, tombstone, null)) ? 1 : 0;
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        String key = fixedKey != null ? fixedKey : field(line, keyField);
                        sent += send(producer, new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)))
                                ? 1 : 0;
                    }
                }
            }
        }
        System.err.println(sent + " record(s) published to " + topic + " on " + bootstrap);
    }

    private static boolean send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            RecordMetadata ack = producer.send(record).get();
            System.out.println("sent " + record.key() + (record.value() == null ? " (tombstone)" : "") + " -> "
                    + ack.topic() + " partition " + ack.partition() + " offset " + ack.offset());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("failed to send " + record.key() + ": " + e.getCause().getMessage());
            return false;
        }
    }

    private static String field(String line, String name) {
        try {
            JsonNode id = Json.MAPPER.readTree(line).get(name);
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
