/**
 * Live stats: the newest stats of every namespace, read by each instance from the compacted {@code cluster-stats}
 * topic itself (StatsTopicReader), kept in memory (LiveStats, bounded by the number of namespaces) with the position
 * of the record they came from (StatsVersion), and handed to whoever subscribed to a namespace.
 * May use json only (and the Kafka consumer client).
 */
package io.clusterindex.live;
