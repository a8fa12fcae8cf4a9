package io.clusterindex.app;

import io.clusterindex.topology.BoundedRocksDbMemory;
import io.clusterindex.topology.ClusterIndexTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the indexer: defaults, then {@code KAFKA_*} overrides. */
public final class StreamsSettings {
    /**
     * One standby replica of every store: with several instances, another instance keeps each partition's view
     * current and answers for it while its active task is down, moving or restoring ({@code X-View-Stale}).
     */
    public static final int STANDBY_REPLICAS = 1;

    private StreamsSettings() {
    }

    /**
     * The properties for one instance; {@code instanceId} (kept in the state directory, see {@link InstanceId})
     * makes this instance a static member of the consumer group, so that a restart after a crash takes its
     * partitions back at once instead of waiting for the session timeout.
     */
    public static Properties of(Config config, String bootstrapServers, String instanceId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().resolve("streams").toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put("processing.exception.handler.global.enabled", true);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // a fold task reads cluster-events and the rerouted-events topic; their order across the two does not
        // matter (the sequence rule decides), so a task never idles waiting for the other to align timestamps
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, STANDBY_REPLICAS);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, Long.toString(config.rocksDbMemoryBytes()));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                ClusterIndexTopology.MAX_RECORD_BYTES + 64 * 1024);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                config.applicationId() + "-" + instanceId);
        for (Map.Entry<String, String> override : config.kafkaOverrides().entrySet()) {
            props.put(override.getKey(), override.getValue());
        }
        return props;
    }
}
