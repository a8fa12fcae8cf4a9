/**
 * Command-line helpers that publish to and read from the indexer's topics.
 * May use kafka, topology (topic names) and json.
 */
package io.clusterindex.cli;
