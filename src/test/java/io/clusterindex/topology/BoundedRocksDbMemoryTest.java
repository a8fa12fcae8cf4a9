package io.clusterindex.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {
    private static final long TOTAL = 8L * 1024 * 1024;

    @TempDir
    Path stateDir;

    @Test
    void everyStoreSharesOneCacheThatHoldsItsIndexFiltersAndMemtables() {
        BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(TOTAL);
        try (Options first = configured("a"); Options second = configured("b")) {
            for (Options options : new Options[] {first, second}) {
                BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
                assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
                assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
                assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
                assertThat(options.writeBufferManager()).isSameAs(shared.writeBuffers());
                assertThat(options.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbMemory.MEMTABLES_PER_STORE);
                assertThat(options.writeBufferSize() * BoundedRocksDbMemory.MEMTABLES_PER_STORE)
                        .isLessThanOrEqualTo((long) (TOTAL * BoundedRocksDbMemory.MEMTABLE_SHARE));
            }
        }
    }

    @Test
    void storesOpenWithTheBoundChargeTheirMemtablesToTheSharedCacheAndReopenAfterClose() {
        for (int run = 0; run < 2; run++) {
            try (TopologyTestDriver driver = driver()) {
                TestInputTopic<String, String> input = driver.createInputTopic("in", new StringSerializer(),
                        new StringSerializer());
                for (int i = 0; i < 5_000; i++) {
                    input.pipeInput("key-" + i, "value-" + i + "-" + "x".repeat(200));
                }
                KeyValueStore<String, String> store = driver.getKeyValueStore("kv");

                assertThat(store.get("key-4321")).startsWith("value-4321-");
                assertThat(store.approximateNumEntries()).isPositive();
                assertThat(BoundedRocksDbMemory.shared(TOTAL).cache().getUsage()).isPositive();
            }
        }
    }

    @Test
    void theTotalDefaultsAndRejectsWhatIsNotAPositiveNumberOfBytes() {
        assertThat(BoundedRocksDbMemory.totalBytes(Map.of())).isEqualTo(BoundedRocksDbMemory.DEFAULT_TOTAL_BYTES);
        assertThat(BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "1048576")))
                .isEqualTo(1_048_576L);
        for (String bad : new String[] {"0", "-5", "lots", ""}) {
            assertThatThrownBy(() -> BoundedRocksDbMemory.totalBytes(
                    Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG);
        }
    }

    private static Options configured(String store) {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedRocksDbMemory().setConfig(store, options,
                Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, Long.toString(TOTAL)));
        return options;
    }

    private TopologyTestDriver driver() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("in", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("kv").withCachingDisabled());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-memory-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, Long.toString(TOTAL));
        return new TopologyTestDriver(builder.build(), props);
    }

}
