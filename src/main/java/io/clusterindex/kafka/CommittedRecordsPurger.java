package io.clusterindex.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the records of a topic that a consumer group has committed past, as Kafka Streams does for its own
 * repartition topics: for a topic whose records are only in transit between tasks of the group (the
 * rerouted-events topic), that keeps it small although its retention is unlimited (so nothing in transit can expire
 * while the group is down). Runs on a daemon thread; a failed round is logged once and tried again next time.
 */
public final class CommittedRecordsPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedRecordsPurger.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final ScheduledExecutorService timer = DaemonTimers.single("committed-records-purger");
    private volatile boolean failing;

    private CommittedRecordsPurger(Admin admin, String group, String topic) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
    }

    /** Purges {@code topic} up to {@code group}'s committed offsets every {@code interval}, from now on. */
    public static CommittedRecordsPurger start(Map<String, Object> adminProperties, String group, String topic,
                                               Duration interval) {
        CommittedRecordsPurger purger = new CommittedRecordsPurger(Admin.create(adminProperties), group, topic);
        purger.timer.scheduleWithFixedDelay(purger::purgeOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return purger;
    }

    /** One round; answers how many partitions it asked to purge. */
    int purgeOnce() {
        try {
            Map<TopicPartition, RecordsToDelete> purge = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null && offset.offset() > 0) {
                    purge.put(partition, RecordsToDelete.beforeOffset(offset.offset()));
                }
            });
            if (!purge.isEmpty()) {
                admin.deleteRecords(purge).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (failing) {
                failing = false;
                LOG.info("purging {} works again", topic);
            }
            return purge.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            if (!failing) {
                failing = true;
                LOG.warn("cannot purge the committed records of {} (tried again every round, logged once): {}",
                        topic, e.toString());
            }
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
