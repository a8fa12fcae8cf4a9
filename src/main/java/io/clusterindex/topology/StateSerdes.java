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
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    /** Version of the cluster state with a header (version 1 was the sequence and the JSON alone). */
    private static final byte CLUSTER_STATE_VERSION = 2;
    /** Version, sequence and the live flag: what every cluster state of version 2 starts with. */
    private static final int HEADER_START = 1 + Long.BYTES + 1;

    private StateSerdes() {
    }

    /**
     * The cluster state's format 2: {@code [2][sequence: 8 bytes][live: 1 byte]}, then for a live cluster its {@link
     * ClusterState.Header header} ({@code [namespace][organization][status][last task or none][documents: 8
     * bytes]}, strings as a 4-byte length, -1 for none, and UTF-8) and its view JSON as emitted. Reading it parses no
     * JSON. Format 1, {@code [1][sequence: 8 bytes][view JSON, absent when deleted]} (what versions before the
     * header wrote, and what an old state directory or changelog holds), is still read, by parsing its JSON; every
     * state written is format 2, so a store moves to the new format cluster by cluster as events change them.
     */
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
        ClusterState.Header header = state.header();
        if (header == null) {
            return ByteBuffer.allocate(HEADER_START).put(CLUSTER_STATE_VERSION).putLong(state.sequence())
                    .put((byte) 0).array();
        }
        byte[] namespace = utf8(header.namespaceId());
        byte[] organization = utf8(header.organizationId());
        byte[] status = utf8(header.status());
        byte[] task = header.lastExecutionTaskId() == null ? null : utf8(header.lastExecutionTaskId());
        byte[] json = state.clusterJson();
        int size = HEADER_START + 4 * Integer.BYTES + namespace.length + organization.length + status.length
                + (task == null ? 0 : task.length) + Long.BYTES + json.length;
        ByteBuffer buffer = ByteBuffer.allocate(size).put(CLUSTER_STATE_VERSION).putLong(state.sequence())
                .put((byte) 1);
        putString(buffer, namespace);
        putString(buffer, organization);
        putString(buffer, status);
        putString(buffer, task);
        return buffer.putLong(header.documents()).put(json).array();
    }

    private static ClusterState decode(byte[] bytes) {
        if (bytes.length >= 1 && bytes[0] == VERSION) {
            return decodeVersion1(bytes);
        }
        if (bytes.length < HEADER_START || bytes[0] != CLUSTER_STATE_VERSION) {
            throw new SerializationException("stored cluster state has an unknown format (version "
                    + (bytes.length == 0 ? "none" : bytes[0]) + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        long sequence = buffer.getLong();
        if (buffer.get() == 0) {
            return new ClusterState(sequence, null);
        }
        try {
            String namespace = getString(buffer);
            String organization = getString(buffer);
            String status = getString(buffer);
            String task = getString(buffer);
            long documents = buffer.getLong();
            byte[] json = Arrays.copyOfRange(bytes, buffer.position(), bytes.length);
            if (namespace == null || organization == null || status == null || json.length == 0) {
                throw new SerializationException("stored cluster state lacks a field of its header or its JSON");
            }
            return ClusterState.stored(sequence, new ClusterState.Header(namespace, organization, status, task,
                    documents), json);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("truncated or corrupt cluster state", e);
        }
    }

    /** Format 1: the sequence and the view JSON, parsed here (the header comes from the tree). */
    private static ClusterState decodeVersion1(byte[] bytes) {
        if (bytes.length < 1 + Long.BYTES) {
            throw new SerializationException("truncated cluster state (format 1)");
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

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer buffer, byte[] utf8) {
        if (utf8 == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(utf8.length).put(utf8);
        }
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > buffer.remaining()) {
            throw new SerializationException("corrupt cluster state: a string of " + length + " bytes");
        }
        String text = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return text;
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
