package io.clusterindex.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.stats.StatsKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskStatsProcessor} against its store directly: what the driver cannot show, since it commits after every
 * record and does not restore in-memory stores. The store must hold exactly the unsent sums after every commit (it
 * is what a restore brings back) and be left alone between commits, and a task revived on the same processor
 * instance must take its sums from the restored store alone.
 */
class TaskStatsProcessorTest {
    private static final String ORG = "org_1";
    private static final String OTHER_ORG = "org_2";
    private static final List<String> NAMESPACES = List.of("ns_a", "ns_b", "ns_c");
    private static final List<String> STATUSES = List.of("PENDING", "PROCESSING", "COMPLETED");

    private static MockProcessorContext<String, StatsChange> contextWithStore() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "task-stats-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        MockProcessorContext<String, StatsChange> context = new MockProcessorContext<>(props);
        CommitTimeStore<TimestampedKeyValueStore<String, StatsChange>> root = new CommitTimeStore<>(
                Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.TASK_STATS),
                        Serdes.String(), StateSerdes.statsChange()).withLoggingDisabled().build());
        root.init(context.getStateStoreContext(), root);
        context.addStateStore(root);
        return context;
    }

    private static CommitTimeStore<TimestampedKeyValueStore<String, StatsChange>> root(
            MockProcessorContext<String, StatsChange> context) {
        return context.getStateStore(StoreNames.TASK_STATS);
    }

    private static TimestampedKeyValueStore<String, StatsChange> store(MockProcessorContext<String, StatsChange> context) {
        return root(context).store();
    }

    /** What Kafka Streams does before it commits the task. */
    private static void commit(MockProcessorContext<String, StatsChange> context) {
        root(context).flushCache();
    }

    @Test
    void theStoreHoldsExactlyTheUnsentSumsAfterEveryCommitIsLeftAloneBetweenAndTheFlushSendsThem() {
        Random random = new Random(11);
        MockProcessorContext<String, StatsChange> context = contextWithStore();
        TaskStatsProcessor processor = new TaskStatsProcessor();
        processor.init(context);
        Map<String, ValueAndTimestamp<StatsChange>> expected = new TreeMap<>();
        Map<String, ValueAndTimestamp<StatsChange>> committed = new TreeMap<>();
        Map<String, StatsChange> sent = new HashMap<>();
        int flushes = 0;
        int commits = 0;
        for (int step = 0; step < 4_000; step++) {
            int action = random.nextInt(50);
            if (action == 0) {
                context.resetForwards();
                context.scheduledPunctuators().get(0).getPunctuator().punctuate(step);
                flushes++;
                Map<String, ValueAndTimestamp<StatsChange>> forwarded = new TreeMap<>();
                context.forwarded().forEach(f -> forwarded.put(f.record().key(),
                        ValueAndTimestamp.make(f.record().value(), f.record().timestamp())));
                assertThat(forwarded).as("sent at step %d", step).isEqualTo(expected);
                forwarded.forEach((key, change) -> sent.merge(key, change.value(), StatsChange::plus));
                expected.clear();
                committed.clear();
            } else if (action < 8) {
                commit(context);
                commits++;
                committed = new TreeMap<>(expected);
            } else {
                String org = random.nextInt(4) == 0 ? OTHER_ORG : ORG;
                String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
                StatsDelta delta = new StatsDelta(namespace, randomContribution(random), randomContribution(random));
                long timestamp = 1_000 + random.nextInt(100);
                processor.process(new Record<>(new byte[0], new FoldOutput.StatsChange(org, delta), timestamp));
                if (!Objects.equals(delta.removed(), delta.added())) {
                    String key = StatsKey.of(org, namespace);
                    ValueAndTimestamp<StatsChange> previous = expected.get(key);
                    StatsChange sum = previous == null ? StatsChange.of(delta)
                            : previous.value().plus(StatsChange.of(delta));
                    if (sum.isZero()) {
                        expected.remove(key);
                    } else {
                        expected.put(key, ValueAndTimestamp.make(sum,
                                previous == null ? timestamp : Math.max(previous.timestamp(), timestamp)));
                    }
                }
            }
            assertThat(contents(store(context))).as("store after step %d", step).isEqualTo(committed);
        }
        assertThat(flushes).isGreaterThan(50);
        assertThat(commits).isGreaterThan(300);
        assertThat(sent).isNotEmpty();
    }

    @Test
    void aRevivedTaskTakesItsSumsFromTheRestoredStoreAlone() {
        MockProcessorContext<String, StatsChange> context = contextWithStore();
        TaskStatsProcessor processor = new TaskStatsProcessor();
        processor.init(context);
        StatsDelta created = new StatsDelta("ns_a", null, new Contribution("PENDING", 0));
        processor.process(new Record<>(new byte[0], new FoldOutput.StatsChange(ORG, created), 1L));
        processor.process(new Record<>(new byte[0], new FoldOutput.StatsChange(ORG,
                new StatsDelta("ns_b", null, new Contribution("PENDING", 0))), 2L));

        // the transaction aborts: the task is closed dirty and revived on the same processor instance, its store
        // restored to the last commit, which held one earlier sum of ns_c and none of ns_a or ns_b
        processor.close();
        commit(context);
        assertThat(contents(store(context))).as("a closed processor writes nothing at a commit").isEmpty();
        MockProcessorContext<String, StatsChange> revived = contextWithStore();
        StatsChange committed = StatsChange.of(new StatsDelta("ns_c", null, new Contribution("COMPLETED", 5)));
        store(revived).put(StatsKey.of(ORG, "ns_c"), ValueAndTimestamp.make(committed, 0L));
        processor.init(revived);
        commit(revived);
        assertThat(contents(store(revived))).as("restored sums, unchanged, are not written again")
                .containsOnlyKeys(StatsKey.of(ORG, "ns_c"));

        processor.process(new Record<>(new byte[0], new FoldOutput.StatsChange(ORG,
                new StatsDelta("ns_c", null, new Contribution("PENDING", 0))), 3L));
        commit(revived);
        StatsChange sum = committed.plus(StatsChange.of(new StatsDelta("ns_c", null, new Contribution("PENDING", 0))));
        assertThat(contents(store(revived))).containsExactly(Map.entry(StatsKey.of(ORG, "ns_c"),
                ValueAndTimestamp.make(sum, 3L)));

        revived.scheduledPunctuators().get(0).getPunctuator().punctuate(10);
        assertThat(revived.forwarded()).hasSize(1);
        assertThat(revived.forwarded().get(0).record().key()).isEqualTo(StatsKey.of(ORG, "ns_c"));
        assertThat(revived.forwarded().get(0).record().value()).isEqualTo(sum);
        assertThat(revived.forwarded().get(0).record().timestamp()).isEqualTo(3L);
        assertThat(contents(store(revived))).isEmpty();
    }

    private static Contribution randomContribution(Random random) {
        if (random.nextInt(5) == 0) {
            return null;
        }
        return new Contribution(STATUSES.get(random.nextInt(STATUSES.size())), random.nextInt(3) * 10L);
    }

    private static Map<String, ValueAndTimestamp<StatsChange>> contents(
            TimestampedKeyValueStore<String, StatsChange> store) {
        Map<String, ValueAndTimestamp<StatsChange>> all = new TreeMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<StatsChange>> it = store.all()) {
            it.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }
}
