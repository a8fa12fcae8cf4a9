package io.clusterindex.topology;

import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.events.Rejection;
import io.clusterindex.query.engine.IndexPartition;
import io.clusterindex.query.engine.ViewIndex;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.view.ClusterFold;
import io.clusterindex.view.ClusterState;
import io.clusterindex.view.FoldOutcome;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each {@code cluster-events} record to the clusters store through {@link ClusterFold} and emits the view
 * change, the stats delta, or the dead letter. Everything it writes is part of the task's transaction. It also keeps
 * the partition's {@link ViewIndex} current: loaded from the (restored) store when the task starts, updated with each
 * applied event, dropped when the task closes.
 */
final class FoldProcessor implements Processor<byte[], byte[], byte[], FoldOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(FoldProcessor.class);

    private final FoldCounters counters;
    private final ViewIndex index;
    private ProcessorContext<byte[], FoldOutput> context;
    private KeyValueStore<String, ClusterState> store;
    private IndexPartition indexed;

    FoldProcessor(FoldCounters counters, ViewIndex index) {
        this.counters = counters;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<byte[], FoldOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.CLUSTERS);
        int partition = context.taskId().partition();
        long started = System.nanoTime();
        indexed = index.open(partition);
        int clusters = 0;
        try (KeyValueIterator<String, ClusterState> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value.isLive()) {
                    indexed.upsert(entry.key, entry.value.sequence(), entry.value.cluster());
                    clusters++;
                }
            }
        }
        indexed.ready();
        LOG.info("view index of partition {} loaded: {} clusters in {} ms", partition, clusters,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        if (indexed != null) {
            indexed.close();
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ParseResult parsed = EventParser.parse(record.key(), record.value());
        if (parsed instanceof ParseResult.Invalid invalid) {
            deadLetter(record, invalid.rejection());
            return;
        }
        ClusterEvent event = ((ParseResult.Parsed) parsed).event();
        ClusterState current = store.get(event.clusterId());
        FoldOutcome outcome = ClusterFold.apply(event, current);
        if (outcome instanceof FoldOutcome.Applied applied) {
            store.put(event.clusterId(), applied.state());
            indexed.enqueue(event.clusterId(), applied.state().sequence(), applied.state().cluster(),
                    current == null ? 0 : current.sequence(), applied.before());
            byte[] clusterKey = event.clusterId().getBytes(StandardCharsets.UTF_8);
            byte[] view = applied.state().clusterJson();
            context.forward(new Record<byte[], FoldOutput>(clusterKey, new FoldOutput.ViewChange(view),
                    record.timestamp(), new RecordHeaders()));
            StatsDelta delta = new StatsDelta(event.namespaceId(), Contribution.of(applied.before()),
                    Contribution.of(applied.after()));
            context.forward(new Record<byte[], FoldOutput>(clusterKey, new FoldOutput.StatsChange(event.organizationId(), delta),
                    record.timestamp(), new RecordHeaders()));
            counters.applied();
        } else if (outcome instanceof FoldOutcome.Rejected rejected) {
            deadLetter(record, rejected.rejection());
        } else {
            counters.duplicate();
            LOG.debug("skipped duplicate event {} of cluster {} (sequence {} <= {})", event.eventId(),
                    event.clusterId(), event.sequence(), ((FoldOutcome.Skipped) outcome).lastAppliedSequence());
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, Rejection rejection) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        add(headers, DeadLetterHeaders.ERROR_CODE, rejection.code().name());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, rejection.message());
        String source = "unknown";
        if (context.recordMetadata().isPresent()) {
            RecordMetadata metadata = context.recordMetadata().get();
            add(headers, DeadLetterHeaders.SOURCE_TOPIC, metadata.topic());
            add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(metadata.partition()));
            add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(metadata.offset()));
            source = metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
        }
        if (rejection.eventId() != null) {
            add(headers, DeadLetterHeaders.EVENT_ID, rejection.eventId());
        }
        context.forward(new Record<byte[], FoldOutput>(record.key(), new FoldOutput.DeadLetter(record.value()),
                record.timestamp(), headers));
        counters.deadLettered();
        LOG.info("dead-lettered {} event_id={}: {} {}", source, rejection.eventId(), rejection.code(),
                rejection.message());
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
