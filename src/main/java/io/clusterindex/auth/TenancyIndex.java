package io.clusterindex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.TableListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenancy tables in memory, as the global stream thread writes them into their stores ({@link TableListener}):
 * the organization of each live API key by the key's hash, and the namespaces by id and by organization. A request is
 * authorized with map lookups: no store read, no JSON parse, and a namespace named by its name is found among its
 * organization's namespaces only (never by reading the whole {@code namespaces} table). Each value is read once, when
 * it is written; one that is not the documented JSON counts as absent and is logged then. A tombstone takes effect
 * as soon as the table's store has it, as before.
 *
 * <p>Memory: about 200 bytes per live key and per namespace, besides the stores (which stay the durable copy).
 */
public final class TenancyIndex implements TenancyDirectory, TableListener {
    private static final Logger LOG = LoggerFactory.getLogger(TenancyIndex.class);

    /** The organization by key hash; null until the api-keys table has been read. */
    private volatile Map<String, String> organizations;
    /** Null until the namespaces table has been read. */
    private volatile Namespaces namespaces;

    /** The namespaces by id, and by organization then id; written by one thread, read by any. */
    private static final class Namespaces {
        final Map<String, Namespace> byId = new ConcurrentHashMap<>();
        final Map<String, Map<String, Namespace>> byOrganization = new ConcurrentHashMap<>();

        /**
         * {@code namespaceId} is now {@code next} (null: gone). A reader never misses a namespace that stays: it is
         * overwritten in place, and taken out of its former organization only when it moved.
         */
        void replace(String namespaceId, Namespace next) {
            Namespace previous = next == null ? byId.remove(namespaceId) : byId.put(namespaceId, next);
            if (next != null) {
                byOrganization.computeIfAbsent(next.organizationId(), organization -> new ConcurrentHashMap<>())
                        .put(namespaceId, next);
            }
            if (previous != null && (next == null || !previous.organizationId().equals(next.organizationId()))) {
                Map<String, Namespace> former = byOrganization.get(previous.organizationId());
                if (former != null) {
                    former.remove(namespaceId);
                    if (former.isEmpty()) {
                        byOrganization.remove(previous.organizationId());
                    }
                }
            }
        }
    }

    @Override
    public void reloaded(String store, Iterator<Map.Entry<String, byte[]>> records) {
        switch (store) {
            case StoreNames.API_KEYS -> {
                Map<String, String> loaded = new ConcurrentHashMap<>();
                records.forEachRemaining(record -> applyKey(loaded, record.getKey(), record.getValue()));
                organizations = loaded;
            }
            case StoreNames.NAMESPACES -> {
                Namespaces loaded = new Namespaces();
                records.forEachRemaining(record -> applyNamespace(loaded, record.getKey(), record.getValue()));
                namespaces = loaded;
            }
            default -> {
                // not a tenancy table
            }
        }
    }

    @Override
    public void updated(String store, String key, byte[] value) {
        switch (store) {
            case StoreNames.API_KEYS -> {
                Map<String, String> current = organizations;
                if (current != null) {
                    applyKey(current, key, value);
                }
            }
            case StoreNames.NAMESPACES -> {
                Namespaces current = namespaces;
                if (current != null) {
                    applyNamespace(current, key, value);
                }
            }
            default -> {
                // not a tenancy table
            }
        }
    }

    /** {@code keyHash} now holds {@code value} (null: a tombstone): its organization, or absent. */
    private static void applyKey(Map<String, String> organizations, String keyHash, byte[] value) {
        Optional<String> organization = value == null ? Optional.empty() : organization(keyHash, value);
        organization.ifPresentOrElse(org -> organizations.put(keyHash, org), () -> organizations.remove(keyHash));
    }

    /** {@code namespaceId} now holds {@code value} (null: a tombstone): the namespace it names, or absent. */
    private static void applyNamespace(Namespaces namespaces, String namespaceId, byte[] value) {
        namespaces.replace(namespaceId, value == null ? null : namespace(namespaceId, value).orElse(null));
    }

    @Override
    public Optional<String> organizationOfKey(String keyHash) {
        Map<String, String> current = organizations;
        return current == null ? Optional.empty() : Optional.ofNullable(current.get(keyHash));
    }

    @Override
    public Optional<Namespace> namespaceById(String namespaceId) {
        Namespaces current = namespaces;
        return current == null ? Optional.empty() : Optional.ofNullable(current.byId.get(namespaceId));
    }

    @Override
    public List<Namespace> namespacesOf(String organizationId) {
        Namespaces current = namespaces;
        Map<String, Namespace> ofOrganization = current == null ? null : current.byOrganization.get(organizationId);
        return ofOrganization == null ? List.of() : new ArrayList<>(ofOrganization.values());
    }

    /** True once both tables have been read (until then every request is answered 503). */
    @Override
    public boolean available() {
        return organizations != null && namespaces != null;
    }

    private static Optional<String> organization(String keyHash, byte[] value) {
        return read(value, StoreNames.API_KEYS, keyHash)
                .map(node -> node.get("organization_id"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue);
    }

    private static Optional<Namespace> namespace(String namespaceId, byte[] value) {
        return read(value, StoreNames.NAMESPACES, namespaceId).flatMap(node -> {
            JsonNode name = node.get("namespace_name");
            JsonNode organization = node.get("organization_id");
            if (name == null || !name.isTextual() || organization == null || !organization.isTextual()) {
                LOG.warn("namespaces record {} lacks namespace_name or organization_id; ignored", namespaceId);
                return Optional.empty();
            }
            return Optional.of(new Namespace(namespaceId, name.textValue(), organization.textValue()));
        });
    }

    private static Optional<JsonNode> read(byte[] value, String table, String key) {
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
