package io.clusterindex.query;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/** Which partitions of a source topic this instance's stream processor has (or may soon have) active tasks for. */
public final class LocalPartitions {
    private final KafkaStreams streams;
    private final String topic;

    public LocalPartitions(KafkaStreams streams, String topic) {
        this.streams = streams;
        this.topic = topic;
    }

    /**
     * True while the processor is not RUNNING (starting, restoring, rebalancing: any partition may still come
     * here), or when one of its threads has an active task of a partition of the topic.
     */
    public boolean mayHostAny() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return true;
        }
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
