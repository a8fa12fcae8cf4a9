package io.clusterindex.view;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the fold keeps per cluster id: the last applied {@code sequence} and the current cluster, or null once the
 * cluster is deleted. Deleted clusters keep their sequence so that a replay of older events stays a duplicate.
 */
public record ClusterState(long sequence, ObjectNode cluster) {
    public boolean isLive() {
        return cluster != null;
    }
}
