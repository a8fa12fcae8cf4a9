package io.clusterindex.it;

import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.testkit.ExpectedView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients of the integration tests, independent of the indexer's code. */
final class KafkaIO {
    static final String EVENTS = "cluster-events";
    static final String VIEW = "clusters-view";
    static final String STATS = "cluster-stats";
    static final String DLQ = "cluster-events-dlq";
    static final String GROUP = "cluster-index";
    /** Header carrying {@link GeneratedRecord#index()}; the DLQ must keep it (it copies the original headers). */
    static final String INDEX_HEADER = "it.index";

    private KafkaIO() {
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static ProducerRecord<String, byte[]> toProducerRecord(GeneratedRecord record) {
        return toProducerRecord(record, null);
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(GeneratedRecord record, Integer partition) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(INDEX_HEADER, Long.toString(record.index()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(EVENTS, partition, record.key(), record.value(), headers);
    }

    /** Publishes the records in order and returns them as they sit in the topic (waits for every ack). */
    static List<ExpectedView.Input> publish(String bootstrap, List<GeneratedRecord> records) {
        return publish(bootstrap, records, null);
    }

    /**
     * As {@link #publish(String, List)}, each record to the partition {@code partitioner} names (null: the Java
     * client's default partitioner), as a producer with another partitioner would.
     */
    static List<ExpectedView.Input> publish(String bootstrap, List<GeneratedRecord> records,
                                            ToIntFunction<GeneratedRecord> partitioner) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (GeneratedRecord record : records) {
                acks.add(producer.send(toProducerRecord(record,
                        partitioner == null ? null : partitioner.applyAsInt(record))));
            }
            producer.flush();
            List<ExpectedView.Input> inputs = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = acks.get(i).get(30, TimeUnit.SECONDS);
                GeneratedRecord record = records.get(i);
                inputs.add(new ExpectedView.Input(metadata.partition(), metadata.offset(), record.key(),
                        record.value(), record.index()));
            }
            return inputs;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + EVENTS + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every record of {@code topic} up to its end (last stable offset), read_committed, in partition/offset order. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The last record per key of a compacted topic (a null value means the key was deleted). */
    static Map<String, ConsumerRecord<String, byte[]>> lastPerKey(String bootstrap, String topic) {
        Map<String, ConsumerRecord<String, byte[]>> last = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : readAll(bootstrap, topic, Duration.ofSeconds(30))) {
            last.put(record.key(), record);
        }
        return last;
    }

    /** The records of {@code cluster-events} as model input, in partition/offset order. */
    static List<ExpectedView.Input> inputs(List<ConsumerRecord<String, byte[]>> records) {
        List<ExpectedView.Input> inputs = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            String index = header(record, INDEX_HEADER);
            inputs.add(new ExpectedView.Input(record.partition(), record.offset(), record.key(), record.value(),
                    index == null ? -1 : Long.parseLong(index)));
        }
        return inputs;
    }

    /** The last value of a header as UTF-8 text, or null. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static int headerCount(ConsumerRecord<?, ?> record, String name) {
        int count = 0;
        for (Header ignored : record.headers().headers(name)) {
            count++;
        }
        return count;
    }

    /** Committed offsets of group {@code cluster-index} and end offsets of {@code cluster-events}, summed. */
    record Progress(long committed, long end) {
        long lag() {
            return end - committed;
        }
    }

    /** A reusable admin client that reads the indexer's progress on {@code cluster-events}. */
    static final class ProgressProbe implements AutoCloseable {
        private final Admin admin;

        ProgressProbe(String bootstrap) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        }

        /** Partitions without a committed offset count as committed at 0. */
        Progress progress() {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                int partitions = admin.describeTopics(List.of(EVENTS)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(EVENTS).partitions().size();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(EVENTS, p), OffsetSpec.latest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                long done = 0;
                long total = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
                    OffsetAndMetadata offset = committed.get(e.getKey());
                    done += offset == null ? 0 : offset.offset();
                    total += e.getValue().offset();
                }
                return new Progress(done, total);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read the offsets of group " + GROUP + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /** Waits until group {@code cluster-index} has committed offsets at the end of every partition of the input. */
    static void awaitGroupCaughtUp(String bootstrap, Duration timeout) {
        awaitGroupCaughtUp(bootstrap, timeout, () -> { });
    }

    /** As above; {@code precondition} runs at each poll and may throw to stop waiting (e.g. the indexer died). */
    static void awaitGroupCaughtUp(String bootstrap, Duration timeout, Runnable precondition) {
        try (ProgressProbe probe = new ProgressProbe(bootstrap)) {
            org.awaitility.Awaitility.await("consumer group " + GROUP + " committed at the end of " + EVENTS)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        precondition.run();
                        try {
                            return probe.progress().lag() == 0;
                        } catch (IllegalStateException e) {
                            return false; // the group or the broker cannot answer yet
                        }
                    });
        }
    }
}
