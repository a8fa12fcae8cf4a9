/**
 * The Kafka Streams topology: routing each event to its cluster's owner, the fold processor, dead letters, stats
 * per task and per namespace, store names and serdes, and the bound on the stores' RocksDB memory.
 * May use events, fold, stats, index, kafka and json; never request, query, scatter, http or auth.
 */
package io.clusterindex.topology;
