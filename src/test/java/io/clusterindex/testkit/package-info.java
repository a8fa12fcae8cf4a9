/**
 * The test fixtures that the service's tests and the benchmarks share: one generator of lifecycle events
 * ({@link io.clusterindex.testkit.EventStream}: a planner, a renderer and a catalogue of bad records), one
 * independent replay model ({@link io.clusterindex.testkit.ExpectedView}) and one child-process launcher
 * ({@link io.clusterindex.testkit.IndexerProcess}). May use events, fold and json (the replay model uses the pure
 * parser and fold), never the Kafka Streams topology or the read path.
 */
package io.clusterindex.testkit;
