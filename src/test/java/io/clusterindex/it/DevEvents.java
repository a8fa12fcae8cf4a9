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
        String event = "{\"event_id\":\"evt_" + clusterId + "_" + sequence + "\",\"event_type\":\"" + type
                + "\",\"cluster_id\":\"" + clusterId + "\",\"namespace_id\":\"ns_dev\",\"organization_id\":\"org_dev\","
                + "\"sequence\":" + sequence + ",\"occurred_at\":\"2026-12-03T10:00:" + (10 + sequence) + "Z\","
                + "\"data\":" + data + "}";
        producer.send(new ProducerRecord<>(KafkaIO.EVENTS, clusterId, event.getBytes(StandardCharsets.UTF_8))).get();
    }

    static void create(KafkaProducer<String, byte[]> producer, String clusterId, String name) throws Exception {
        publish(producer, clusterId, 1, "cluster.created", "{\"cluster_name\":\"" + name + "\","
                + "\"input_collections\":[\"col_1\"],\"cluster_type\":\"vector\",\"metadata\":{\"team\":\"search\"}}");
    }
}
