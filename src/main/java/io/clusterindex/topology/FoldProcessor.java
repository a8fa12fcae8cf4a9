package io.clusterindex.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.events.Rejection;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.index.IndexPartition;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.StatsDelta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each event of the clusters this fold task owns to the clusters store through {@link ClusterFold} and
 * emits the view change, the stats delta, or the dead letter. Everything it writes is part of the task's
 * transaction. It also keeps the partition's {@link ViewIndex} current: loaded from the (restored) store when the
 * task starts, updated with each applied event, dropped when the task closes.
 *
 * <p><b>Hand-over.</b> A store written before events were routed to their cluster's owner ({@link EventRouting}) may
 * hold clusters that another task owns (their events were published with another partitioner, or the number of
 * partitions changed). {@link #init} counts them and, if there are any, a punctuation moves them to their owner in
 * batches: the state goes to the owner's partition of the rerouted-events topic and leaves this store, index and
 * stats in the same transaction; the owner {@linkplain #adopt adopts} it unless it holds a later sequence of that
 * cluster. So every cluster ends up in one task, counted once.
 */
final class FoldProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FoldProcessor.class);
    /** Store entries one hand-over round looks at; a round runs every commit interval until the store is done. */
    static final int HANDOFF_SCAN = 10_000;

    private final FoldCounters counters;
    private final ViewIndex index;
    private final int partitions;
    private final Serializer<ClusterState> states = StateSerdes.clusterState().serializer();
    private final Deserializer<ClusterState> readStates = StateSerdes.clusterState().deserializer();
    private ProcessorContext<byte[], FoldOutput> context;
    private KeyValueStore<String, ClusterState> store;
    private IndexPartition indexed;
    private int task;
    /** The last key a hand-over round looked at (null: start from the first). */
    private String handoffAfter;
    private Cancellable handoff;
    private long handedOver;
    /** Misplaced clusters found at start that are not handed over yet (0: nothing to check). */
    private long misplacedLeft;

    /** @param partitions how many partitions {@code cluster-events} has (which task owns which cluster) */
    FoldProcessor(FoldCounters counters, ViewIndex index, int partitions) {
        this.counters = counters;
        this.index = index;
        this.partitions = partitions;
    }

    /** Where a record was published: named in its dead letter. */
    record Source(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    void init(ProcessorContext<byte[], FoldOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.CLUSTERS);
        this.task = context.taskId().partition();
        long started = System.nanoTime();
        indexed = index.open(task);
        int clusters = 0;
        int misplaced = 0;
        try (KeyValueIterator<String, ClusterState> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value.isLive()) {
                    indexed.upsert(entry.key, entry.value.sequence(), entry.value.cluster());
                    clusters++;
                }
                if (partitions > 1 && EventRouting.owner(entry.key, partitions) != task) {
                    misplaced++;
                }
            }
        }
        indexed.ready();
        LOG.info("view index of partition {} loaded: {} clusters in {} ms", task, clusters,
                (System.nanoTime() - started) / 1_000_000);
        handoffAfter = null;
        handedOver = 0;
        misplacedLeft = misplaced;
        if (misplaced > 0) {
            LOG.warn("partition {} holds {} clusters owned by other partitions (events published with another "
                    + "partitioner before this version, or a changed partition count): handing them over", task,
                    misplaced);
            handoff = context.schedule(Duration.ofMillis(TaskStatsProcessor.flushIntervalMs(context.appConfigs())),
                    PunctuationType.WALL_CLOCK_TIME, now -> handOverSome());
        }
    }

    void close() {
        if (handoff != null) {
            handoff.cancel();
        }
        if (indexed != null) {
            indexed.close();
        }
    }

    /** Folds one event of a cluster this task owns, published at {@code source}. */
    void process(Record<byte[], byte[]> record, Source source) {
        ParseResult parsed = EventParser.parse(record.key(), record.value());
        if (parsed instanceof ParseResult.Invalid invalid) {
            deadLetter(record, invalid.rejection(), source);
            return;
        }
        ClusterEvent event = ((ParseResult.Parsed) parsed).event();
        ClusterState current = store.get(event.clusterId());
        FoldOutcome outcome = ClusterFold.apply(event, current);
        if (outcome instanceof FoldOutcome.Applied applied) {
            store.put(event.clusterId(), applied.state());
            indexed.enqueue(event.clusterId(), applied.state(), current, applied.changes());
            byte[] clusterKey = event.clusterId().getBytes(StandardCharsets.UTF_8);
            forward(clusterKey, new FoldOutput.ViewChange(applied.state().clusterJson()), record.timestamp());
            Contribution before = contribution(current);
            Contribution after = contribution(applied.state());
            if (!Objects.equals(before, after)) {
                // a patch that keeps the status and the document count changes no stats: nothing to sum
                forward(clusterKey, new FoldOutput.StatsChange(event.organizationId(),
                        new StatsDelta(event.namespaceId(), before, after)), record.timestamp());
            }
            counters.applied();
        } else if (outcome instanceof FoldOutcome.Rejected rejected) {
            deadLetter(record, rejected.rejection(), source);
        } else {
            counters.duplicate();
            LOG.debug("skipped duplicate event {} of cluster {} (sequence {} <= {})", event.eventId(),
                    event.clusterId(), event.sequence(), ((FoldOutcome.Skipped) outcome).lastAppliedSequence());
        }
    }

    /**
     * Takes on a cluster's state handed over by another task, unless this task already holds that cluster at the
     * same or a later sequence (the later state wins, as the sequence rule says).
     */
    void adopt(Record<byte[], byte[]> record) {
        String clusterId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ClusterState incoming;
        try {
            incoming = record.value() == null ? null : readStates.deserialize(null, record.value());
        } catch (SerializationException e) {
            incoming = null;
        }
        if (clusterId == null || incoming == null) {
            LOG.warn("ignored a state hand-over without a cluster id or a readable state");
            return;
        }
        ClusterState current = store.get(clusterId);
        if (current != null && current.sequence() >= incoming.sequence()) {
            LOG.debug("kept cluster {} at sequence {} over the handed-over sequence {}", clusterId,
                    current.sequence(), incoming.sequence());
            return;
        }
        store.put(clusterId, incoming);
        ObjectNode before = current == null ? null : current.cluster();
        indexed.enqueue(clusterId, incoming, current, null);
        if (before != null || incoming.isLive()) {
            forward(record.key(), new FoldOutput.ViewChange(incoming.clusterJson()), record.timestamp());
        }
        statsChange(record.key(), before, incoming.cluster(), record.timestamp());
        counters.adopted();
    }

    /**
     * Hands the cluster with this id over now if this task still holds it although another task owns it: called
     * before an event of that cluster is rerouted to its owner, so that the owner gets the state before the event
     * (both travel through the same partition of the rerouted-events topic, in this order).
     */
    void handOverIfHeld(byte[] clusterIdUtf8, long timestamp) {
        if (misplacedLeft <= 0 || clusterIdUtf8 == null) {
            return;
        }
        String clusterId = new String(clusterIdUtf8, StandardCharsets.UTF_8);
        ClusterState state = store.get(clusterId);
        if (state != null && EventRouting.owner(clusterId, partitions) != task) {
            handOver(clusterId, state, timestamp);
        }
    }

    /** One round of the hand-over: looks at up to {@link #HANDOFF_SCAN} entries and moves the misplaced ones. */
    private void handOverSome() {
        List<KeyValue<String, ClusterState>> misplaced = new ArrayList<>();
        String last = handoffAfter;
        boolean done;
        try (KeyValueIterator<String, ClusterState> entries = handoffAfter == null ? store.all()
                : store.range(handoffAfter, null)) {
            int scanned = 0;
            while (entries.hasNext() && scanned < HANDOFF_SCAN) {
                KeyValue<String, ClusterState> entry = entries.next();
                if (entry.key.equals(handoffAfter)) {
                    continue;
                }
                scanned++;
                last = entry.key;
                if (EventRouting.owner(entry.key, partitions) != task) {
                    misplaced.add(entry);
                }
            }
            done = !entries.hasNext();
        }
        long timestamp = Math.max(0, context.currentStreamTimeMs());
        for (KeyValue<String, ClusterState> entry : misplaced) {
            handOver(entry.key, entry.value, timestamp);
        }
        handoffAfter = last;
        if (done) {
            handoff.cancel();
            handoff = null;
            LOG.info("partition {} handed {} clusters over to their owners", task, handedOver);
        }
    }

    private void handOver(String clusterId, ClusterState state, long timestamp) {
        int owner = EventRouting.owner(clusterId, partitions);
        byte[] key = clusterId.getBytes(StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders();
        headers.add(EventRouting.HANDOFF, new EventRouting.Position(task, 0).encode());
        context.forward(new Record<byte[], FoldOutput>(key, new FoldOutput.Routed(owner, states.serialize(null, state)),
                timestamp, headers));
        store.delete(clusterId);
        if (state.isLive()) {
            indexed.enqueue(clusterId, new ClusterState(state.sequence(), null), state, null);
            statsChange(key, state.cluster(), null, timestamp);
        }
        handedOver++;
        misplacedLeft--;
        counters.handedOver();
    }

    /** The stats deltas of a cluster going from {@code before} to {@code after} (either null: absent). */
    private void statsChange(byte[] key, ObjectNode before, ObjectNode after, long timestamp) {
        if (before != null && after != null && Objects.equals(text(before, "namespace_id"), text(after, "namespace_id"))
                && Objects.equals(text(before, "organization_id"), text(after, "organization_id"))) {
            forward(key, new FoldOutput.StatsChange(text(after, "organization_id"), new StatsDelta(
                    text(after, "namespace_id"), Contribution.of(before), Contribution.of(after))), timestamp);
            return;
        }
        if (before != null) {
            forward(key, new FoldOutput.StatsChange(text(before, "organization_id"), new StatsDelta(
                    text(before, "namespace_id"), Contribution.of(before), null)), timestamp);
        }
        if (after != null) {
            forward(key, new FoldOutput.StatsChange(text(after, "organization_id"), new StatsDelta(
                    text(after, "namespace_id"), null, Contribution.of(after))), timestamp);
        }
    }

    /** What the cluster adds to its namespace's stats, from its header; null when absent or deleted. */
    static Contribution contribution(ClusterState state) {
        ClusterState.Header header = state == null ? null : state.header();
        return header == null ? null : new Contribution(header.status(), header.documents());
    }

    private static String text(ObjectNode cluster, String field) {
        return cluster.get(field).textValue();
    }

    private void forward(byte[] key, FoldOutput output, long timestamp) {
        context.forward(new Record<>(key, output, timestamp, new RecordHeaders()));
    }

    private void deadLetter(Record<byte[], byte[]> record, Rejection rejection, Source source) {
        Headers headers = EventRouting.withoutInternal(record.headers());
        add(headers, DeadLetterHeaders.ERROR_CODE, rejection.code().name());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, rejection.message());
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        if (rejection.eventId() != null) {
            add(headers, DeadLetterHeaders.EVENT_ID, rejection.eventId());
        }
        context.forward(new Record<byte[], FoldOutput>(record.key(), new FoldOutput.DeadLetter(record.value()),
                record.timestamp(), headers));
        counters.deadLettered(rejection.code());
        LOG.info("dead-lettered {} event_id={}: {} {}", source, rejection.eventId(), rejection.code(),
                rejection.message());
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
