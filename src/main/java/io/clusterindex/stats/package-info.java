/**
 * Namespace stats arithmetic: a cluster's contribution, summed changes, the running stats and their keys.
 * May use json only.
 */
package io.clusterindex.stats;
