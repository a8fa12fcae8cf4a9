package io.clusterindex.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * Where each cluster is folded, whatever partitioner published its events.
 *
 * <p>The fold task of {@code cluster-events} partition {@code q} owns the clusters whose id hashes to {@code q}
 * ({@link #owner}: murmur2 of the id's UTF-8 bytes, the Java client's default partitioner and the one Kafka
 * Streams' key queries assume). A record that lands on its owner's partition is folded where it is; any other
 * (published by librdkafka's CRC32 partitioner, by explicit partition numbers, or by a producer that switched
 * partitioners mid-life) is forwarded unchanged to the owner's partition of the rerouted-events topic, with a
 * {@link #SOURCE} header naming where it was published. So every cluster lives in exactly one task and every
 * lookup by key finds it there.
 *
 * <p>Records on the rerouted-events topic are written only by the fold tasks: rerouted events ({@link #SOURCE}),
 * progress markers ({@link #MARKER}: "every record of partition p up to offset o meant for you was sent before
 * this one") and state hand-overs ({@link #HANDOFF}: a cluster's state moving to its owner, see
 * {@link FoldProcessor}). Header values are ASCII {@code partition:offset}.
 */
public final class EventRouting {
    /**
     * Prefix of the headers this indexer adds to records it reroutes and to {@code cluster-stats}; never copied to
     * dead letters.
     */
    public static final String INTERNAL_HEADER_PREFIX = "cluster-index.";
    /** On a rerouted event: the {@code cluster-events} partition and offset it was published at. */
    public static final String SOURCE = INTERNAL_HEADER_PREFIX + "source";
    /** On a progress marker: the sending task's partition and the offset of the last record it has routed. */
    public static final String MARKER = INTERNAL_HEADER_PREFIX + "marker";
    /** On a state hand-over: the partition of the task that held the state. */
    public static final String HANDOFF = INTERNAL_HEADER_PREFIX + "handoff";

    private EventRouting() {
    }

    /** The partition whose fold task owns the cluster with this id (its record key bytes). */
    public static int owner(byte[] clusterIdUtf8, int partitions) {
        return Utils.toPositive(Utils.murmur2(clusterIdUtf8)) % partitions;
    }

    public static int owner(String clusterId, int partitions) {
        return owner(clusterId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** A position in a partition of a topic: where a record was published. */
    public record Position(int partition, long offset) {
        byte[] encode() {
            return (partition + ":" + offset).getBytes(StandardCharsets.US_ASCII);
        }

        /** The position a header holds, or null when the header is absent or not of the form {@code p:o}. */
        static Position decode(Header header) {
            if (header == null || header.value() == null) {
                return null;
            }
            String text = new String(header.value(), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            try {
                return colon < 0 ? null
                        : new Position(Integer.parseInt(text.substring(0, colon)),
                        Long.parseLong(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The record's headers without those of this indexer (what a dead letter of it carries). */
    static Headers withoutInternal(Headers headers) {
        return new RecordHeaders(Arrays.stream(headers.toArray())
                .filter(header -> !header.key().startsWith(INTERNAL_HEADER_PREFIX)).toArray(Header[]::new));
    }

    /** The record's headers without those of this indexer, plus {@code name} = {@code position}. */
    static Headers withInternal(Headers headers, String name, Position position) {
        Headers copy = withoutInternal(headers);
        copy.add(name, position.encode());
        return copy;
    }
}
