package io.clusterindex.app;

import org.apache.kafka.common.KafkaException;

/**
 * Kafka refused the indexer's credentials or one of the permissions it needs. The message names what is missing
 * (operation, resource, principal) and points to the README's list of ACLs; it is meant to be shown as it is.
 */
public final class KafkaAccessDeniedException extends KafkaException {
    KafkaAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
