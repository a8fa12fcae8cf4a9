package io.clusterindex.events;

/** Outcome of reading one record of {@code cluster-events}: an event with a valid envelope, or a rejection. */
public sealed interface ParseResult {
    record Parsed(ClusterEvent event) implements ParseResult {
    }

    record Invalid(Rejection rejection) implements ParseResult {
    }
}
