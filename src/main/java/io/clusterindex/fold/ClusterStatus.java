package io.clusterindex.fold;

/** The statuses a cluster goes through; their names are the wire values. */
public enum ClusterStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    CANCELED
}
