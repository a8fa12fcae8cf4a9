/**
 * Answers for the whole namespace from every instance: membership, shards (local and peers over the internal
 * endpoint), the planner (SharePlanner), the asynchronous gatherer (ShareGatherer), the pure coverage and fail-over
 * logic (Coverage, FailOver), the retry policy, the merge, and the instances' internal credential.
 * May use query, request, engine, filter, index (positions), auth, stats, json and topology's names and routing
 * (StoreNames, EventRouting); the only package that calls peers.
 */
package io.clusterindex.scatter;
