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

    /**
     * {@code READY} or {@code NOT_READY}, the stream processor's state, the fold's counters, and whether Kafka
     * answers ({@code REACHABLE} / {@code UNREACHABLE}): an instance that cannot reach Kafka is not ready, although
     * its view stays readable.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ready(String status, String streamsState, long eventsApplied, long eventsSkippedDuplicates,
                        long eventsDeadLettered, long eventsRerouted, long clustersHandedOver, long clustersAdopted,
                        String kafka) {
        /** Kafka answers. */
        public static final String KAFKA_REACHABLE = "REACHABLE";
        /** Kafka does not answer. */
        public static final String KAFKA_UNREACHABLE = "UNREACHABLE";

        public static Ready of(boolean ready, String streamsState, long eventsApplied, long eventsSkippedDuplicates,
                               long eventsDeadLettered, long eventsRerouted, long clustersHandedOver,
                               long clustersAdopted) {
            return new Ready(ready ? "READY" : "NOT_READY", streamsState, eventsApplied, eventsSkippedDuplicates,
                    eventsDeadLettered, eventsRerouted, clustersHandedOver, clustersAdopted, KAFKA_REACHABLE);
        }

        /** This answer while Kafka does not answer: {@code NOT_READY} whatever the view says. */
        public Ready kafkaUnreachable() {
            return new Ready("NOT_READY", streamsState, eventsApplied, eventsSkippedDuplicates, eventsDeadLettered,
                    eventsRerouted, clustersHandedOver, clustersAdopted, KAFKA_UNREACHABLE);
        }

        /** True when the view can answer (200), else 503 with {@code Retry-After}. */
        @JsonIgnore
        public boolean ready() {
            return "READY".equals(status);
        }
    }
}
