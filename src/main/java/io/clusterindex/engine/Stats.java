package io.clusterindex.engine;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code stats} of a list response, over every matching cluster (not just the page).
 *
 * @param totalClusters    number of matches
 * @param totalDocuments   sum of {@code num_documents_clustered}, null counted as 0
 * @param clustersByStatus status to count, sorted by status, zero counts left out
 */
public record Stats(long totalClusters, long totalDocuments, SortedMap<String, Long> clustersByStatus) {
    public Stats {
        clustersByStatus = Collections.unmodifiableSortedMap(new TreeMap<>(clustersByStatus));
    }

    /** {@code total_documents / total_clusters}, 0.0 when there is no match. */
    public double avgDocumentsPerCluster() {
        return totalClusters == 0 ? 0.0 : (double) totalDocuments / totalClusters;
    }
}
