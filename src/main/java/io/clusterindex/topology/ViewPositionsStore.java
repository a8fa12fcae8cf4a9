package io.clusterindex.topology;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@link StoreNames#VIEW_POSITIONS} store: one entry per fold task, in memory. Its changelog is written in the
 * task's transaction together with the clusters store's, so after any restore (restart, crash, aborted transaction,
 * migration) the position and the view match exactly. Its processor writes it when the task commits ({@link
 * CommitTimeStore}), and caching keeps the changelog to one record per key and commit; small segments let compaction
 * keep it short, since an in-memory store is restored from its start.
 */
final class ViewPositionsStore {
    private static final String SEGMENT_BYTES = Integer.toString(1024 * 1024);

    private ViewPositionsStore() {
    }

    static void add(StreamsBuilder builder) {
        builder.addStateStore(CommitTimeStore.builder(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.VIEW_POSITIONS), Serdes.Integer(), Serdes.Long())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, SEGMENT_BYTES)),
                CommitTimeStore.Queryable::new));
    }

    /**
     * The {@link StoreNames#TASK_STATS} store with values of {@code values}, kept like this one: in memory, written
     * at commits, cached, small changelog segments.
     */
    static <V> void addTaskStats(StreamsBuilder builder, Serde<V> values) {
        builder.addStateStore(CommitTimeStore.builder(Stores.timestampedKeyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.TASK_STATS), Serdes.String(), values)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, SEGMENT_BYTES)),
                CommitTimeStore::new));
    }
}
