package io.clusterindex.topology;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Writes a global table's records into its store as a {@code globalTable} would (the value as published, with the
 * record's timestamp; a tombstone deletes; a record without a key is dropped) and tells a {@link TableListener}:
 * the whole store when it starts, then each record. Kafka Streams runs an instance of it to restore the store from
 * the topic (KAFKA-7663) and another for the records that arrive later, both on the global stream thread.
 */
final class GlobalTableProcessor implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final TableListener listener;
    private TimestampedKeyValueStore<String, byte[]> store;

    GlobalTableProcessor(String storeName, TableListener listener) {
        this.storeName = storeName;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> all = store.all()) {
            listener.reloaded(storeName, new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public Map.Entry<String, byte[]> next() {
                    KeyValue<String, ValueAndTimestamp<byte[]>> entry = all.next();
                    return new AbstractMap.SimpleImmutableEntry<>(entry.key,
                            entry.value == null ? null : entry.value.value());
                }
            });
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
        listener.updated(storeName, record.key(), record.value());
    }
}
