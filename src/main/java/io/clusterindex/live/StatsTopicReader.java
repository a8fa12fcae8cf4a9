package io.clusterindex.live;

import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code cluster-stats} from the beginning, every partition assigned (no consumer group, so no rebalance and
 * nothing shared with other instances), {@code read_committed} so that only stats of committed transactions are
 * shown, and publishes every record to {@link LiveStats} on its own thread, with the organization its header names
 * (none when it has no such header). A tombstone publishes zero stats.
 */
public final class StatsTopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String organizationHeader;
    private final LiveStats board;
    private final Thread thread;
    private volatile boolean closing;

    private StatsTopicReader(KafkaConsumer<String, byte[]> consumer, String topic, String organizationHeader,
                             LiveStats board) {
        this.consumer = consumer;
        this.topic = topic;
        this.organizationHeader = organizationHeader;
        this.board = board;
        this.thread = new Thread(this::run, "live-stats-reader");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading {@code topic} into {@code board}, each record's organization from header
     * {@code organizationHeader} (UTF-8); {@code clientProperties} holds at least {@code bootstrap.servers} (and any
     * security settings).
     */
    public static StatsTopicReader start(Map<String, Object> clientProperties, String topic, String organizationHeader,
                                         LiveStats board) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cluster-index-live-stats");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        StatsTopicReader reader = new StatsTopicReader(new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()), topic, organizationHeader, board);
        reader.thread.start();
        return reader;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(PartitionInfo::partition).map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            while (!closing) {
                try {
                    consumer.poll(POLL).forEach(this::publish);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("reading {} failed; retrying", topic, e);
                }
                if (!board.caughtUp() && ends.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    board.markCaughtUp();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("live stats reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("live stats reader stopped: the stats stream serves no more changes", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        StatsVersion version = new StatsVersion(record.partition(), record.offset());
        String organization = organizationOf(record);
        if (record.value() == null) {
            board.publish(new LiveStat(organization, record.key(), version, LiveStat.none()));
            return;
        }
        try {
            StatsJson read = Json.MAPPER.readValue(record.value(), StatsJson.class);
            double average = read.totalClusters() == 0 ? 0.0 : (double) read.totalDocuments() / read.totalClusters();
            board.publish(new LiveStat(organization, record.key(), version, new StatsJson(null, read.totalClusters(),
                    read.totalDocuments(), average, read.clustersByStatus())));
        } catch (IOException e) {
            LOG.warn("skipping unreadable stats record {}-{} of {}: {}", record.partition(), record.offset(), topic,
                    e.getMessage());
        }
    }

    /** The organization the record's header names; null without the header (a record of an earlier version). */
    private String organizationOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(organizationHeader);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Stops reading and waits for the reader thread. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
