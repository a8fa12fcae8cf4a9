package io.clusterindex.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import io.clusterindex.stats.Contribution;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsDelta;
import io.clusterindex.view.ClusterState;
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

    private StateSerdes() {
    }

    /** {@code [1][sequence: 8 bytes][view JSON, absent when deleted]}. */
    public static Serde<ClusterState> clusterState() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : encode(state), (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    public static Serde<StatsDelta> statsDelta() {
        return Serdes.serdeFrom((topic, delta) -> delta == null ? null : write(out -> {
            out.writeUTF(delta.namespaceId());
            writeContribution(out, delta.removed());
            writeContribution(out, delta.added());
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> new StatsDelta(in.readUTF(),
                readContribution(in), readContribution(in))));
    }

    /** The stats store's format; {@code cluster-stats} itself carries JSON ({@link JsonSerdes#namespaceStats()}). */
    public static Serde<NamespaceStats> namespaceStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : write(out -> {
            out.writeUTF(stats.namespaceId());
            out.writeLong(stats.totalClusters());
            out.writeLong(stats.totalDocuments());
            out.writeInt(stats.clustersByStatus().size());
            for (Map.Entry<String, Long> entry : stats.clustersByStatus().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
        }), (topic, bytes) -> bytes == null ? null : read(bytes, in -> {
            String namespace = in.readUTF();
            long clusters = in.readLong();
            long documents = in.readLong();
            int statuses = in.readInt();
            Map<String, Long> byStatus = new TreeMap<>();
            for (int i = 0; i < statuses; i++) {
                byStatus.put(in.readUTF(), in.readLong());
            }
            return new NamespaceStats(namespace, clusters, documents, byStatus);
        }));
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

    private static void writeContribution(DataOutputStream out, Contribution contribution) throws IOException {
        out.writeBoolean(contribution != null);
        if (contribution != null) {
            out.writeUTF(contribution.status());
            out.writeLong(contribution.documents());
        }
    }

    private static Contribution readContribution(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Contribution(in.readUTF(), in.readLong()) : null;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown state format version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("truncated or corrupt state record", e);
        }
    }
}
