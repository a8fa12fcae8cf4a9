package io.clusterindex.events;

/**
 * Dead-letter codes of events.md, declared in precedence order: when several causes apply, the one with the lowest
 * ordinal wins. The duplicate rule sits between {@link #UNKNOWN_EVENT_TYPE} and {@link #UNKNOWN_CLUSTER}.
 */
public enum ErrorCode {
    MALFORMED_JSON,
    INVALID_ENVELOPE,
    UNKNOWN_EVENT_TYPE,
    UNKNOWN_CLUSTER,
    ALREADY_EXISTS,
    OWNERSHIP_MISMATCH,
    IMMUTABLE_FIELD,
    INVALID_DATA,
    STALE_TASK
}
