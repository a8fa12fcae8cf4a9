/**
 * API keys and namespaces: who the caller is and which namespace of its organization it reads.
 * May use json and topology's names (StoreNames of the global stores, Topics for the development key) and its
 * TableListener (how the global tables reach TenancyIndex); not the read or write path.
 */
package io.clusterindex.auth;
