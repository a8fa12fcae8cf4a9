/**
 * The test fixtures that the service's tests and the benchmarks share: one independent replay model
 * ({@link io.clusterindex.testkit.ExpectedView}) of what the generator ({@code io.clusterindex.generate}) produces,
 * the poison-pill fuzz stream on top of it ({@link io.clusterindex.testkit.PoisonStream}), the child-process
 * launchers ({@link io.clusterindex.testkit.IndexerProcess}, {@link io.clusterindex.testkit.BrokerProcess}), and the
 * hostile HTTP requests of the fuzz test and the fuzz command ({@link io.clusterindex.testkit.HostileRequests}, sent
 * with {@link io.clusterindex.testkit.RawExchange}). May use events, fold, generate
 * and json (the replay model uses the pure parser and fold), never the Kafka Streams topology or the read path.
 */
package io.clusterindex.testkit;
