package io.clusterindex.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * The stats object, wherever it is written: a namespace's running stats on {@code cluster-stats} (with
 * {@code namespace_id}), the {@code stats} of a list response and {@code GET /v1/clusters/stats} (without it), and an
 * instance's share between instances (without the average, which only the merged answer has).
 *
 * @param namespaceId            the namespace, on {@code cluster-stats} only; left out when null
 * @param avgDocumentsPerCluster {@code total_documents / total_clusters}, 0.0 without clusters; left out when null
 * @param clustersByStatus       status to count, iterated in status order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsJson(@JsonInclude(JsonInclude.Include.NON_NULL) String namespaceId,
                        @JsonProperty(required = true) long totalClusters,
                        @JsonProperty(required = true) long totalDocuments,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double avgDocumentsPerCluster,
                        @JsonProperty(required = true) Map<String, Long> clustersByStatus) {
}
