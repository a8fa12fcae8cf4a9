package io.clusterindex.metrics;

import io.clusterindex.scatter.ScatterObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** Scatter-gather's reports as meters: fan-out as a histogram, fail-overs, unreachable instances, stale answers. */
final class ScatterMetrics implements ScatterObserver {
    private final DistributionSummary fanOut;
    private final Counter failOverRounds;
    private final Counter failOverPartitions;
    private final Counter stale;
    private final Counter notCovered;
    private final Counter unreachable;

    ScatterMetrics(MeterRegistry registry) {
        fanOut = DistributionSummary.builder("cluster.index.scatter.fanout").baseUnit("instances")
                .description("Instances asked at once for their shares of a list (each attempt, before fail-over)")
                .serviceLevelObjectives(1, 2, 3, 4, 6, 8, 12, 16, 32).register(registry);
        failOverRounds = Counter.builder("cluster.index.scatter.failover.rounds")
                .description("Fail-over rounds: missing partitions offered to instances keeping other copies")
                .register(registry);
        failOverPartitions = Counter.builder("cluster.index.scatter.failover.partitions")
                .description("Partitions offered to another copy, summed over fail-over rounds").register(registry);
        stale = Counter.builder("cluster.index.scatter.stale.answers")
                .description("Answers served in part from standby or restoring copies (X-View-Stale: true)")
                .register(registry);
        notCovered = Counter.builder("cluster.index.scatter.not.covered")
                .description("List attempts that some partitions' copies could not complete (503 unless retried)")
                .register(registry);
        unreachable = Counter.builder("cluster.index.scatter.unreachable")
                .description("Shares asked of an instance that could not be reached, failed or did not answer in time")
                .register(registry);
    }

    @Override
    public void fannedOut(int instances) {
        fanOut.record(instances);
    }

    @Override
    public void failedOver(int partitions) {
        failOverRounds.increment();
        failOverPartitions.increment(partitions);
    }

    @Override
    public void servedStale() {
        stale.increment();
    }

    @Override
    public void notCovered() {
        notCovered.increment();
    }

    @Override
    public void unreachable() {
        unreachable.increment();
    }
}
