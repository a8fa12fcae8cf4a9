/**
 * Answers for the whole namespace from every instance: membership, shards (local and peers over the internal
 * endpoint), the merge, coverage and fail-over to standbys, and the instances' internal credential.
 * May use query, request, engine, filter, index (positions), auth, stats, json and topology's names and routing
 * (StoreNames, EventRouting); the only package that calls peers.
 */
package io.clusterindex.scatter;
