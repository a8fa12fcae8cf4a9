package io.clusterindex.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The reference the running stats must always equal: a full recount over a namespace's live clusters. */
public final class StatsRecount {
    private StatsRecount() {
    }

    public static NamespaceStats of(String namespaceId, Iterable<ObjectNode> liveClusters) {
        NamespaceStats stats = NamespaceStats.empty(namespaceId);
        for (ObjectNode cluster : liveClusters) {
            stats = stats.plus(Contribution.of(cluster), 1);
        }
        return stats;
    }
}
