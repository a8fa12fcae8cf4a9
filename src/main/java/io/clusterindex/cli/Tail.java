package io.clusterindex.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints what a topic holds now (committed records only), from the beginning, then exits: {@code key -> value},
 * with headers for the dead-letter topic.
 *
 * <p>Usage: {@code java -cp 'target/cluster-index.jar:target/lib/*' io.clusterindex.cli.Tail clusters-view [bootstrap]}
 */
public final class Tail {
    private Tail() {
    }

    public static void main(String[] args) {
        String topic = args.length > 0 ? args[0] : "clusters-view";
        String bootstrap = args.length > 1 ? args[1] : Publish.envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(text(record.key()) + " -> " + text(record.value()) + headers(record));
                }
            }
        }
    }

    private static String headers(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder out = new StringBuilder();
        for (Header header : record.headers()) {
            out.append(out.length() == 0 ? "  [" : ", ").append(header.key()).append('=').append(text(header.value()));
        }
        return out.length() == 0 ? "" : out.append(']').toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
