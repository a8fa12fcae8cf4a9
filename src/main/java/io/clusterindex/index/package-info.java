/**
 * What the fold keeps in memory for the read side: the columnar view index (per partition and namespace) that
 * answers list queries, and the view positions that read-your-writes waits on.
 * May use engine, filter, fold, json and time; written by topology, read by query.
 */
package io.clusterindex.index;
