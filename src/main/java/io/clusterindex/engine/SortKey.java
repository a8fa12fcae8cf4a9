package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
