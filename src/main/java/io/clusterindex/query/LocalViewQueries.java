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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
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

    private final LocalStores streams;
    private final String eventsTopic;
    private final AtomicReference<Lags> lags = new AtomicReference<>();

    public LocalViewQueries(KafkaStreams streams) {
        this(LocalStores.of(streams));
    }

    public LocalViewQueries(LocalStores streams) {
        this.streams = streams;
        this.eventsTopic = Topics.defaults().events();
    }

    /**
     * A live cluster by id, from the store of the partition that holds the id: not served while that store is not
     * queryable here (its task is moving), never "not found" for want of the store.
     */
    public Answer<ObjectNode> cluster(String clusterId) {
        return liveState(clusterId).map(ClusterState::cluster);
    }

    /** {@link #cluster} as the stored state: its header and its document as stored, unparsed. */
    public Answer<ClusterState> liveState(String clusterId) {
        return withKey(StoreNames.CLUSTERS, clusterId, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            ClusterState state = store.get(clusterId);
            return state == null || !state.isLive() ? Answer.notFound() : Answer.found(state);
        });
    }

    /**
     * Streams the live clusters of a namespace in {@code partitions} through {@code consumer}, one at a time and in
     * no particular order, without holding them all in memory; each store iterator is closed when it is done or
     * when {@code consumer} returns. The iterable may be iterated once. Not served unless the store of every one of
     * {@code partitions} is queryable here from start to end: a partition whose task is moving is never left out
     * of a page that claims it.
     */
    public <T> Answer<T> scanNamespace(String namespaceId, Collection<Integer> partitions,
                                       Function<Iterable<ObjectNode>, T> consumer) {
        List<ReadOnlyKeyValueStore<String, ClusterState>> stores = new ArrayList<>(partitions.size());
        for (int partition : partitions) {
            Answer<ReadOnlyKeyValueStore<String, ClusterState>> store = withStore(LocalViewQueries.<String,
                    ClusterState>running(StoreNames.CLUSTERS).withPartition(partition), Answer::found);
            if (store instanceof Answer.NotServed<ReadOnlyKeyValueStore<String, ClusterState>> notServed) {
                return notServed.retyped();
            }
            stores.add(((Answer.Found<ReadOnlyKeyValueStore<String, ClusterState>>) store).value());
        }
        try (PartitionScan scan = new PartitionScan(stores, namespaceId)) {
            return Answer.found(consumer.apply(scan));
        } catch (InvalidStateStoreException e) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "a store of " + StoreNames.CLUSTERS + " partitions "
                    + partitions + " stopped being queryable during the scan: " + e.getMessage());
        }
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
        try (PartitionScan scan = new PartitionScan(List.of(store), namespaceId)) {
            return consumer.apply(scan);
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
        String key = StatsKey.of(organizationId, namespaceId);
        return withKey(StoreNames.NAMESPACE_STATS, key, (ReadOnlyKeyValueStore<String, NamespaceStats> store) -> {
            NamespaceStats stats = store.get(key);
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
        Set<Integer> partitions = streams.activePartitions(topic);
        return partitions.isEmpty()
                ? Answer.notServed(FailureReason.NOT_ACTIVE, "no partition of " + topic + " is assigned yet")
                : Answer.found(partitions);
    }

    /** True when the stream processor is RUNNING and both stores answer. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING
                && answers(StoreNames.NAMESPACE_STATS) && answers(StoreNames.CLUSTERS);
    }

    /** Whether the active stores named {@code name} that run here answer a read. */
    private boolean answers(String name) {
        return !(withStore(running(name), (ReadOnlyKeyValueStore<String, Object> store) -> {
            store.get("");
            return Answer.found(true);
        }) instanceof Answer.NotServed);
    }

    /** {@code query} over the store of the running active task of {@code name}'s partition that holds {@code key}. */
    private <V, T> Answer<T> withKey(String name, String key,
                                     Function<ReadOnlyKeyValueStore<String, V>, Answer<T>> query) {
        int partition;
        try {
            partition = streams.partitionOf(name, key);
        } catch (RuntimeException e) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "the partition of a key of store " + name
                    + " is not known: " + e.getMessage());
        }
        if (partition < 0) {
            return Answer.notServed(FailureReason.NOT_ACTIVE, "the partition of a key of store " + name
                    + " is not known yet");
        }
        return withStore(LocalViewQueries.<String, V>running(name).withPartition(partition), query);
    }

    private <K, V, T> Answer<T> withStore(String name,
                                              Function<ReadOnlyKeyValueStore<K, V>, Answer<T>> query) {
        return withStore(running(name), query);
    }

    /** The stores of running active tasks only: a restoring task's or a standby's store is not queryable by these. */
    private static <K, V> StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> running(String name) {
        return StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
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
