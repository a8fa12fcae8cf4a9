package io.clusterindex.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one live cluster adds to its namespace's stats: one cluster in {@code status}, {@code documents} docs. */
public record Contribution(String status, long documents) {

    /** The contribution of a cluster as serialised in the view; null for a cluster that does not exist. */
    public static Contribution of(ObjectNode cluster) {
        if (cluster == null) {
            return null;
        }
        JsonNode docs = cluster.get("num_documents_clustered");
        return new Contribution(cluster.get("status").textValue(),
                docs == null || docs.isNull() ? 0L : docs.longValue());
    }
}
