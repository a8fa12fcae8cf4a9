package io.clusterindex.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global tables' update processor: what it stores, and what it tells the read side. */
class GlobalTablesTopologyTest {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private final Recording tables = new Recording();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> apiKeys;
    private TestInputTopic<String, byte[]> namespaces;

    /** What the listener was told: each table as it stands, and how often each was read whole. */
    private static final class Recording implements TableListener {
        final Map<String, Map<String, byte[]>> tables = new HashMap<>();
        final List<String> reloads = new ArrayList<>();

        @Override
        public void reloaded(String store, Iterator<Map.Entry<String, byte[]>> records) {
            reloads.add(store);
            Map<String, byte[]> table = new HashMap<>();
            records.forEachRemaining(record -> table.put(record.getKey(), record.getValue()));
            tables.put(store, table);
        }

        @Override
        public void updated(String store, String key, byte[] value) {
            Map<String, byte[]> table = tables.get(store);
            if (value == null) {
                table.remove(key);
            } else {
                table.put(key, value);
            }
        }

        String text(String store, String key) {
            byte[] value = tables.get(store).get(key);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(ClusterIndexTopology.build(TOPICS, new FoldCounters(), new ViewIndex(),
                new ViewPositions(1), tables, TopologyHarness.properties(stateDir)), TopologyHarness.properties(stateDir));
        apiKeys = driver.createInputTopic(TOPICS.apiKeys(), new StringSerializer(), new ByteArraySerializer());
        namespaces = driver.createInputTopic(TOPICS.namespaces(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bothTablesAreReadWholeWhenTheProcessorStarts() {
        // Kafka Streams starts one processor to restore the stores and another for new records: each reads them
        assertThat(tables.reloads).containsOnly(StoreNames.API_KEYS, StoreNames.NAMESPACES)
                .contains(StoreNames.API_KEYS, StoreNames.NAMESPACES);
        assertThat(tables.tables.get(StoreNames.API_KEYS)).isEmpty();
        assertThat(tables.tables.get(StoreNames.NAMESPACES)).isEmpty();
    }

    @Test
    void recordsAreStoredAsPublishedAndToldAsTheyArrive() {
        int readsAtStart = tables.reloads.size();
        String key = "{\"organization_id\": \"org_1\", \"name\": \"ci\"}";
        String namespace = "{\"namespace_id\": \"ns_1\", \"namespace_name\": \"prod\", \"organization_id\": \"org_1\"}";
        apiKeys.pipeInput("hash_1", bytes(key), 1_000L);
        apiKeys.pipeInput("hash_2", bytes("not json at all"), 2_000L);
        namespaces.pipeInput("ns_1", bytes(namespace), 3_000L);
        assertThat(tables.text(StoreNames.API_KEYS, "hash_1")).isEqualTo(key);
        assertThat(tables.text(StoreNames.API_KEYS, "hash_2")).as("judged by the reader, not here")
                .isEqualTo("not json at all");
        assertThat(tables.text(StoreNames.NAMESPACES, "ns_1")).isEqualTo(namespace);

        KeyValueStore<String, ValueAndTimestamp<byte[]>> stored = driver.getTimestampedKeyValueStore(StoreNames.API_KEYS);
        assertThat(new String(stored.get("hash_1").value(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(stored.get("hash_1").timestamp()).isEqualTo(1_000L);

        apiKeys.pipeInput("hash_1", null, 4_000L);
        assertThat(tables.text(StoreNames.API_KEYS, "hash_1")).as("a tombstone revokes").isNull();
        assertThat(stored.get("hash_1")).isNull();

        apiKeys.pipeInput(null, bytes(key), 5_000L);
        assertThat(tables.tables.get(StoreNames.API_KEYS)).as("a record without a key is dropped")
                .containsOnlyKeys("hash_2");
        assertThat(tables.reloads).as("never read whole again for a record").hasSize(readsAtStart);
    }
}
