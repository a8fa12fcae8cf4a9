package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.generate.Outcome;
import io.clusterindex.json.Json;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.PoisonRecord;
import io.clusterindex.topology.DeadLetterHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the poison run checks once the indexer has caught up, with plain {@code read_committed} consumers: every
 * bad record in {@code cluster-events-dlq} once, with its key and value bytes and the intended code (tallied by
 * kind), and the last values of {@code clusters-view} and {@code cluster-stats} equal to the independent replay.
 */
final class PoisonCheck {
    /** The tally of one kind of record. */
    static final class Tally {
        final String expected;
        long records;
        long deadLettered;
        long rightCode;
        long exactBytes;
        long duplicates;
        long missing;
        long unexpected;

        Tally(String expected) {
            this.expected = expected;
        }

        boolean ok() {
            return duplicates == 0 && missing == 0 && unexpected == 0 && rightCode == deadLettered
                    && exactBytes == deadLettered;
        }
    }

    /** The outcome of a check: the tally by kind, the problems found and the sizes compared. */
    record Result(SortedMap<String, Tally> byKind, List<String> problems, int liveClusters, int namespaces,
                  long deadLetters) {
        boolean ok() {
            return problems.isEmpty() && byKind.values().stream().allMatch(Tally::ok);
        }
    }

    private final String bootstrap;
    private final List<PoisonRecord> records;
    /** Index of the record published at {@code partition@offset}. */
    private final Map<String, Integer> byPosition;

    PoisonCheck(String bootstrap, List<PoisonRecord> records, Map<String, Integer> byPosition) {
        this.bootstrap = bootstrap;
        this.records = records;
        this.byPosition = byPosition;
    }

    Result check(ExpectedView expected, Duration timeout) throws IOException {
        List<String> problems = new ArrayList<>();
        SortedMap<String, Tally> tallies = new TreeMap<>();
        for (PoisonRecord r : records) {
            tally(tallies, r).records++;
        }
        List<ConsumerRecord<byte[], byte[]>> dlq = readAll("cluster-events-dlq", timeout);
        Map<Integer, Integer> copies = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : dlq) {
            String position = header(letter, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                    + header(letter, DeadLetterHeaders.SOURCE_OFFSET);
            Integer index = byPosition.get(position);
            if (index == null) {
                problems.add("DLQ " + letter.partition() + "@" + letter.offset() + ": source " + position
                        + " was not published by this run");
                continue;
            }
            PoisonRecord r = records.get(index);
            Tally tally = tally(tallies, r);
            if (copies.merge(index, 1, Integer::sum) > 1) {
                tally.duplicates++;
                continue;
            }
            tally.deadLettered++;
            if (r.expected().kind() != Outcome.Kind.REJECTED) {
                tally.unexpected++;
                problems.add("dead-lettered although " + r.expected() + " (" + header(letter,
                        DeadLetterHeaders.ERROR_CODE) + ": " + header(letter, DeadLetterHeaders.ERROR_MESSAGE) + "): " + r);
            } else if (r.expected().code().name().equals(header(letter, DeadLetterHeaders.ERROR_CODE))) {
                tally.rightCode++;
            } else if (problems.size() < 50) {
                problems.add("code " + header(letter, DeadLetterHeaders.ERROR_CODE) + " instead of " + r.expected()
                        + ": " + r);
            }
            if (Arrays.equals(letter.key(), r.key()) && Arrays.equals(letter.value(), r.value())) {
                tally.exactBytes++;
            }
        }
        for (PoisonRecord r : records) {
            if (r.expected().kind() == Outcome.Kind.REJECTED && !copies.containsKey((int) r.index())) {
                tally(tallies, r).missing++;
            }
        }
        compareView(expected, problems, timeout);
        compareStats(expected, problems, timeout);
        return new Result(tallies, problems, expected.liveClusters().size(), expected.stats().size(), dlq.size());
    }

    private static Tally tally(Map<String, Tally> tallies, PoisonRecord r) {
        boolean stream = r.kind().startsWith("stream:");
        return tallies.computeIfAbsent(stream ? "stream: " + streamGroup(r) : r.kind(),
                k -> new Tally(stream ? "(per record)" : r.expected().toString()));
    }

    private static String streamGroup(PoisonRecord r) {
        return switch (r.expected().kind()) {
            case APPLIED -> "valid events";
            case SKIPPED -> "re-sends and stale";
            case REJECTED -> "catalogue bad records";
        };
    }

    private void compareView(ExpectedView expected, List<String> problems, Duration timeout) throws IOException {
        Map<String, byte[]> last = lastPerKey("clusters-view", timeout);
        SortedMap<String, ObjectNode> live = expected.liveClusters();
        int wrong = 0;
        for (Map.Entry<String, ObjectNode> e : live.entrySet()) {
            byte[] value = last.get(e.getKey());
            if (value == null || !Json.TRUSTED.readTree(value).equals(e.getValue())) {
                wrong++;
                if (wrong <= 10) {
                    problems.add("clusters-view " + e.getKey() + ": " + (value == null ? "absent or tombstone"
                            : "differs from the replay"));
                }
            }
        }
        long extra = last.entrySet().stream().filter(e -> e.getValue() != null && !live.containsKey(e.getKey())).count();
        if (wrong > 0 || extra > 0) {
            problems.add("clusters-view: " + wrong + " of " + live.size() + " live clusters wrong, " + extra
                    + " clusters that should not be live");
        }
    }

    private void compareStats(ExpectedView expected, List<String> problems, Duration timeout) throws IOException {
        Map<String, String> got = new TreeMap<>();
        for (Map.Entry<String, byte[]> last : lastPerKey("cluster-stats", timeout).entrySet()) {
            if (last.getValue() != null) {
                JsonNode s = Json.TRUSTED.readTree(last.getValue());
                SortedMap<String, Long> byStatus = new TreeMap<>();
                s.get("clusters_by_status").properties().forEach(e -> byStatus.put(e.getKey(), e.getValue().longValue()));
                got.put(last.getKey(), statsLine(s.get("total_clusters").longValue(), s.get("total_documents").longValue(),
                        s.get("avg_documents_per_cluster").doubleValue(), byStatus));
            }
        }
        Map<String, String> want = new TreeMap<>();
        expected.stats().forEach((ns, s) -> want.put(ns, statsLine(s.totalClusters(), s.totalDocuments(),
                s.avgDocumentsPerCluster(), s.clustersByStatus())));
        if (!got.equals(want)) {
            problems.add("cluster-stats: got " + got + "\n   expected " + want);
        }
    }

    private static String statsLine(long clusters, long documents, double average, SortedMap<String, Long> byStatus) {
        return String.format(Locale.ROOT, "%d clusters, %d documents, avg %.6f, %s", clusters, documents, average,
                byStatus);
    }

    private Map<String, byte[]> lastPerKey(String topic, Duration timeout) {
        Map<String, byte[]> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic, timeout)) {
            last.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
        }
        return last;
    }

    /** Every committed record of {@code topic}, in partition and offset order. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end + " in " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return Optional.ofNullable(record.headers().lastHeader(name))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).orElse(null);
    }
}
