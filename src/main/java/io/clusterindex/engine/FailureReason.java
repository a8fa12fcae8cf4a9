package io.clusterindex.engine;

/**
 * Why a question was not served (in the manner of Kafka Streams' IQv2 {@code FailureReason}). Every reason is a
 * {@code 503} on the public API (none of them is the caller's fault, and each may pass) except {@link #BUSY}, a
 * {@code 429}.
 */
public enum FailureReason {
    /** The stream processor is not running here, or a store or partition cannot be queried now (starting,
     * restoring, rebalancing, moving). */
    NOT_ACTIVE,
    /** The view index of some partitions is still loading here. */
    INDEX_LOADING,
    /** The view index cannot answer this query exactly; a full scan of the store can. */
    NOT_INDEXED,
    /** Too many list queries or full scans are running and waiting here; retry shortly. */
    BUSY,
    /** The view (or a copy) has not reached the request's {@code X-Min-Offsets}, or no longer runs a fold task. */
    NOT_UP_TO_BOUND,
    /** No copy of the partitions here may serve: none, or one too far behind its changelog. */
    NO_COPY,
    /** Another instance could not be reached or did not answer in time: not asked again in the same request. */
    UNREACHABLE,
    /** Another instance answered that it could not serve, or answered something unreadable. */
    REFUSED,
    /** Some partitions are not covered by exactly one share, even after fail-over. */
    NOT_COVERED,
    /** The thread asking was interrupted. */
    INTERRUPTED
}
