/**
 * The event envelope of cluster-events: strict parsing, event types and the dead-letter codes.
 * May use json and time only.
 */
package io.clusterindex.events;
