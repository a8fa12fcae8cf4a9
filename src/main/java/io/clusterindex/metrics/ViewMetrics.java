package io.clusterindex.metrics;

import io.clusterindex.index.ViewIndex;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The view index's memory and loads, and the view positions per {@code cluster-events} partition. The gauges hold
 * what they read strongly: Micrometer's default weak reference would let the positions' supplier be collected.
 */
final class ViewMetrics {
    private ViewMetrics() {
    }

    static void bind(MeterRegistry registry, ViewIndex index, int eventPartitions,
                     Supplier<SortedMap<Integer, Long>> positions) {
        Gauge.builder("cluster.index.view.index.memory", index, ViewIndex::estimatedBytes).baseUnit("bytes")
                .description("Estimated heap held by the view index of the partitions loaded on this instance")
                .strongReference(true).register(registry);
        FunctionCounter.builder("cluster.index.view.index.rebuilds", index, ViewIndex::rebuildCount)
                .description("Partitions of the view index loaded from the local store (a fold task started)")
                .register(registry);
        FunctionCounter.builder("cluster.index.view.index.rebuild.time", index,
                        i -> i.rebuildNanos() / (double) TimeUnit.SECONDS.toNanos(1)).baseUnit("seconds")
                .description("Time spent loading partitions of the view index").register(registry);
        for (int partition = 0; partition < eventPartitions; partition++) {
            int p = partition;
            Gauge.builder("cluster.index.view.offset", positions, all -> all.get().getOrDefault(p, -1L))
                    .description("Offset of cluster-events up to which this instance's view has handled every record "
                            + "(X-View-Offsets; -1: none yet)")
                    .tag("partition", Integer.toString(partition)).strongReference(true).register(registry);
        }
    }
}
