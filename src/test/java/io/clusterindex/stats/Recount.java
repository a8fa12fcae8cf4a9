package io.clusterindex.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/**
 * What the running stats must always equal: a namespace's stats counted from scratch over its live clusters'
 * JSON, independently of the production arithmetic ({@link Contribution}, {@link NamespaceStats#apply}).
 */
public final class Recount {
    private Recount() {
    }

    public static NamespaceStats of(String namespaceId, Iterable<ObjectNode> liveClusters) {
        long clusters = 0;
        long documents = 0;
        TreeMap<String, Long> byStatus = new TreeMap<>();
        for (ObjectNode cluster : liveClusters) {
            clusters++;
            JsonNode count = cluster.get("num_documents_clustered");
            documents += count == null ? 0 : count.asLong();
            byStatus.merge(cluster.get("status").asText(), 1L, Long::sum);
        }
        return new NamespaceStats(namespaceId, clusters, documents, byStatus);
    }
}
