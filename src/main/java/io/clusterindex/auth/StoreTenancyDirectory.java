package io.clusterindex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import io.clusterindex.topology.StoreNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenancy tables as global stores of the stream processor: every instance holds all of {@code api-keys} and
 * {@code namespaces}. Values are kept as published and read on each lookup; a value that is not the documented
 * JSON counts as absent (and is logged).
 */
public final class StoreTenancyDirectory implements TenancyDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTenancyDirectory.class);

    private final KafkaStreams streams;

    public StoreTenancyDirectory(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<String> organizationOfKey(String keyHash) {
        return read(store(StoreNames.API_KEYS).get(keyHash), StoreNames.API_KEYS, keyHash)
                .map(node -> node.get("organization_id"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue);
    }

    @Override
    public Optional<Namespace> namespaceById(String namespaceId) {
        return read(store(StoreNames.NAMESPACES).get(namespaceId), StoreNames.NAMESPACES, namespaceId)
                .flatMap(node -> namespace(namespaceId, node));
    }

    @Override
    public List<Namespace> namespacesOf(String organizationId) {
        List<Namespace> result = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store(StoreNames.NAMESPACES).all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                read(entry.value, StoreNames.NAMESPACES, entry.key)
                        .flatMap(node -> namespace(entry.key, node))
                        .filter(ns -> ns.organizationId().equals(organizationId))
                        .ifPresent(result::add);
            }
        }
        return result;
    }

    @Override
    public boolean available() {
        try {
            store(StoreNames.API_KEYS);
            store(StoreNames.NAMESPACES);
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    private static Optional<Namespace> namespace(String key, JsonNode node) {
        JsonNode name = node.get("namespace_name");
        JsonNode organization = node.get("organization_id");
        if (name == null || !name.isTextual() || organization == null || !organization.isTextual()) {
            LOG.warn("namespaces record {} lacks namespace_name or organization_id; ignored", key);
            return Optional.empty();
        }
        return Optional.of(new Namespace(key, name.textValue(), organization.textValue()));
    }

    private static Optional<JsonNode> read(byte[] value, String table, String key) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (IOException e) {
            // logged below
        }
        LOG.warn("{} record {} is not a JSON object; ignored", table, key);
        return Optional.empty();
    }
}
