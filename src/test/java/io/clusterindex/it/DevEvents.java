package io.clusterindex.it;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Hand-written events of the development tenant ({@code org_dev}, {@code ns_dev}, named {@code default}). */
final class DevEvents {
    static final String KEY = "sk_dev_local";

    private DevEvents() {
    }

    /** Publishes one event keyed by its cluster and waits for the broker's acknowledgement. */
    static void publish(KafkaProducer<String, byte[]> producer, String clusterId, int sequence, String type,
                        String data) throws Exception {
        publish(producer, "org_dev", "ns_dev", clusterId, sequence, type, data);
    }

    /** As {@link #publish(KafkaProducer, String, int, String, String)}, of another tenant. */
    static void publish(KafkaProducer<String, byte[]> producer, String organization, String namespace,
                        String clusterId, int sequence, String type, String data) throws Exception {
        String event = "{\"event_id\":\"evt_" + clusterId + "_" + sequence + "\",\"event_type\":\""
                + type + "\",\"cluster_id\":\"" + clusterId + "\",\"namespace_id\":\"" + namespace
                + "\",\"organization_id\":\"" + organization + "\",\"sequence\":" + sequence
                + ",\"occurred_at\":\"2026-12-03T10:00:" + (10 + sequence) + "Z\",\"data\":" + data + "}";
        producer.send(new ProducerRecord<>(KafkaIO.EVENTS, clusterId, event.getBytes(StandardCharsets.UTF_8))).get();
    }

    static void create(KafkaProducer<String, byte[]> producer, String clusterId, String name) throws Exception {
        create(producer, "org_dev", "ns_dev", clusterId, name);
    }

    /** A {@code cluster.created} (sequence 1) of {@code clusterId} named {@code name} in the given tenant. */
    static void create(KafkaProducer<String, byte[]> producer, String organization, String namespace,
                       String clusterId, String name) throws Exception {
        publish(producer, organization, namespace, clusterId, 1, "cluster.created", "{\"cluster_name\":\"" + name
                + "\",\"input_collections\":[\"col_1\"],\"cluster_type\":\"vector\",\"metadata\":{\"team\":\"search\"}}");
    }
}
