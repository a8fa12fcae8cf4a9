package io.clusterindex.metrics;

import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import io.clusterindex.topology.StoreNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code cluster_index_namespace_clusters}: live clusters per namespace from this instance's running stats (the
 * namespaces whose stats key its tasks own, so that the instances' figures add up without double counting), bounded
 * by {@link NamespaceClusters}; and {@code cluster_index_namespaces}, how many namespaces that is. Read on the
 * scraping thread ({@link #refresh}), never on a stream thread; while the store cannot be read (rebalancing,
 * starting) the rows of the last read stay.
 */
final class NamespaceClustersGauge {
    private final Supplier<List<NamespaceClusters.Row>> source;
    private final int limit;
    private final MultiGauge rows;
    private final AtomicLong namespaces = new AtomicLong();

    NamespaceClustersGauge(MeterRegistry registry, Supplier<List<NamespaceClusters.Row>> source, int limit) {
        this.source = source;
        this.limit = limit;
        this.rows = MultiGauge.builder("cluster.index.namespace.clusters")
                .description("Live clusters per namespace in this instance's stats: the " + limit
                        + " largest namespaces, the others summed under namespace=\"_other\"")
                .register(registry);
        Gauge.builder("cluster.index.namespaces", namespaces, AtomicLong::get)
                .description("Namespaces with live clusters in this instance's stats").register(registry);
    }

    /** Reads the stats again and replaces the rows. */
    void refresh() {
        List<NamespaceClusters.Row> all;
        try {
            all = source.get();
        } catch (InvalidStateStoreException e) {
            return;
        }
        namespaces.set(all.size());
        List<MultiGauge.Row<?>> next = new ArrayList<>();
        for (NamespaceClusters.Row row : NamespaceClusters.top(all, limit)) {
            next.add(MultiGauge.Row.of(Tags.of("organization", row.organization(), "namespace", row.namespace()),
                    row.clusters()));
        }
        rows.register(next, true);
    }

    /** The namespaces of this instance's stats store (its active stats tasks), with their live clusters. */
    static Supplier<List<NamespaceClusters.Row>> fromStore(KafkaStreams streams) {
        return () -> {
            ReadOnlyKeyValueStore<String, NamespaceStats> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.NAMESPACE_STATS, QueryableStoreTypes.<String, NamespaceStats>keyValueStore()));
            List<NamespaceClusters.Row> all = new ArrayList<>();
            try (KeyValueIterator<String, NamespaceStats> it = store.all()) {
                it.forEachRemaining(entry -> {
                    if (entry.value != null && entry.value.totalClusters() > 0) {
                        all.add(new NamespaceClusters.Row(StatsKey.organizationOf(entry.key),
                                StatsKey.namespaceOf(entry.key), entry.value.totalClusters()));
                    }
                });
            }
            return all;
        };
    }
}
