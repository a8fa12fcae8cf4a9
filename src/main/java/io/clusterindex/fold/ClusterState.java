package io.clusterindex.fold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;

/**
 * What the fold keeps per cluster id: the last applied {@code sequence} and the current cluster, or null once the
 * cluster is deleted. Deleted clusters keep their sequence so that a replay of older events stays a duplicate.
 *
 * <p>The cluster's JSON is computed at most once per state and shared by the store and the {@code clusters-view}
 * record. Treat {@link #cluster()} as read-only: the fold always works on a copy.
 */
public final class ClusterState {
    private final long sequence;
    private final ObjectNode cluster;
    private byte[] clusterJson;

    public ClusterState(long sequence, ObjectNode cluster) {
        this(sequence, cluster, null);
    }

    private ClusterState(long sequence, ObjectNode cluster, byte[] clusterJson) {
        this.sequence = sequence;
        this.cluster = cluster;
        this.clusterJson = clusterJson;
    }

    /** A state read back from storage, whose JSON is already known. */
    public static ClusterState stored(long sequence, ObjectNode cluster, byte[] clusterJson) {
        return new ClusterState(sequence, cluster, clusterJson);
    }

    /**
     * The state after an event that changed only the {@code changed} fields of {@code previous}: its JSON copies the
     * other fields' bytes from the JSON of {@code previous} (see {@link ViewSplice}), or is written whole when
     * {@code previous} has none.
     */
    static ClusterState withFieldsChanged(long sequence, ObjectNode cluster, ClusterState previous,
                                          Set<ClusterField> changed) {
        byte[] previousJson = previous.clusterJson;
        return new ClusterState(sequence, cluster,
                previousJson == null ? null : ViewSplice.write(previousJson, cluster, changed));
    }

    public long sequence() {
        return sequence;
    }

    public ObjectNode cluster() {
        return cluster;
    }

    public boolean isLive() {
        return cluster != null;
    }

    /** The cluster as UTF-8 JSON (the {@code clusters-view} value); null once deleted. */
    public byte[] clusterJson() {
        if (clusterJson == null && cluster != null) {
            try {
                clusterJson = Json.MAPPER.writeValueAsBytes(cluster);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clusterJson;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterState that && sequence == that.sequence && Objects.equals(cluster, that.cluster);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, cluster);
    }

    @Override
    public String toString() {
        return "ClusterState[sequence=" + sequence + ", cluster=" + cluster + "]";
    }
}
