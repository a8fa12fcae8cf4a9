package io.clusterindex.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.view.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
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

    public LocalViewQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public QueryResult<ObjectNode> cluster(String clusterId) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            ClusterState state = store.get(clusterId);
            return state == null || !state.isLive() ? new QueryResult.NotFound<>() : new QueryResult.Found<>(state.cluster());
        });
    }

    /** Live clusters of a namespace held by this instance, in cluster id order (a full local scan). */
    public QueryResult<List<ObjectNode>> namespace(String namespaceId) {
        return withStore(StoreNames.CLUSTERS, (ReadOnlyKeyValueStore<String, ClusterState> store) -> {
            List<ObjectNode> clusters = new ArrayList<>();
            try (KeyValueIterator<String, ClusterState> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, ClusterState> entry = it.next();
                    ObjectNode cluster = entry.value.cluster();
                    if (cluster != null && namespaceId.equals(cluster.get("namespace_id").textValue())) {
                        clusters.add(cluster);
                    }
                }
            }
            clusters.sort(Comparator.comparing(cluster -> cluster.get("cluster_id").textValue()));
            return new QueryResult.Found<>(clusters);
        });
    }

    /** The running stats of an organization's namespace. */
    public QueryResult<NamespaceStats> namespaceStats(String organizationId, String namespaceId) {
        return withStore(StoreNames.NAMESPACE_STATS, (ReadOnlyKeyValueStore<String, NamespaceStats> store) -> {
            NamespaceStats stats = store.get(StatsKey.of(organizationId, namespaceId));
            return stats == null ? new QueryResult.NotFound<>() : new QueryResult.Found<>(stats);
        });
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
