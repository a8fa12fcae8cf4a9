package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.ViewDocument;
import java.util.Objects;

/**
 * What the fold keeps per cluster id: the last applied {@code sequence} and the current cluster, or nothing once the
 * cluster is deleted. Deleted clusters keep their sequence so that a replay of older events stays a duplicate.
 *
 * <p>A live state has two forms of the cluster: its view JSON (the {@code clusters-view} value, also what the store
 * keeps) and its tree ({@link #cluster()}); and a {@linkplain Header header} with the fields an execution event
 * reads or changes the stats by. Either form is made from the other on first use only: a state read from the store
 * has its header and JSON, and an execution event folds it from those alone (the tree is parsed only by whoever asks
 * for it, such as the index writer on its own thread). Treat the tree as read-only: the fold always works on a copy.
 */
public final class ClusterState {
    /**
     * The fields of a live cluster that the fold of an execution event and the stats need: whose it is, its status,
     * its current task and its documents (status and documents are what it adds to its namespace's stats).
     */
    public record Header(String namespaceId, String organizationId, String status, String lastExecutionTaskId,
                         long documents) {
        public Header {
            Objects.requireNonNull(namespaceId, "namespaceId");
            Objects.requireNonNull(organizationId, "organizationId");
            Objects.requireNonNull(status, "status");
        }

        /** The header of {@code cluster}, a view document. */
        static Header of(ObjectNode cluster) {
            JsonNode task = cluster.get(ClusterField.LAST_EXECUTION_TASK_ID.wireName());
            JsonNode documents = cluster.get(ClusterField.NUM_DOCUMENTS_CLUSTERED.wireName());
            return new Header(text(cluster, ClusterField.NAMESPACE_ID), text(cluster, ClusterField.ORGANIZATION_ID),
                    text(cluster, ClusterField.STATUS), task == null || !task.isTextual() ? null : task.textValue(),
                    documents == null || documents.isNull() ? 0L : documents.longValue());
        }

        private static String text(ObjectNode cluster, ClusterField field) {
            JsonNode value = cluster.get(field.wireName());
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException("a cluster's " + field.wireName() + " must be a string");
            }
            return value.textValue();
        }
    }

    private final long sequence;
    private final ViewDocument document;
    private volatile Header header;

    /** The state of {@code cluster} (null: deleted) at {@code sequence}. */
    public ClusterState(long sequence, ObjectNode cluster) {
        this(sequence, null, cluster == null ? null : ViewDocument.of(cluster));
    }

    private ClusterState(long sequence, Header header, ViewDocument document) {
        this.sequence = sequence;
        this.header = header;
        this.document = document;
    }

    /** A state read back from storage in the format with a header: the tree is parsed from the JSON when needed. */
    public static ClusterState stored(long sequence, Header header, byte[] clusterJson) {
        if ((header == null) != (clusterJson == null)) {
            throw new IllegalArgumentException("a live state has both a header and JSON; a deleted one neither");
        }
        return new ClusterState(sequence, header, clusterJson == null ? null : ViewDocument.json(clusterJson));
    }

    /** A state read back from storage in the format without a header, whose JSON was parsed into {@code cluster}. */
    public static ClusterState stored(long sequence, ObjectNode cluster, byte[] clusterJson) {
        return new ClusterState(sequence, null, ViewDocument.json(clusterJson, Objects.requireNonNull(cluster)));
    }

    /** A state an execution event made: its header and its JSON are known, the tree is parsed when needed. */
    static ClusterState folded(long sequence, Header header, byte[] clusterJson) {
        return new ClusterState(sequence, Objects.requireNonNull(header), ViewDocument.json(clusterJson));
    }

    public long sequence() {
        return sequence;
    }

    /**
     * The header of a live state (taken from the tree on first use when the state was made from one); null once
     * deleted.
     *
     * @throws IllegalArgumentException when the tree lacks a field of the header (not a view document)
     */
    public Header header() {
        Header known = header;
        if (known == null && document != null) {
            known = Header.of(document.tree());
            header = known;
        }
        return known;
    }

    /** The cluster as a tree (parsed from the JSON on first use); null once deleted. */
    public ObjectNode cluster() {
        return document == null ? null : document.tree();
    }

    /**
     * The cluster as a view document (null once deleted): its JSON when known, so that writing it into an answer
     * parses nothing, else its tree.
     */
    public ViewDocument document() {
        return document;
    }

    /** The tree if it is made already, else null: for callers that can do without it. */
    public ObjectNode clusterIfParsed() {
        return document == null ? null : document.treeIfParsed();
    }

    public boolean isLive() {
        return document != null;
    }

    /** The cluster as UTF-8 JSON (the {@code clusters-view} value); null once deleted. */
    public byte[] clusterJson() {
        return document == null ? null : document.json();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterState that && sequence == that.sequence
                && Objects.equals(cluster(), that.cluster());
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, cluster());
    }

    @Override
    public String toString() {
        return "ClusterState[sequence=" + sequence + ", cluster=" + cluster() + "]";
    }
}
