package io.clusterindex.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tail}: a topic's committed records, one per line, from the beginning. */
@Command(name = "tail", sortOptions = false,
        description = {"Prints a topic's committed records (read_committed), from the beginning, one per line: "
                + "'key -> value', followed by '  [name=value, ...]' when the record has headers (the dead-letter "
                + "topic's error.code, error.message, ...). Keys and values print as UTF-8; null for a missing one.",
            "Stops at the end of the topic as it was when the command started, unless --follow."})
final class TailCommand extends KafkaCommand {
    private static final Duration POLL = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. clusters-view, cluster-stats, "
            + "cluster-events-dlq, cluster-events")
    String topic;
    @Option(names = "--follow", description = "Keep printing new records until interrupted (Ctrl-C).")
    boolean follow;
    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;
    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw usageError("--max must be at least 1, got " + max);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(kafka.consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long printed = 0;
            while (follow || partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    out.println(text(record.key()) + " -> " + text(record.value()) + headers(record));
                    if (max != null && ++printed >= max) {
                        out.flush();
                        return ExitCodes.OK;
                    }
                }
                out.flush();
            }
            return ExitCodes.OK;
        } catch (KafkaException e) {
            throw new CommandFailure("cannot read " + topic + " on " + kafka.bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new CommandFailure("topic " + topic + " does not exist on " + kafka.bootstrapServers);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static String headers(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder out = new StringBuilder();
        for (Header header : record.headers()) {
            out.append(out.length() == 0 ? "  [" : ", ").append(header.key()).append('=').append(text(header.value()));
        }
        return out.length() == 0 ? "" : out.append(']').toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
