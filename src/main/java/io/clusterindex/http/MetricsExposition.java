package io.clusterindex.http;

/** What {@code GET /metrics} answers ({@code metrics} implements it); {@link #NONE} serves an empty exposition. */
@FunctionalInterface
public interface MetricsExposition {
    /** Where the metrics are served (no authentication, like {@code /health/*}). */
    String PATH = "/metrics";

    /** An empty exposition in the Prometheus text format. */
    MetricsExposition NONE = accept -> new Exposition("text/plain; version=0.0.4; charset=utf-8", "");

    /** The body and its content type, in the format that {@code accept} (the request's header, or null) prefers. */
    Exposition scrape(String accept);

    /** A scrape's body and its {@code Content-Type}. */
    record Exposition(String contentType, String body) {
    }
}
