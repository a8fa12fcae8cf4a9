package io.clusterindex.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.Topics;
import io.clusterindex.view.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * Never throws for a store that is not queryable yet; answers {@link QueryResult.Unavailable} instead.
 */
public final class LocalViewQueries {
    private final KafkaStreams streams;
    private final String eventsTopic;

    public LocalViewQueries(KafkaStreams streams) {
        this.streams = streams;
        this.eventsTopic = Topics.defaults().events();
    }

    public QueryResult<ObjectNode> cluster(String clusterId) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            ClusterState state = store.get(clusterId);
            return state == null || !state.isLive() ? new QueryResult.NotFound<>() : new QueryResult.Found<>(state.cluster());
        });
    }

    /** Live clusters of a namespace held by this instance, in cluster id order (a full local scan). */
    public QueryResult<List<ObjectNode>> namespace(String namespaceId) {
        return scanNamespace(namespaceId, clusters -> {
            List<ObjectNode> all = new ArrayList<>();
            clusters.forEach(all::add);
            all.sort(Comparator.comparing(cluster -> cluster.get("cluster_id").textValue()));
            return all;
        });
    }

    /**
     * Streams the live clusters of a namespace held by this instance through {@code consumer}, one at a time and
     * in no particular order, without holding them all in memory; the store iterator is closed when
     * {@code consumer} returns. The iterable may be iterated once.
     */
    public <T> QueryResult<T> scanNamespace(String namespaceId, Function<Iterable<ObjectNode>, T> consumer) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            try (KeyValueIterator<String, ClusterState> it = store.all()) {
                Iterable<ObjectNode> clusters = () -> new FilterMapIterator<>(it, entry -> {
                    ObjectNode cluster = entry.value.cluster();
                    return cluster != null && namespaceId.equals(cluster.get("namespace_id").textValue()) ? cluster : null;
                });
                return new QueryResult.Found<>(consumer.apply(clusters));
            }
        });
    }

    /** The running stats of an organization's namespace. */
    public QueryResult<NamespaceStats> namespaceStats(String organizationId, String namespaceId) {
        return withStore(StoreNames.NAMESPACE_STATS, (ReadOnlyKeyValueStore<String, NamespaceStats> store) -> {
            NamespaceStats stats = store.get(StatsKey.of(organizationId, namespaceId));
            return stats == null ? new QueryResult.NotFound<>() : new QueryResult.Found<>(stats);
        });
    }

    /** The cluster's stored state (deleted ones included), through {@code consumer} while the store is open. */
    public <T> QueryResult<T> withClusters(Function<Function<String, ClusterState>, T> consumer) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) ->
                new QueryResult.Found<>(consumer.apply(store::get)));
    }

    /** The {@code cluster-events} partitions whose fold task runs on this instance now. */
    public QueryResult<Set<Integer>> activeEventPartitions() {
        return activePartitions(eventsTopic);
    }

    /** The partitions of source topic {@code topic} whose active task runs on this instance now. */
    public QueryResult<Set<Integer>> activePartitions(String topic) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable<>("the stream processor is " + state);
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
        return partitions.isEmpty() ? new QueryResult.Unavailable<>("no partition of " + topic + " is assigned yet")
                : new QueryResult.Found<>(partitions);
    }

    /** True when the stream processor is RUNNING and both stores answer. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING
                && !(namespaceStats("", "") instanceof QueryResult.Unavailable)
                && !(cluster("") instanceof QueryResult.Unavailable);
    }

    private <V, T> QueryResult<T> withStore(String name, Function<ReadOnlyKeyValueStore<String, V>, QueryResult<T>> query) {
        try {
            ReadOnlyKeyValueStore<String, V> store =
                    streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
            return query.apply(store);
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>("store " + name + " is not queryable: " + e.getMessage());
        }
    }
}
