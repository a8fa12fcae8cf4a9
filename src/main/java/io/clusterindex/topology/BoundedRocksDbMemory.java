package io.clusterindex.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of this process (the Kafka Streams "bounded memory" recipe): one LRU block
 * cache of {@link #TOTAL_BYTES_CONFIG} bytes shared by all stores, with their index and filter blocks in it (high
 * priority), and one {@link WriteBufferManager} that charges every memtable to that same cache, so that block cache
 * plus memtables stay within the total. Memtables may take up to {@link #MEMTABLE_SHARE} of it.
 *
 * <p>Not counted: each store's small fixed overhead (its table readers' metadata outside the cache, iterators'
 * pinned blocks, the options objects) and everything on the Java heap (the view index, the Streams record cache).
 *
 * <p>The cache and manager are shared per total for the life of the JVM: {@link #close} releases only what one store
 * owns, never the shared objects, which other stores (and later reopened ones) keep using.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Streams configuration key of the total, in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "cluster-index.rocksdb.memory.bytes";
    public static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;
    /** Part of the total that memtables may take before the write buffer manager makes the stores flush. */
    public static final double MEMTABLE_SHARE = 0.25;
    /** Part of the cache reserved for index and filter blocks (high priority, evicted last). */
    static final double INDEX_FILTER_SHARE = 0.1;
    static final long MEMTABLE_BYTES_MAX = 16L * 1024 * 1024;
    static final int MEMTABLES_PER_STORE = 2;

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The block cache and write buffer manager of every store configured with the same total. */
    record Shared(long totalBytes, Cache cache, WriteBufferManager writeBuffers) {
        static Shared of(long totalBytes) {
            Cache cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
            return new Shared(totalBytes, cache,
                    new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache));
        }

        long memtableBytes() {
            return Math.min(MEMTABLE_BYTES_MAX, (long) (totalBytes * MEMTABLE_SHARE) / MEMTABLES_PER_STORE);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(totalBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(shared.memtableBytes());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    }

    @Override
    public void close(String storeName, Options options) {
    }

    static Shared shared(long totalBytes) {
        return SHARED.computeIfAbsent(totalBytes, Shared::of);
    }

    /** The total of {@code configs}, {@link #DEFAULT_TOTAL_BYTES} when absent. */
    static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        if (value == null) {
            return DEFAULT_TOTAL_BYTES;
        }
        try {
            long bytes = Long.parseLong(value.toString().trim());
            if (bytes <= 0) {
                throw new NumberFormatException();
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new ConfigException(TOTAL_BYTES_CONFIG, value, "must be a number of bytes > 0");
        }
    }
}
