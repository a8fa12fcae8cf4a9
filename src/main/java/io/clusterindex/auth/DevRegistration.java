package io.clusterindex.auth;

import io.clusterindex.topology.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Registers the development key and namespace through the normal topics (no side door): organization
 * {@value #ORGANIZATION}, namespace {@value #NAMESPACE_ID} named {@value #NAMESPACE_NAME}.
 */
public final class DevRegistration {
    public static final String ORGANIZATION = "org_dev";
    public static final String NAMESPACE_ID = "ns_dev";
    public static final String NAMESPACE_NAME = "default";

    private DevRegistration() {
    }

    public static void register(Map<String, Object> clientProps, Topics topics, String devApiKey) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            byte[] namespace = TenancyRecords.namespace(NAMESPACE_ID, NAMESPACE_NAME, ORGANIZATION);
            byte[] key = TenancyRecords.apiKey(ORGANIZATION, "development key", Instant.now());
            producer.send(new ProducerRecord<>(topics.namespaces(), NAMESPACE_ID, namespace)).get();
            producer.send(new ProducerRecord<>(topics.apiKeys(), ApiKeys.hash(devApiKey), key)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while registering the development key", e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not register the development key: " + e.getCause().getMessage(), e);
        }
    }
}
