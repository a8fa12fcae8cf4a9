package io.clusterindex.topology;

/** Explicit names of the state stores; their changelog topics are {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** cluster id -> {@link io.clusterindex.fold.ClusterState}. */
    public static final String CLUSTERS = "clusters-store";
    /**
     * {@link io.clusterindex.stats.StatsKey} (organization, namespace) -> {@link io.clusterindex.stats.NamespaceStats};
     * namespaces without live clusters are absent.
     */
    public static final String NAMESPACE_STATS = "namespace-stats-store";
    /**
     * {@link io.clusterindex.stats.StatsKey} -> the {@link io.clusterindex.stats.StatsChange} a fold task summed
     * since it last sent its sums on (see {@link TaskStatsProcessor}); in memory, restored from its changelog.
     */
    public static final String TASK_STATS = "task-stats-store";
    /**
     * Name of the repartition of summed stats changes by namespace (it carried one delta per event before, hence
     * the name; keeping it lets an upgraded instance read the deltas an older one left there): topic
     * {@code <application.id>-stats-deltas-repartition}.
     */
    public static final String STATS_DELTAS = "stats-deltas";
    /**
     * {@code cluster-events} partition -> offset of the last record the fold handled (one entry per fold task),
     * in memory, restored from its changelog; see {@link ViewPositions}.
     */
    public static final String VIEW_POSITIONS = "view-positions-store";

    /** Global store of {@code namespaces}: namespace id -> the published JSON. */
    public static final String NAMESPACES = "namespaces-store";
    /** Global store of {@code api-keys}: SHA-256 hex of a key -> the published JSON. */
    public static final String API_KEYS = "api-keys-store";

    private StoreNames() {
    }
}
