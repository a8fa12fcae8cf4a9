package io.clusterindex.topology;

/**
 * Names of the topics the indexer reads and writes (events.md, "Topics"), plus {@code rerouted}: the indexer's own
 * topic through which fold tasks pass events published on another partition than their cluster's owner
 * ({@link EventRouting}); it is named after the application id, like Kafka Streams' internal topics.
 */
public record Topics(String events, String view, String stats, String deadLetters, String namespaces,
                     String apiKeys, String rerouted) {
    /** Suffix of the rerouted-events topic after the application id. */
    public static final String REROUTED_SUFFIX = "-rerouted-events";
    /**
     * Header of every {@code cluster-stats} record, tombstones included: the organization (UTF-8) whose stats of the
     * namespace named by the key the record holds. The key and value stay as events.md states them.
     */
    public static final String STATS_ORGANIZATION_HEADER = EventRouting.INTERNAL_HEADER_PREFIX + "organization_id";

    public static Topics defaults() {
        return forApplication("cluster-index");
    }

    /** The default topics, with the rerouted-events topic of application {@code applicationId}. */
    public static Topics forApplication(String applicationId) {
        return new Topics("cluster-events", "clusters-view", "cluster-stats", "cluster-events-dlq", "namespaces",
                "api-keys", applicationId + REROUTED_SUFFIX);
    }
}
