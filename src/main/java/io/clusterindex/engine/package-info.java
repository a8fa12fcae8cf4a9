/**
 * The list query model and its evaluation over documents: the compiled query (ListQuery), sort order, the page,
 * its stats and pagination links, and the read side's one answer type (Answer: found, not found, or not served and
 * why, with its Basis); pure Java, no HTTP and no Kafka types.
 * May use filter, fold (field names), json and time.
 */
package io.clusterindex.engine;
