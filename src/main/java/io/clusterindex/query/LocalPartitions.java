package io.clusterindex.query;

import org.apache.kafka.streams.KafkaStreams;

/** Which partitions of a source topic this instance's stream processor has (or may soon have) active tasks for. */
public final class LocalPartitions {
    private final LocalStores streams;
    private final String topic;

    public LocalPartitions(KafkaStreams streams, String topic) {
        this.streams = LocalStores.of(streams);
        this.topic = topic;
    }

    /**
     * True while the processor is not RUNNING (starting, restoring, rebalancing: any partition may still come
     * here), or when one of its threads has an active task of a partition of the topic.
     */
    public boolean mayHostAny() {
        return streams.state() != KafkaStreams.State.RUNNING || !streams.activePartitions(topic).isEmpty();
    }
}
