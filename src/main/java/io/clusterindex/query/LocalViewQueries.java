package io.clusterindex.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's local state stores: one cluster, the live clusters of a namespace, a namespace's stats.
 * Never throws for a store that is not queryable yet; answers {@link Answer.NotServed} ({@link
 * FailureReason#NOT_ACTIVE}) instead.
 */
public final class LocalViewQueries {
    /** How long a measure of the local copies' lags is reused. */
    static final Duration LAG_REUSE = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final String eventsTopic;
    private final AtomicReference<Lags> lags = new AtomicReference<>();

    public LocalViewQueries(KafkaStreams streams) {
        this.streams = streams;
        this.eventsTopic = Topics.defaults().events();
    }

    public Answer<ObjectNode> cluster(String clusterId) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            ClusterState state = store.get(clusterId);
            return state == null || !state.isLive() ? Answer.notFound() : Answer.found(state.cluster());
        });
    }

    /**
     * Streams the live clusters of a namespace held by this instance through {@code consumer}, one at a time and
     * in no particular order, without holding them all in memory; the store iterator is closed when
     * {@code consumer} returns. The iterable may be iterated once.
     */
    public <T> Answer<T> scanNamespace(String namespaceId, Function<Iterable<ObjectNode>, T> consumer) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) ->
                Answer.found(scan(store, namespaceId, consumer)));
    }

    /**
     * {@link #scanNamespace} over one partition of the clusters store, from whichever copy this instance keeps:
     * the active task (running or restoring) or a standby replica.
     */
    public <T> Answer<T> scanCopy(int partition, String namespaceId, Function<Iterable<ObjectNode>, T> consumer) {
        return withStore(LocalViewQueries.<String, ClusterState>anyCopy(StoreNames.CLUSTERS).withPartition(partition),
                (ReadOnlyKeyValueStore<String, ClusterState> store) ->
                        Answer.found(scan(store, namespaceId, consumer)));
    }

    private static <T> T scan(ReadOnlyKeyValueStore<String, ClusterState> store, String namespaceId,
                              Function<Iterable<ObjectNode>, T> consumer) {
        try (KeyValueIterator<String, ClusterState> it = store.all()) {
            Iterable<ObjectNode> clusters = () -> new FilterMapIterator<>(it, entry -> {
                ObjectNode cluster = entry.value.cluster();
                return cluster != null && namespaceId.equals(cluster.get("namespace_id").textValue()) ? cluster : null;
            });
            return consumer.apply(clusters);
        }
    }

    /**
     * How many changelog records each local copy of the clusters store (active or standby, by {@code cluster-events}
     * partition) has not applied yet; 0 for a running active task. Each measure asks the brokers for the changelogs'
     * end offsets, so a measure is reused for {@link #LAG_REUSE}.
     */
    public Answer<Map<Integer, Long>> copyLags() {
        Lags last = lags.get();
        if (last != null && System.nanoTime() - last.measuredAt() < LAG_REUSE.toNanos()) {
            return Answer.found(last.records());
        }
        try {
            Map<Integer, Long> records = new TreeMap<>();
            streams.allLocalStorePartitionLags().getOrDefault(StoreNames.CLUSTERS, Map.of())
                    .forEach((partition, lag) -> records.put(partition, lag.offsetLag()));
            lags.set(new Lags(Map.copyOf(records), System.nanoTime()));
            return Answer.found(records);
        } catch (RuntimeException e) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "the lags of the local copies are not known: "
                    + e.getMessage());
        }
    }

    private record Lags(Map<Integer, Long> records, long measuredAt) {
    }

    /**
     * The positions that the local copy of fold task {@code partition} reflects (its view positions store, restored
     * with the view): for each {@code cluster-events} partition, the offset up to which that task has handled the
     * records meant for it; empty when it has handled none yet.
     */
    public Answer<SortedMap<Integer, Long>> copyPositions(int partition) {
        return withStore(LocalViewQueries.<Integer, Long>anyCopy(StoreNames.VIEW_POSITIONS).withPartition(partition),
                (ReadOnlyKeyValueStore<Integer, Long> store) -> {
                    SortedMap<Integer, Long> positions = new TreeMap<>();
                    try (KeyValueIterator<Integer, Long> all = store.all()) {
                        all.forEachRemaining(entry -> {
                            if (entry.key >= 0) {
                                positions.put(entry.key, entry.value);
                            }
                        });
                    }
                    return Answer.found(positions);
                });
    }

    /** The running stats of an organization's namespace. */
    public Answer<NamespaceStats> namespaceStats(String organizationId, String namespaceId) {
        return withStore(StoreNames.NAMESPACE_STATS, (ReadOnlyKeyValueStore<String, NamespaceStats> store) -> {
            NamespaceStats stats = store.get(StatsKey.of(organizationId, namespaceId));
            return stats == null ? Answer.notFound() : Answer.found(stats);
        });
    }

    /** The cluster's stored state (deleted ones included), through {@code consumer} while the store is open. */
    public <T> Answer<T> withClusters(Function<Function<String, ClusterState>, T> consumer) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) ->
                Answer.found(consumer.apply(store::get)));
    }

    /** {@link #withClusters}, over every local copy of the store (active tasks, running or restoring, and standbys). */
    public <T> Answer<T> withClusterCopies(Function<Function<String, ClusterState>, T> consumer) {
        return withStore(anyCopy(StoreNames.CLUSTERS), (ReadOnlyKeyValueStore<String, ClusterState> store) ->
                Answer.found(consumer.apply(store::get)));
    }

    /** The {@code cluster-events} partitions whose fold task runs on this instance now. */
    public Answer<Set<Integer>> activeEventPartitions() {
        return activePartitions(eventsTopic);
    }

    /** The partitions of source topic {@code topic} whose active task runs on this instance now. */
    public Answer<Set<Integer>> activePartitions(String topic) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "the stream processor is " + state);
        }
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        partitions.add(partition.partition());
                    }
                }
            }
        }
        return partitions.isEmpty()
                ? Answer.notServed(FailureReason.NOT_ACTIVE, "no partition of " + topic + " is assigned yet")
                : Answer.found(partitions);
    }

    /** True when the stream processor is RUNNING and both stores answer. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING
                && !(namespaceStats("", "") instanceof Answer.NotServed)
                && !(cluster("") instanceof Answer.NotServed);
    }

    private <K, V, T> Answer<T> withStore(String name,
                                              Function<ReadOnlyKeyValueStore<K, V>, Answer<T>> query) {
        return withStore(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()), query);
    }

    private static <K, V> StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> anyCopy(String name) {
        return StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()).enableStaleStores();
    }

    private <K, V, T> Answer<T> withStore(StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> parameters,
                                              Function<ReadOnlyKeyValueStore<K, V>, Answer<T>> query) {
        try {
            return query.apply(streams.store(parameters));
        } catch (InvalidStateStoreException e) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "store " + parameters.storeName()
                    + (parameters.partition() == null ? "" : " partition " + parameters.partition())
                    + " is not queryable: " + e.getMessage());
        }
    }
}
