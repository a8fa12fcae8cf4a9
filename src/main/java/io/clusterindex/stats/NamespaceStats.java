package io.clusterindex.stats;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running stats of a namespace. Immutable; {@link #apply} returns the stats after a change. Counts never go below
 * zero because every delta removes only what the same cluster added before.
 */
public record NamespaceStats(String namespaceId, long totalClusters, long totalDocuments,
                             Map<String, Long> clustersByStatus) {

    public NamespaceStats {
        clustersByStatus = Collections.unmodifiableMap(new TreeMap<>(clustersByStatus));
    }

    public static NamespaceStats empty(String namespaceId) {
        return new NamespaceStats(namespaceId, 0, 0, Map.of());
    }

    public double avgDocumentsPerCluster() {
        return totalClusters == 0 ? 0.0 : (double) totalDocuments / totalClusters;
    }

    public boolean isEmpty() {
        return totalClusters == 0;
    }

    /**
     * The stats after a summed change. The result is checked as a whole: a change may take a status below zero
     * on the way (one cluster left it before another entered it), the stats after it may not.
     */
    public NamespaceStats apply(StatsChange change) {
        TreeMap<String, Long> byStatus = new TreeMap<>(clustersByStatus);
        change.byStatus().forEach((status, count) -> byStatus.merge(status, count, Long::sum));
        long clusters = totalClusters + change.clusters();
        long counted = 0;
        for (Map.Entry<String, Long> entry : byStatus.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalStateException("negative count for status " + entry.getKey() + " in " + namespaceId);
            }
            counted += entry.getValue();
        }
        if (clusters < 0 || counted != clusters) {
            throw new IllegalStateException("status counts of " + namespaceId + " add up to " + counted
                    + ", not to its " + clusters + " clusters");
        }
        long documents = totalDocuments + change.documents();
        if (documents < 0 || clusters == 0 && documents != 0) {
            throw new IllegalStateException(namespaceId + " would hold " + documents + " documents in " + clusters
                    + " clusters");
        }
        byStatus.values().removeIf(count -> count == 0);
        return new NamespaceStats(namespaceId, clusters, documents, byStatus);
    }
}
