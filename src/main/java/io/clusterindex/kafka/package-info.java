/**
 * Kafka plumbing that is not Streams: the embedded broker, the state-directory lock, topic definitions and their
 * provisioning, purging consumed records.
 * May use json only.
 */
package io.clusterindex.kafka;
