package io.clusterindex.query;

import io.clusterindex.topology.EventRouting;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A RUNNING processor with every partition active in its metadata, whose stores answer as Kafka Streams' do: a
 * store asked by partition throws when that partition is not {@link #queryable}; asked without one, it reads the
 * queryable stores only (a key of another partition is simply not there).
 */
final class FakeStores implements LocalStores {
    static final int PARTITIONS = 3;

    final Map<Integer, Map<String, Object>> clusters = new HashMap<>();
    final Map<Integer, Map<String, Object>> stats = new HashMap<>();
    final Set<Integer> queryable = new HashSet<>(Set.of(0, 1, 2));
    final AtomicInteger openIterators = new AtomicInteger();
    /** After how many records read by scans a store stops being queryable; negative: never. */
    int failAfter = -1;

    FakeStores() {
        for (int p = 0; p < PARTITIONS; p++) {
            clusters.put(p, new TreeMap<>());
            stats.put(p, new TreeMap<>());
        }
    }

    @Override
    public KafkaStreams.State state() {
        return KafkaStreams.State.RUNNING;
    }

    @Override
    public Set<Integer> activePartitions(String topic) {
        return topic.equals(Topics.defaults().events()) ? Set.of(0, 1, 2) : Set.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T store(StoreQueryParameters<T> parameters) {
        Map<Integer, Map<String, Object>> byPartition = switch (parameters.storeName()) {
            case StoreNames.CLUSTERS -> clusters;
            case StoreNames.NAMESPACE_STATS -> stats;
            default -> throw new InvalidStateStoreException("no store " + parameters.storeName());
        };
        if (parameters.partition() != null) {
            if (!queryable.contains(parameters.partition())) {
                throw new InvalidStateStoreException("The specified partition " + parameters.partition()
                        + " for store " + parameters.storeName() + " does not exist.");
            }
            return (T) new Store(List.of(byPartition.get(parameters.partition())));
        }
        List<Map<String, Object>> running = new ArrayList<>();
        queryable.forEach(p -> running.add(byPartition.get(p)));
        return (T) new Store(running);
    }

    @Override
    public int partitionOf(String store, String key) {
        return EventRouting.owner(key, PARTITIONS);
    }

    @Override
    public Map<String, Map<Integer, LagInfo>> allLocalStorePartitionLags() {
        return Map.of();
    }

    private final class Store implements ReadOnlyKeyValueStore<String, Object> {
        private final List<Map<String, Object>> parts;

        Store(List<Map<String, Object>> parts) {
            this.parts = parts;
        }

        @Override
        public Object get(String key) {
            for (Map<String, Object> part : parts) {
                if (part.containsKey(key)) {
                    return part.get(key);
                }
            }
            return null;
        }

        @Override
        public KeyValueIterator<String, Object> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, Object> all() {
            List<KeyValue<String, Object>> entries = new ArrayList<>();
            parts.forEach(part -> part.forEach((k, v) -> entries.add(KeyValue.pair(k, v))));
            openIterators.incrementAndGet();
            Iterator<KeyValue<String, Object>> it = entries.iterator();
            return new KeyValueIterator<>() {
                private boolean closed;

                @Override
                public boolean hasNext() {
                    if (failAfter == 0) {
                        throw new InvalidStateStoreException("store closed during the scan");
                    }
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, Object> next() {
                    if (failAfter > 0) {
                        failAfter--;
                    }
                    return it.next();
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        openIterators.decrementAndGet();
                    }
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return parts.stream().mapToLong(Map::size).sum();
        }
    }
}
