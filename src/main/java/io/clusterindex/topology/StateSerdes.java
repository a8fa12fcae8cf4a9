package io.clusterindex.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsChange;
import io.clusterindex.stats.StatsDelta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary serdes of the internal state (stores, changelogs, the stats repartition topic). Every format
 * starts with a version byte. The cluster state embeds the cluster's view JSON as is, so that writing the store
 * and writing {@code clusters-view} share one JSON serialisation.
 */
public final class StateSerdes {
    private static final byte VERSION = 1;
    /** Version of the summed stats change on the repartition topic (version 1 there was a single event's delta). */
    private static final byte CHANGE_VERSION = 2;

    private StateSerdes() {
    }

    /** {@code [1][sequence: 8 bytes][view JSON, absent when deleted]}. */
    public static Serde<ClusterState> clusterState() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : encode(state), (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    /**
     * The repartition topic's format: {@code [2][namespace][clusters][documents][statuses][status, count]...} for a
     * summed {@link StatsChange}. Version 1, a single event's {@link StatsDelta} (what instances before the sums
     * wrote, and may have left in the topic), is still read, as the change of that one event.
     */
    public static Serde<StatsChange> statsChange() {
        return Serdes.serdeFrom((topic, change) -> change == null ? null : write(CHANGE_VERSION, out -> writeCounts(out,
                        change.namespaceId(), change.clusters(), change.documents(), change.byStatus())),
                (topic, bytes) -> bytes == null ? null : read(bytes, StateSerdes::readChange));
    }

    private static StatsChange readChange(byte version, DataInputStream in) throws IOException {
        if (version == VERSION) {
            return StatsChange.of(new StatsDelta(in.readUTF(), readContribution(in), readContribution(in)));
        }
        if (version != CHANGE_VERSION) {
            throw new SerializationException("unknown stats change format version " + version);
        }
        return readCounts(in, StatsChange::new);
    }

    /** The stats store's format; {@code cluster-stats} itself carries JSON ({@link JsonSerdes#namespaceStats()}). */
    public static Serde<NamespaceStats> namespaceStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : write(VERSION, out -> writeCounts(out,
                        stats.namespaceId(), stats.totalClusters(), stats.totalDocuments(), stats.clustersByStatus())),
                (topic, bytes) -> bytes == null ? null : read(bytes, (version, in) -> {
                    if (version != VERSION) {
                        throw new SerializationException("unknown state format version " + version);
                    }
                    return readCounts(in, NamespaceStats::new);
                }));
    }

    /** What the stats and the summed changes are made of: a namespace, two counts, a count per status. */
    private interface Counts<T> {
        T of(String namespaceId, long clusters, long documents, Map<String, Long> byStatus);
    }

    private static void writeCounts(DataOutputStream out, String namespaceId, long clusters, long documents,
                                    Map<String, Long> byStatus) throws IOException {
        out.writeUTF(namespaceId);
        out.writeLong(clusters);
        out.writeLong(documents);
        out.writeInt(byStatus.size());
        for (Map.Entry<String, Long> entry : byStatus.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    private static <T> T readCounts(DataInputStream in, Counts<T> counts) throws IOException {
        String namespace = in.readUTF();
        long clusters = in.readLong();
        long documents = in.readLong();
        int statuses = in.readInt();
        Map<String, Long> byStatus = new TreeMap<>();
        for (int i = 0; i < statuses; i++) {
            byStatus.put(in.readUTF(), in.readLong());
        }
        return counts.of(namespace, clusters, documents, byStatus);
    }

    private static byte[] encode(ClusterState state) {
        byte[] json = state.clusterJson();
        ByteBuffer buffer = ByteBuffer.allocate(1 + Long.BYTES + (json == null ? 0 : json.length));
        buffer.put(VERSION).putLong(state.sequence());
        if (json != null) {
            buffer.put(json);
        }
        return buffer.array();
    }

    private static ClusterState decode(byte[] bytes) {
        if (bytes.length < 1 + Long.BYTES || bytes[0] != VERSION) {
            throw new SerializationException("stored cluster state has an unknown format (version " + (bytes.length == 0 ? "none" : bytes[0]) + ")");
        }
        long sequence = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (bytes.length == 1 + Long.BYTES) {
            return new ClusterState(sequence, null);
        }
        byte[] json = Arrays.copyOfRange(bytes, 1 + Long.BYTES, bytes.length);
        try {
            JsonNode cluster = Json.TRUSTED.readTree(json);
            return ClusterState.stored(sequence, (ObjectNode) cluster, json);
        } catch (IOException | ClassCastException e) {
            throw new SerializationException("stored cluster state holds invalid JSON", e);
        }
    }

    private static Contribution readContribution(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Contribution(in.readUTF(), in.readLong()) : null;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(byte version, DataInputStream in) throws IOException;
    }

    private static byte[] write(byte version, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in.readByte(), in);
        } catch (IOException e) {
            throw new SerializationException("truncated or corrupt state record", e);
        }
    }
}
