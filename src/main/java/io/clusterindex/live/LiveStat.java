package io.clusterindex.live;

import io.clusterindex.json.StatsJson;
import java.util.Map;

/**
 * An organization's stats of a namespace as of {@code version}: the body {@code GET /v1/clusters/stats} answers (no
 * {@code namespace_id}); a namespace whose last cluster is gone (a tombstone) has zero stats. {@code organizationId}
 * is null when the record named no organization (written by a version of the indexer before the header).
 */
public record LiveStat(String organizationId, String namespaceId, StatsVersion version, StatsJson stats) {

    /** The stats of a namespace without live clusters. */
    public static StatsJson none() {
        return new StatsJson(null, 0, 0, 0.0, Map.of());
    }
}
