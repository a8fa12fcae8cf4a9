package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up {@link Stats} one match at a time, the same way as the namespace's running stats: a
 * {@code num_documents_clustered} that is null, absent or not a number counts as 0; a cluster without a string
 * {@code status} counts in the totals but under no status.
 */
final class StatsAccumulator {
    private static final String DOCUMENTS = ClusterField.NUM_DOCUMENTS_CLUSTERED.wireName();
    private static final String STATUS = ClusterField.STATUS.wireName();

    private final Map<String, long[]> byStatus = new HashMap<>();
    private long clusters;
    private long documents;

    void add(ObjectNode cluster) {
        clusters++;
        JsonNode docs = cluster.get(DOCUMENTS);
        if (docs != null && docs.isNumber()) {
            documents += docs.longValue();
        }
        JsonNode status = cluster.get(STATUS);
        if (status != null && status.isTextual()) {
            byStatus.computeIfAbsent(status.textValue(), s -> new long[1])[0]++;
        }
    }

    long count() {
        return clusters;
    }

    Stats toStats() {
        TreeMap<String, Long> counts = new TreeMap<>();
        byStatus.forEach((status, count) -> counts.put(status, count[0]));
        return new Stats(clusters, documents, counts);
    }
}
