/**
 * This instance's reads of its local stores and index: one cluster, a namespace's list and stats, copies on
 * standbys, read-your-writes waits; answers are result types, never exceptions.
 * May use index, engine, request, filter, fold, stats, auth, json and topology's names (StoreNames, Topics); not
 * scatter or http.
 */
package io.clusterindex.query;
