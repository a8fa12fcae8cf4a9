package io.clusterindex.topology;

import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.stats.StatsKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Sums the fold task's per-event stats deltas by namespace and sends the sums on, one record per namespace and
 * flush, instead of one record per event: the repartition topic and the stats task see a few records per commit
 * interval rather than one per applied event.
 *
 * <p>The sums not yet sent live in {@link StoreNames#TASK_STATS} (in memory, changelogged in the task's transaction),
 * so a crash, restart, aborted transaction or task migration neither loses nor repeats a delta: the store comes back
 * exactly as it was at the last commit, together with the input offsets that produced it, and {@link #init} takes
 * the sums from the store alone. A wall-clock punctuation every commit interval sends the sums and clears the
 * store, within the same transaction.
 */
final class TaskStatsProcessor implements Processor<byte[], FoldOutput, String, StatsChange> {
    private static final long DEFAULT_FLUSH_MS = 100;

    /** The store's contents, so that an event costs a cache put but no read and decoding. */
    private final Map<String, ValueAndTimestamp<StatsChange>> pending = new HashMap<>();
    private ProcessorContext<String, StatsChange> context;
    private TimestampedKeyValueStore<String, StatsChange> store;

    @Override
    public void init(ProcessorContext<String, StatsChange> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.TASK_STATS);
        // a task revived after an aborted transaction runs init again on this same instance: forget what was summed
        // since the last commit, the store has been restored to that commit and those records come again
        pending.clear();
        try (KeyValueIterator<String, ValueAndTimestamp<StatsChange>> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                pending.put(entry.key, entry.value);
            }
        }
        context.schedule(Duration.ofMillis(flushIntervalMs(context.appConfigs())), PunctuationType.WALL_CLOCK_TIME,
                now -> flush());
    }

    /** The commit interval: sums wait at most about one commit interval longer than single deltas did. */
    static long flushIntervalMs(Map<String, Object> configs) {
        Object configured = configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        long interval = configured == null ? DEFAULT_FLUSH_MS : Long.parseLong(configured.toString());
        return Math.max(1, Math.min(interval, 1_000));
    }

    @Override
    public void process(Record<byte[], FoldOutput> record) {
        FoldOutput.StatsChange out = (FoldOutput.StatsChange) record.value();
        StatsDelta delta = out.delta();
        if (Objects.equals(delta.removed(), delta.added())) {
            return;
        }
        String key = StatsKey.of(out.organizationId(), delta.namespaceId());
        StatsChange change = StatsChange.of(delta);
        ValueAndTimestamp<StatsChange> previous = pending.get(key);
        if (previous != null) {
            change = previous.value().plus(change);
        }
        if (change.isZero()) {
            pending.remove(key);
            store.delete(key);
            return;
        }
        long timestamp = previous == null ? record.timestamp() : Math.max(previous.timestamp(), record.timestamp());
        ValueAndTimestamp<StatsChange> sum = ValueAndTimestamp.make(change, timestamp);
        pending.put(key, sum);
        store.put(key, sum);
    }

    @Override
    public void close() {
        pending.clear();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, ValueAndTimestamp<StatsChange>> entry : pending.entrySet()) {
            context.forward(new Record<>(entry.getKey(), entry.getValue().value(), entry.getValue().timestamp()));
            store.delete(entry.getKey());
        }
        pending.clear();
    }
}
