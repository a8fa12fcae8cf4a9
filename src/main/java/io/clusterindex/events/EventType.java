package io.clusterindex.events;

import java.util.Optional;

/** The seven lifecycle event types and their wire names. */
public enum EventType {
    CREATED("cluster.created"),
    UPDATED("cluster.updated"),
    EXECUTION_STARTED("cluster.execution.started"),
    EXECUTION_COMPLETED("cluster.execution.completed"),
    EXECUTION_FAILED("cluster.execution.failed"),
    EXECUTION_CANCELED("cluster.execution.canceled"),
    DELETED("cluster.deleted");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
