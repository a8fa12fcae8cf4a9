package io.clusterindex.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The bodies of {@code /health/live} and {@code /health/ready}. */
public final class Health {
    private Health() {
    }

    record Live(String status) {
    }

    /** {@code READY} or {@code NOT_READY}, the stream processor's state, and the fold's counters. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ready(String status, String streamsState, long eventsApplied, long eventsSkippedDuplicates,
                        long eventsDeadLettered, long eventsRerouted, long clustersHandedOver, long clustersAdopted) {
        public static Ready of(boolean ready, String streamsState, long eventsApplied, long eventsSkippedDuplicates,
                               long eventsDeadLettered, long eventsRerouted, long clustersHandedOver,
                               long clustersAdopted) {
            return new Ready(ready ? "READY" : "NOT_READY", streamsState, eventsApplied, eventsSkippedDuplicates,
                    eventsDeadLettered, eventsRerouted, clustersHandedOver, clustersAdopted);
        }

        /** True when the view can answer (200), else 503 with {@code Retry-After}. */
        @JsonIgnore
        public boolean ready() {
            return "READY".equals(status);
        }
    }
}
