package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;

/**
 * The sort value of one cluster extracted once by {@link SortOrder}, so that comparisons never walk the document
 * again. Mutable only inside the engine, which recycles keys that fall out of its top-k heap.
 */
public final class SortKey {
    static final int NUMBER = 0;
    static final int STRING = 1;
    static final int BOOLEAN = 2;
    public static final int MISSING = 3;

    ObjectNode cluster;
    public String clusterId;
    public int rank;
    JsonNode number;
    String string;
    public Instant instant;
    boolean bool;

    public SortKey() {
    }

    /** The cluster this key was taken from. */
    public ObjectNode cluster() {
        return cluster;
    }

    /**
     * The sort value as the scalar that {@link SortOrder#fillValue} turns back into an equal key (an instant as its
     * ISO-8601 text), or null when it sorts as missing: how a key travels between instances.
     */
    public JsonNode value() {
        return switch (rank) {
            case NUMBER -> number;
            case STRING -> TextNode.valueOf(instant != null ? instant.toString() : string);
            case BOOLEAN -> BooleanNode.valueOf(bool);
            default -> null;
        };
    }
}
