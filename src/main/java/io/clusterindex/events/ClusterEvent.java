package io.clusterindex.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A lifecycle event whose envelope has been validated; {@code data} is not validated yet. */
public record ClusterEvent(
        String eventId,
        EventType type,
        String clusterId,
        String namespaceId,
        String organizationId,
        long sequence,
        Instant occurredAt,
        ObjectNode data) {
}
