package io.clusterindex.query;

/** The answer of a local query: found, not found, or the view cannot answer right now (starting, restoring). */
public sealed interface QueryResult<T> {
    record Found<T>(T value) implements QueryResult<T> {
    }

    record NotFound<T>() implements QueryResult<T> {
    }

    record Unavailable<T>(String reason) implements QueryResult<T> {
    }
}
