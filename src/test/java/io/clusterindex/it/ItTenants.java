package io.clusterindex.it;

import io.clusterindex.auth.ApiKeys;
import io.clusterindex.generate.Namespace;
import io.clusterindex.json.Json;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Tenancy of the multi-instance integration tests: namespaces and API keys published as admin tooling would. */
final class ItTenants {
    private ItTenants() {
    }

    /**
     * Publishes each namespace (named {@code <id>-name}) to {@code namespaces} and each organization's raw key, by its
     * hash, to {@code api-keys}; waits for every acknowledgement.
     */
    static void register(String bootstrap, List<Namespace> namespaces, Map<String, String> keyOfOrganization)
            throws Exception {
        register(bootstrap, Map.of(), namespaces, keyOfOrganization);
    }

    /** As {@link #register(String, List, Map)}, as a producer with these client settings (e.g. a SASL login). */
    static void register(String bootstrap, Map<String, Object> clientSettings, List<Namespace> namespaces,
                         Map<String, String> keyOfOrganization) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaIO.producer(bootstrap, clientSettings)) {
            for (Namespace ns : namespaces) {
                producer.send(new ProducerRecord<>("namespaces", ns.id(), Json.MAPPER.writeValueAsBytes(Map.of(
                        "namespace_id", ns.id(), "namespace_name", ns.id() + "-name",
                        "organization_id", ns.organizationId())))).get();
            }
            for (Map.Entry<String, String> key : keyOfOrganization.entrySet()) {
                producer.send(new ProducerRecord<>("api-keys", ApiKeys.hash(key.getValue()), Json.MAPPER.writeValueAsBytes(
                        Map.of("organization_id", key.getKey(), "name", "it", "created_at", "2026-11-29T00:00:00Z"))))
                        .get();
            }
        }
    }

    /** Closes each, in the order given (skipping nulls), and goes on past a failure; rethrows the first. */
    static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + resource + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
