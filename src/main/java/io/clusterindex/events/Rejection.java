package io.clusterindex.events;

/** Why an event cannot be applied; {@code eventId} is null when it could not be read. */
public record Rejection(ErrorCode code, String message, String eventId) {
}
