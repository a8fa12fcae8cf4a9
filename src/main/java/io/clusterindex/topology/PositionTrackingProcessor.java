package io.clusterindex.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the fold on each {@code cluster-events} record, then records that record's offset as the partition's
 * position: in the task's {@link StoreNames#VIEW_POSITIONS} store (changelogged in the same transaction as the
 * clusters store, so that a restore brings back exactly the position the restored view reflects) and in the
 * shared {@link ViewPositions} that queries read.
 */
final class PositionTrackingProcessor implements Processor<byte[], byte[], byte[], FoldOutput> {
    private final Processor<byte[], byte[], byte[], FoldOutput> fold;
    private final ViewPositions positions;
    private ProcessorContext<byte[], FoldOutput> context;
    private KeyValueStore<Integer, Long> store;
    private int partition = -1;

    PositionTrackingProcessor(Processor<byte[], byte[], byte[], FoldOutput> fold, ViewPositions positions) {
        this.fold = fold;
        this.positions = positions;
    }

    /** Runs after the task's stores are restored: the stored position is the one the restored view reflects. */
    @Override
    public void init(ProcessorContext<byte[], FoldOutput> context) {
        fold.init(context);
        this.context = context;
        this.store = context.getStateStore(StoreNames.VIEW_POSITIONS);
        this.partition = context.taskId().partition();
        Long restored = store.get(partition);
        positions.started(partition, restored == null ? ViewPositions.NONE : restored);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        fold.process(record);
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        store.put(metadata.partition(), metadata.offset());
        positions.handled(metadata.partition(), metadata.offset());
    }

    @Override
    public void close() {
        try {
            fold.close();
        } finally {
            if (partition >= 0) {
                positions.released(partition);
            }
        }
    }
}
