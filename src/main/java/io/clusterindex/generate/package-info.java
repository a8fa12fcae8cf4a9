/**
 * The one generator of lifecycle events: {@link io.clusterindex.generate.EventStream} plans a deterministic stream
 * ({@link io.clusterindex.generate.LifecyclePlan}), renders realistic JSON ({@link io.clusterindex.generate.EventRenderer})
 * and mixes in re-sends and records of the bad-record catalogue, each with the outcome it must get. The same options
 * and seed give the same bytes. The command line's {@code generate} and {@code serve --demo}, the tests and the
 * benchmarks all use it.
 * May use events and json; no Kafka.
 */
package io.clusterindex.generate;
