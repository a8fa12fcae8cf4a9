package io.clusterindex.topology;

/** Header names on every record of the dead-letter topic (events.md, "Rejections"). */
public final class DeadLetterHeaders {
    public static final String ERROR_CODE = "error.code";
    public static final String ERROR_MESSAGE = "error.message";
    public static final String SOURCE_TOPIC = "source.topic";
    public static final String SOURCE_PARTITION = "source.partition";
    public static final String SOURCE_OFFSET = "source.offset";
    public static final String EVENT_ID = "event_id";

    private DeadLetterHeaders() {
    }
}
