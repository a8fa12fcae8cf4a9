/**
 * Wiring: configuration from the environment, the Kafka Streams settings, start-up and shutdown of the whole
 * service.
 * May use every package; nothing uses it.
 */
package io.clusterindex.app;
