/**
 * Prometheus metrics through Micrometer, served at {@code GET /metrics}: the fold's counters (by dead-letter code),
 * clusters per namespace (bounded), the view index, scatter-gather, HTTP requests per route template, JVM and Kafka
 * Streams client metrics. It implements the observer interfaces of {@code http} and {@code scatter}, so that only
 * this package (and {@code app}, which wires it) imports Micrometer. Nothing here runs on a stream thread: counters are
 * read from the fold's {@code LongAdder}s and the stats store is read when Prometheus scrapes.
 * May use http (its observer and exposition interfaces), scatter (its observer), index, stats, events (dead-letter
 * codes) and topology's names and counters (StoreNames, FoldCounters); nothing uses it but app.
 */
package io.clusterindex.metrics;
