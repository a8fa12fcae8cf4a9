package io.clusterindex.cli;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes one record (or tombstone) and waits for its acknowledgement: what the admin commands do. */
final class RecordPublisher {
    private RecordPublisher() {
    }

    /** @throws CommandFailure if Kafka does not acknowledge it in time */
    static RecordMetadata publish(KafkaOptions kafka, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(kafka.producer(), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new CommandFailure("cannot publish to " + topic + " on " + kafka.bootstrapServers + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while publishing to " + topic, e);
        }
    }
}
