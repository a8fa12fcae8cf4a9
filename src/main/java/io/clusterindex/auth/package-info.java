/**
 * API keys and namespaces: who the caller is and which namespace of its organization it reads.
 * May use json and the global stores' contract (topology.StoreNames); not the read or write path.
 */
package io.clusterindex.auth;
