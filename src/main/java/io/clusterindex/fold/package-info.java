/**
 * The pure fold of one cluster's events into its view (ClusterMetadata): the sequence rule, the seven event types,
 * merge patches, field definitions and the view's JSON.
 * May use events, json and time only.
 */
package io.clusterindex.fold;
