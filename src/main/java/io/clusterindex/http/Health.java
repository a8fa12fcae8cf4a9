package io.clusterindex.http;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The bodies of {@code /health/live} and {@code /health/ready}. */
final class Health {
    private Health() {
    }

    record Live(String status) {
    }

    /** {@code READY} or {@code NOT_READY}, the stream processor's state, and the fold's counters. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Ready(String status, String streamsState, long eventsApplied, long eventsSkippedDuplicates,
                 long eventsDeadLettered, long eventsRerouted, long clustersHandedOver, long clustersAdopted) {
    }
}
