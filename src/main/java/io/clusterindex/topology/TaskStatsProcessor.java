package io.clusterindex.topology;

import io.clusterindex.stats.Contribution;
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
 * <p>The sums not yet sent are kept here, in mutable sums (an event adds to its namespace's sum and allocates
 * nothing), and in {@link StoreNames#TASK_STATS} (in memory, changelogged in the task's transaction), which is
 * written when the task commits ({@link CommitTimeStore}): every changed sum is put, every sum back at zero deleted.
 * So a crash, restart, aborted transaction or task migration neither loses nor repeats a delta: the store comes back
 * exactly as it was at the last commit, together with the input offsets that produced it, and {@link #init} takes
 * the sums from the store alone. A wall-clock punctuation every commit interval sends the sums and clears the
 * store, within the same transaction.
 */
final class TaskStatsProcessor implements Processor<byte[], FoldOutput, String, StatsChange> {
    private static final long DEFAULT_FLUSH_MS = 100;

    /** The sums not yet sent, by organization then namespace: an event finds its sum without building a key. */
    private final Map<String, Map<String, Sum>> sums = new HashMap<>();
    private ProcessorContext<String, StatsChange> context;
    private CommitTimeStore<TimestampedKeyValueStore<String, StatsChange>> root;
    private TimestampedKeyValueStore<String, StatsChange> store;

    @Override
    public void init(ProcessorContext<String, StatsChange> context) {
        this.context = context;
        this.root = context.getStateStore(StoreNames.TASK_STATS);
        this.store = root.store();
        // a task revived after an aborted transaction runs init again on this same instance: forget what was summed
        // since the last commit, the store has been restored to that commit and those records come again
        sums.clear();
        try (KeyValueIterator<String, ValueAndTimestamp<StatsChange>> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                Sum sum = sum(StatsKey.organizationOf(entry.key), entry.value.value().namespaceId());
                sum.add(entry.value.value(), entry.value.timestamp());
                sum.stored = true;
                sum.dirty = false;
            }
        }
        root.beforeCommit(this::write);
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
        sum(out.organizationId(), delta.namespaceId()).add(delta, record.timestamp());
    }

    /** The sum of a namespace, made on its first event since the last send (no capturing lambda per event). */
    private Sum sum(String organizationId, String namespaceId) {
        Map<String, Sum> byNamespace = sums.computeIfAbsent(organizationId, org -> new HashMap<>());
        Sum sum = byNamespace.get(namespaceId);
        if (sum == null) {
            sum = new Sum(StatsKey.of(organizationId, namespaceId), namespaceId);
            byNamespace.put(namespaceId, sum);
        }
        return sum;
    }

    /** Before a commit: the store gets every sum changed since the last one (deleted when back at zero). */
    private void write() {
        for (Map<String, Sum> byNamespace : sums.values()) {
            for (Sum sum : byNamespace.values()) {
                if (!sum.dirty) {
                    continue;
                }
                sum.dirty = false;
                if (!sum.isZero()) {
                    store.put(sum.key, ValueAndTimestamp.make(sum.change(), sum.timestamp));
                    sum.stored = true;
                } else if (sum.stored) {
                    store.delete(sum.key);
                    sum.stored = false;
                }
            }
        }
    }

    @Override
    public void close() {
        sums.clear();
        if (root != null) {
            root.noCommitWrite();
        }
    }

    private void flush() {
        for (Map<String, Sum> byNamespace : sums.values()) {
            for (Sum sum : byNamespace.values()) {
                if (!sum.isZero()) {
                    context.forward(new Record<>(sum.key, sum.change(), sum.timestamp));
                }
                if (sum.stored) {
                    store.delete(sum.key);
                }
            }
        }
        sums.clear();
    }

    /** One namespace's sum not yet sent: what {@link StatsChange#plus} of its deltas would give, kept mutable. */
    private static final class Sum {
        final String key;
        final String namespaceId;
        long clusters;
        long documents;
        /** Count by status; statuses whose count is back at zero stay, and are left out of {@link #change}. */
        final Map<String, long[]> byStatus = new HashMap<>(8);
        /** Of the latest record since the sum was last zero. */
        long timestamp;
        /** Changed since the store was last written. */
        boolean dirty;
        /** The store holds a value for it (written at a commit, or restored). */
        boolean stored;

        Sum(String key, String namespaceId) {
            this.key = key;
            this.namespaceId = namespaceId;
        }

        void add(StatsDelta delta, long recordTimestamp) {
            stamp(recordTimestamp);
            add(delta.removed(), -1);
            add(delta.added(), 1);
        }

        void add(StatsChange change, long recordTimestamp) {
            stamp(recordTimestamp);
            clusters += change.clusters();
            documents += change.documents();
            change.byStatus().forEach((status, count) -> byStatus.computeIfAbsent(status, s -> new long[1])[0] += count);
        }

        private void add(Contribution contribution, int sign) {
            if (contribution != null) {
                clusters += sign;
                documents += sign * contribution.documents();
                byStatus.computeIfAbsent(contribution.status(), s -> new long[1])[0] += sign;
            }
        }

        private void stamp(long recordTimestamp) {
            timestamp = isZero() ? recordTimestamp : Math.max(timestamp, recordTimestamp);
            dirty = true;
        }

        boolean isZero() {
            if (clusters != 0 || documents != 0) {
                return false;
            }
            for (long[] count : byStatus.values()) {
                if (count[0] != 0) {
                    return false;
                }
            }
            return true;
        }

        StatsChange change() {
            Map<String, Long> counts = new HashMap<>();
            byStatus.forEach((status, count) -> counts.put(status, count[0]));
            return new StatsChange(namespaceId, clusters, documents, counts);
        }
    }
}
