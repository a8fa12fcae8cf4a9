package io.clusterindex.live;

import io.clusterindex.json.StatsJson;
import java.util.Map;

/**
 * A namespace's stats as of {@code version}: the body {@code GET /v1/clusters/stats} answers (no
 * {@code namespace_id}); a namespace whose last cluster is gone (a tombstone) has zero stats.
 */
public record LiveStat(String namespaceId, StatsVersion version, StatsJson stats) {

    /** The stats of a namespace without live clusters. */
    public static StatsJson none() {
        return new StatsJson(null, 0, 0, 0.0, Map.of());
    }
}
