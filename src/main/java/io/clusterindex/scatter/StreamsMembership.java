package io.clusterindex.scatter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link Membership} from Kafka Streams' metadata: each member's {@code application.server}, active and standby
 * partitions,
 * and the owner of a String key (the default partitioner, murmur2 of the key's UTF-8 bytes, as producers use).
 * While the processor is not started or has no metadata yet, nobody holds anything.
 */
public final class StreamsMembership implements Membership {
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;

    public StreamsMembership(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Map<HostInfo, SortedSet<Integer>> activePartitions(String topic) {
        return partitions(topic, StreamsMetadata::topicPartitions);
    }

    @Override
    public Map<HostInfo, SortedSet<Integer>> standbyPartitions(String topic) {
        return partitions(topic, StreamsMetadata::standbyTopicPartitions);
    }

    private Map<HostInfo, SortedSet<Integer>> partitions(String topic,
                                                         Function<StreamsMetadata, Set<TopicPartition>> held) {
        Map<HostInfo, SortedSet<Integer>> plan = new LinkedHashMap<>();
        try {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                SortedSet<Integer> partitions = new TreeSet<>();
                for (TopicPartition partition : held.apply(instance)) {
                    if (partition.topic().equals(topic)) {
                        partitions.add(partition.partition());
                    }
                }
                if (!partitions.isEmpty()) {
                    plan.computeIfAbsent(instance.hostInfo(), h -> new TreeSet<>()).addAll(partitions);
                }
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return plan;
    }

    @Override
    public Optional<HostInfo> owner(String store, String key) {
        try {
            KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
            if (metadata == null || metadata.activeHost() == null
                    || HostInfo.unavailable().equals(metadata.activeHost())) {
                return Optional.empty();
            }
            return Optional.of(metadata.activeHost());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
