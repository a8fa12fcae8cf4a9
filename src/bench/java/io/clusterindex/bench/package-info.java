/**
 * The benchmarks (pipeline throughput, query latency, freshness, scale-out) and their harnesses: not part of the
 * service, built into {@code target/cluster-index-bench.jar} and run by the {@code bench/*.sh} scripts.
 * May use every package of the service and the test fixtures ({@code testkit}).
 */
package io.clusterindex.bench;
