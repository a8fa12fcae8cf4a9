package io.clusterindex.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenancyIndexTest {
    private final TenancyIndex index = new TenancyIndex();

    private static Iterator<Map.Entry<String, byte[]>> records(Map<String, byte[]> table) {
        return table.entrySet().iterator();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String organization) {
        return json("{\"organization_id\": \"" + organization + "\", \"name\": \"k\", \"created_at\": \"2026-01-01T00:00:00Z\"}");
    }

    private static byte[] namespace(String id, String name, String organization) {
        return json("{\"namespace_id\": \"" + id + "\", \"namespace_name\": \"" + name + "\", \"organization_id\": \""
                + organization + "\"}");
    }

    private void loadEmpty() {
        index.reloaded(StoreNames.API_KEYS, records(Map.of()));
        index.reloaded(StoreNames.NAMESPACES, records(Map.of()));
    }

    @Test
    void unavailableUntilBothTablesHaveBeenRead() {
        assertThat(index.available()).isFalse();
        index.reloaded(StoreNames.API_KEYS, records(Map.of("h1", key("org_1"))));
        assertThat(index.available()).as("namespaces not read yet").isFalse();
        assertThat(index.organizationOfKey("h1")).contains("org_1");
        index.reloaded(StoreNames.NAMESPACES, records(Map.of()));
        assertThat(index.available()).isTrue();
    }

    @Test
    void recordsWrittenBeforeTheTableWasReadAreLeftToTheRead() {
        index.updated(StoreNames.API_KEYS, "h1", key("org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_1", namespace("ns_1", "prod", "org_1"));
        assertThat(index.organizationOfKey("h1")).isEmpty();
        assertThat(index.namespaceById("ns_1")).isEmpty();
        assertThat(index.namespacesOf("org_1")).isEmpty();
        assertThat(index.available()).isFalse();
    }

    @Test
    void onlyKeysWithTheDocumentedJsonResolve() {
        Map<String, byte[]> keys = new HashMap<>();
        keys.put("good", key("org_1"));
        keys.put("not-json", json("{\"organization_id\": "));
        keys.put("array", json("[\"org_1\"]"));
        keys.put("number-org", json("{\"organization_id\": 7}"));
        keys.put("no-org", json("{\"name\": \"k\"}"));
        index.reloaded(StoreNames.API_KEYS, records(keys));
        index.reloaded(StoreNames.NAMESPACES, records(Map.of()));
        assertThat(index.organizationOfKey("good")).contains("org_1");
        for (String bad : new String[] {"not-json", "array", "number-org", "no-org", "unknown"}) {
            assertThat(index.organizationOfKey(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void aKeyWorksFromItsRecordAndStopsAtItsTombstoneOrAnUnreadableValue() {
        loadEmpty();
        index.updated(StoreNames.API_KEYS, "h1", key("org_1"));
        index.updated(StoreNames.API_KEYS, "h2", key("org_2"));
        assertThat(index.organizationOfKey("h1")).contains("org_1");
        index.updated(StoreNames.API_KEYS, "h1", null);
        assertThat(index.organizationOfKey("h1")).as("revoked by a tombstone").isEmpty();
        index.updated(StoreNames.API_KEYS, "h2", json("not json"));
        assertThat(index.organizationOfKey("h2")).as("overwritten by an unreadable value").isEmpty();
        index.updated(StoreNames.API_KEYS, "h2", key("org_3"));
        assertThat(index.organizationOfKey("h2")).contains("org_3");
    }

    @Test
    void namespacesAreFoundByIdAndAmongTheirOrganizationsOnly() {
        Map<String, byte[]> namespaces = new HashMap<>();
        namespaces.put("ns_a", namespace("ns_a", "prod", "org_1"));
        namespaces.put("ns_b", namespace("ns_b", "dev", "org_1"));
        namespaces.put("ns_c", namespace("ns_c", "prod", "org_2"));
        namespaces.put("ns_orphan", json("{\"namespace_id\": \"ns_orphan\", \"namespace_name\": \"orphan\"}"));
        namespaces.put("ns_broken", json("{"));
        index.reloaded(StoreNames.API_KEYS, records(Map.of()));
        index.reloaded(StoreNames.NAMESPACES, records(namespaces));

        assertThat(index.namespaceById("ns_a")).contains(new Namespace("ns_a", "prod", "org_1"));
        assertThat(index.namespaceById("ns_orphan")).as("lacks organization_id").isEmpty();
        assertThat(index.namespaceById("ns_broken")).isEmpty();
        assertThat(index.namespacesOf("org_1")).containsExactlyInAnyOrder(new Namespace("ns_a", "prod", "org_1"),
                new Namespace("ns_b", "dev", "org_1"));
        assertThat(index.namespacesOf("org_2")).containsExactly(new Namespace("ns_c", "prod", "org_2"));
        assertThat(index.namespacesOf("org_unknown")).isEmpty();
    }

    @Test
    void aNamespaceMovedRenamedOrDeletedIsListedWhereItIsNow() {
        loadEmpty();
        index.updated(StoreNames.NAMESPACES, "ns_a", namespace("ns_a", "prod", "org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_a", namespace("ns_a", "staging", "org_2"));
        assertThat(index.namespacesOf("org_1")).as("moved away").isEmpty();
        assertThat(index.namespacesOf("org_2")).containsExactly(new Namespace("ns_a", "staging", "org_2"));
        assertThat(index.namespaceById("ns_a")).contains(new Namespace("ns_a", "staging", "org_2"));

        index.updated(StoreNames.NAMESPACES, "ns_a", json("{\"namespace_name\": \"staging\"}"));
        assertThat(index.namespaceById("ns_a")).as("now unreadable").isEmpty();
        assertThat(index.namespacesOf("org_2")).isEmpty();

        index.updated(StoreNames.NAMESPACES, "ns_a", namespace("ns_a", "prod", "org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_a", null);
        assertThat(index.namespaceById("ns_a")).as("deleted by a tombstone").isEmpty();
        assertThat(index.namespacesOf("org_1")).isEmpty();
    }

    @Test
    void aNamespaceRepublishedAsItIsNeverGoesMissingForAReader() throws InterruptedException {
        loadEmpty();
        byte[] record = namespace("ns_a", "prod", "org_1");
        index.updated(StoreNames.NAMESPACES, "ns_a", record);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong misses = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                if (index.namespaceById("ns_a").isEmpty() || index.namespacesOf("org_1").isEmpty()) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            index.updated(StoreNames.NAMESPACES, "ns_a", record);
        }
        writing.set(false);
        reader.join();
        assertThat(reads.get()).isPositive();
        assertThat(misses.get()).as("reads that found no namespace ns_a while it was republished").isZero();
    }

    @Test
    void aReadReplacesWhatWasThere() {
        loadEmpty();
        index.updated(StoreNames.API_KEYS, "h_old", key("org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_old", namespace("ns_old", "prod", "org_1"));
        index.reloaded(StoreNames.API_KEYS, records(Map.of("h_new", key("org_1"))));
        index.reloaded(StoreNames.NAMESPACES, records(Map.of("ns_new", namespace("ns_new", "prod", "org_1"))));
        assertThat(index.organizationOfKey("h_old")).isEmpty();
        assertThat(index.organizationOfKey("h_new")).contains("org_1");
        assertThat(index.namespacesOf("org_1")).containsExactly(new Namespace("ns_new", "prod", "org_1"));
    }

    @Test
    void theAuthenticatorResolvesNamesAndIdsThroughIt() {
        loadEmpty();
        index.updated(StoreNames.API_KEYS, ApiKeys.hash("sk_one"), key("org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_b", namespace("ns_b", "prod", "org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_a", namespace("ns_a", "prod", "org_1"));
        index.updated(StoreNames.NAMESPACES, "ns_x", namespace("ns_x", "other", "org_2"));
        Authenticator authenticator = new Authenticator(index);

        assertThat(authenticator.authenticate("Bearer sk_one", "prod"))
                .as("two namespaces named prod: the smallest id").isEqualTo(
                        new AuthResult.Authorized(new Tenant("org_1", "ns_a")));
        assertThat(authenticator.authenticate("Bearer sk_one", "ns_b"))
                .isEqualTo(new AuthResult.Authorized(new Tenant("org_1", "ns_b")));
        assertThat(authenticator.authenticate("Bearer sk_one", "ns_x")).as("another organization's id")
                .isInstanceOf(AuthResult.NamespaceNotFound.class);
        assertThat(authenticator.authenticate("Bearer sk_one", "other")).as("another organization's name")
                .isInstanceOf(AuthResult.NamespaceNotFound.class);
        assertThat(authenticator.authenticate("Bearer sk_two", "prod")).isInstanceOf(AuthResult.Unauthorized.class);

        index.updated(StoreNames.API_KEYS, ApiKeys.hash("sk_one"), null);
        assertThat(authenticator.authenticate("Bearer sk_one", "prod")).as("revoked")
                .isInstanceOf(AuthResult.Unauthorized.class);
    }
}
