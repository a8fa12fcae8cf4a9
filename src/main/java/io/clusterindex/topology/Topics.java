package io.clusterindex.topology;

/** Names of the topics the indexer reads and writes (events.md, "Topics"). */
public record Topics(String events, String view, String stats, String deadLetters, String namespaces,
                     String apiKeys) {

    public static Topics defaults() {
        return new Topics("cluster-events", "clusters-view", "cluster-stats", "cluster-events-dlq", "namespaces",
                "api-keys");
    }
}
