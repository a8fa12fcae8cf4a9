/**
 * Live stats: the newest stats of every (organization, namespace), read by each instance from the compacted
 * {@code cluster-stats} topic itself (StatsTopicReader; the organization from each record's header), kept in memory
 * (LiveStats, NamespaceEntry, bounded by the number of such pairs) with the position of the record they came from
 * (StatsVersion), and handed to whoever subscribed to an organization's namespace.
 * May use json only (and the Kafka consumer client).
 */
package io.clusterindex.live;
