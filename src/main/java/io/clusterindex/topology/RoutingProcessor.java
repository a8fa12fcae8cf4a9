package io.clusterindex.topology;

import io.clusterindex.index.ViewPositions;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fold task of one {@code cluster-events} partition: routes each record of its partition to the task that owns
 * its cluster ({@link EventRouting}), folds those it owns and those other tasks reroute to it ({@link FoldProcessor}),
 * and records how far it has got in {@link ViewPositions} and in its {@link StoreNames#VIEW_POSITIONS} store.
 *
 * <p>The store is changelogged in the same transaction as the clusters store, so a restore brings back exactly the
 * positions the restored view reflects. Its keys: {@code p >= 0} holds {@code handled[task][p]} (for {@code p} =
 * this task's partition: the last offset of its partition it has routed, the only entry before rerouting existed),
 * {@code -(t + 1)} holds the last offset of its partition it rerouted to task {@code t}. The positions are kept in
 * arrays as records are handled and written to the store when the task commits ({@link CommitTimeStore}). A
 * wall-clock punctuation sends each other task a progress marker, at most once per commit interval and only when
 * this task has routed more records since its last marker to it, so that every task learns that nothing more of
 * this partition is coming its way up to that offset.
 */
final class RoutingProcessor implements Processor<byte[], byte[], byte[], FoldOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingProcessor.class);

    private final FoldProcessor fold;
    private final ViewPositions positions;
    private final FoldCounters counters;
    private final String eventsTopic;
    private final String reroutedTopic;
    private final int partitions;
    private ProcessorContext<byte[], FoldOutput> context;
    private CommitTimeStore<KeyValueStore<Integer, Long>> root;
    private KeyValueStore<Integer, Long> store;
    private int task = -1;
    /** {@code handled[task][p]} by source partition {@code p}, and as the store holds it (written at commits). */
    private long[] handled;
    private long[] handledStored;
    /** The last offset of this task's partition rerouted to each task, and as the store holds it. */
    private long[] rerouted;
    private long[] reroutedStored;
    /** The offset of the last progress marker sent to each task since this one started. */
    private long[] marked;

    RoutingProcessor(FoldProcessor fold, ViewPositions positions, FoldCounters counters, Topics topics) {
        this.fold = fold;
        this.positions = positions;
        this.counters = counters;
        this.eventsTopic = topics.events();
        this.reroutedTopic = topics.rerouted();
        this.partitions = positions.partitions();
    }

    /** Runs after the task's stores are restored: the stored positions are those the restored view reflects. */
    @Override
    public void init(ProcessorContext<byte[], FoldOutput> context) {
        fold.init(context);
        this.context = context;
        this.root = context.getStateStore(StoreNames.VIEW_POSITIONS);
        this.store = root.store();
        this.task = context.taskId().partition();
        handled = none();
        rerouted = none();
        try (KeyValueIterator<Integer, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Integer, Long> entry = all.next();
                int key = entry.key;
                if (key >= 0 && key < partitions) {
                    handled[key] = entry.value;
                } else if (key < 0 && -(key + 1) < partitions) {
                    rerouted[-(key + 1)] = entry.value;
                }
            }
        }
        marked = none();
        handledStored = handled.clone();
        reroutedStored = rerouted.clone();
        positions.started(task, handled, rerouted);
        root.beforeCommit(this::write);
        if (partitions > 1) {
            context.schedule(Duration.ofMillis(TaskStatsProcessor.flushIntervalMs(context.appConfigs())),
                    PunctuationType.WALL_CLOCK_TIME, now -> sendMarkers());
        }
    }

    private long[] none() {
        long[] values = new long[partitions];
        Arrays.fill(values, ViewPositions.NONE);
        return values;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        if (metadata.topic().equals(reroutedTopic)) {
            fromOtherTask(record, metadata);
            return;
        }
        int owner = record.key() == null || partitions == 1 ? task : EventRouting.owner(record.key(), partitions);
        if (owner == task) {
            fold.process(record, new FoldProcessor.Source(metadata.topic(), metadata.partition(), metadata.offset()));
        } else {
            fold.handOverIfHeld(record.key(), record.timestamp());
            Headers headers = EventRouting.withInternal(record.headers(), EventRouting.SOURCE,
                    new EventRouting.Position(metadata.partition(), metadata.offset()));
            context.forward(new Record<byte[], FoldOutput>(record.key(),
                    new FoldOutput.Routed(owner, record.value()), record.timestamp(), headers));
            rerouted[owner] = metadata.offset();
            positions.rerouted(task, owner, metadata.offset());
            counters.rerouted();
        }
        advance(task, metadata.offset());
    }

    private void fromOtherTask(Record<byte[], byte[]> record, RecordMetadata metadata) {
        Headers headers = record.headers();
        EventRouting.Position marker = EventRouting.Position.decode(headers.lastHeader(EventRouting.MARKER));
        if (marker != null && marker.partition() >= 0 && marker.partition() < partitions) {
            advance(marker.partition(), marker.offset());
            return;
        }
        if (headers.lastHeader(EventRouting.HANDOFF) != null) {
            fold.adopt(record);
            return;
        }
        EventRouting.Position source = EventRouting.Position.decode(headers.lastHeader(EventRouting.SOURCE));
        if (source == null || source.partition() < 0 || source.partition() >= partitions) {
            // not written by a fold task: fold it as an event published here, so that a bad one is dead-lettered
            LOG.warn("record {}-{}@{} has no valid {} header; folded as an event of that topic", metadata.topic(),
                    metadata.partition(), metadata.offset(), EventRouting.SOURCE);
            fold.process(record, new FoldProcessor.Source(metadata.topic(), metadata.partition(), metadata.offset()));
            return;
        }
        fold.process(record.withHeaders(EventRouting.withoutInternal(headers)),
                new FoldProcessor.Source(eventsTopic, source.partition(), source.offset()));
        advance(source.partition(), source.offset());
    }

    /** Every record of {@code source} meant for this task up to {@code offset} is handled. */
    private void advance(int source, long offset) {
        if (offset > handled[source]) {
            handled[source] = offset;
            positions.handled(task, source, offset);
        }
    }

    /** Before a commit: the store gets every position changed since the last one. */
    private void write() {
        for (int p = 0; p < partitions; p++) {
            if (handled[p] != handledStored[p]) {
                store.put(p, handled[p]);
                handledStored[p] = handled[p];
            }
            if (rerouted[p] != reroutedStored[p]) {
                store.put(-(p + 1), rerouted[p]);
                reroutedStored[p] = rerouted[p];
            }
        }
    }

    private void sendMarkers() {
        long routed = handled[task];
        if (routed == ViewPositions.NONE) {
            return;
        }
        long timestamp = Math.max(0, context.currentStreamTimeMs());
        for (int target = 0; target < partitions; target++) {
            if (target != task && marked[target] < routed) {
                Headers headers = new RecordHeaders();
                headers.add(EventRouting.MARKER, new EventRouting.Position(task, routed).encode());
                context.forward(new Record<byte[], FoldOutput>(null, new FoldOutput.Routed(target, null), timestamp,
                        headers));
                marked[target] = routed;
            }
        }
    }

    @Override
    public void close() {
        if (root != null) {
            root.noCommitWrite();
        }
        try {
            fold.close();
        } finally {
            if (task >= 0) {
                positions.released(task);
            }
        }
    }
}
