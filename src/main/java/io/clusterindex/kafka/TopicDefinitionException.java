package io.clusterindex.kafka;

/** A topic definition file is missing, unreadable or invalid; the message names the file and the problem. */
public final class TopicDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file. */
    public TopicDefinitionException(String message) {
        super(message);
    }

    /** Creates the exception with a message that names the file, and the underlying cause. */
    public TopicDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
