package io.clusterindex.query;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * What {@link LocalViewQueries} reads of the local stream processor: its state, which partitions its threads run
 * active tasks for, its queryable stores, the partition of a key, the lags of its local copies. One implementation
 * over {@link KafkaStreams} ({@link #of}); tests give others, to put a partition in the states a rebalance passes
 * through (active in the metadata, its store not queryable yet or any more).
 */
public interface LocalStores {
    KafkaStreams.State state();

    /** The partitions of source topic {@code topic} whose active task runs on one of this instance's threads. */
    Set<Integer> activePartitions(String topic);

    /** As {@link KafkaStreams#store}: throws {@link InvalidStateStoreException} when it is not queryable. */
    <T> T store(StoreQueryParameters<T> parameters);

    /** The partition of store {@code store} that holds String key {@code key}; negative while it is not known. */
    int partitionOf(String store, String key);

    /** As {@link KafkaStreams#allLocalStorePartitionLags}. */
    Map<String, Map<Integer, LagInfo>> allLocalStorePartitionLags();

    static LocalStores of(KafkaStreams streams) {
        Serializer<String> keys = Serdes.String().serializer();
        return new LocalStores() {
            @Override
            public KafkaStreams.State state() {
                return streams.state();
            }

            @Override
            public Set<Integer> activePartitions(String topic) {
                Set<Integer> partitions = new TreeSet<>();
                for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                    for (TaskMetadata task : thread.activeTasks()) {
                        for (TopicPartition partition : task.topicPartitions()) {
                            if (partition.topic().equals(topic)) {
                                partitions.add(partition.partition());
                            }
                        }
                    }
                }
                return partitions;
            }

            @Override
            public <T> T store(StoreQueryParameters<T> parameters) {
                return streams.store(parameters);
            }

            @Override
            public int partitionOf(String store, String key) {
                KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, keys);
                return metadata == null ? -1 : metadata.partition();
            }

            @Override
            public Map<String, Map<Integer, LagInfo>> allLocalStorePartitionLags() {
                return streams.allLocalStorePartitionLags();
            }
        };
    }
}
