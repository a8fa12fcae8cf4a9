package io.clusterindex.metrics;

import io.clusterindex.events.ErrorCode;
import io.clusterindex.topology.FoldCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The fold's counters as Prometheus counters, read from {@link FoldCounters}' adders at scrape time (the stream
 * thread never touches Micrometer). Every dead-letter code has its series from the start, at 0 until one occurs.
 */
final class FoldMetrics {
    private FoldMetrics() {
    }

    static void bind(MeterRegistry registry, FoldCounters counters) {
        counter(registry, "cluster.index.events.applied", "Events applied to the view by this instance's fold tasks",
                counters, FoldCounters::appliedCount);
        counter(registry, "cluster.index.events.duplicate", "Events skipped as duplicates (sequence not above the "
                + "cluster's)", counters, FoldCounters::duplicateCount);
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("cluster.index.events.dead.lettered", counters, c -> c.deadLetteredCount(code))
                    .description("Records written to the dead-letter topic, by error.code")
                    .tag("code", code.name()).register(registry);
        }
        counter(registry, "cluster.index.events.rerouted", "Events passed on to the task owning their cluster "
                + "(published on another partition)", counters, FoldCounters::reroutedCount);
        counter(registry, "cluster.index.clusters.handed.over", "Cluster states handed over to their owning task",
                counters, FoldCounters::handedOverCount);
        counter(registry, "cluster.index.clusters.adopted", "Cluster states handed over by other tasks and taken on",
                counters, FoldCounters::adoptedCount);
    }

    private static void counter(MeterRegistry registry, String name, String description, FoldCounters counters,
                                ToDoubleFunction<FoldCounters> count) {
        FunctionCounter.builder(name, counters, count).description(description).register(registry);
    }
}
