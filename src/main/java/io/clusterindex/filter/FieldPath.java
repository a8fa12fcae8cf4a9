package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import java.util.function.Predicate;

/**
 * A validated dotted path: a top-level field of {@code ClusterMetadata} and the keys below it, split once.
 *
 * <p>Resolution (for filters): from the top-level value, each key is looked up in an object; an array met before
 * the path ends is crossed, each element (recursively, for nested arrays) continuing with the same key; a scalar
 * or null met before the end ends that branch. The values where the path ends are its <em>terminals</em>
 * (zero, one or several); the field is <em>present</em> when there is at least one. Positional indexes are not
 * supported: a numeric key is an object key like any other.
 */
public final class FieldPath {
    private final ClusterField field;
    private final String[] keys;
    private final String dotted;

    public FieldPath(ClusterField field, String[] keys, String dotted) {
        this.field = field;
        this.keys = keys.clone();
        this.dotted = dotted;
    }

    /** The path of a top-level field. */
    public static FieldPath of(ClusterField field) {
        return new FieldPath(field, new String[0], field.wireName());
    }

    public ClusterField field() {
        return field;
    }

    /** True for one of the four timestamp fields themselves (not a path below another field). */
    public boolean isTimestamp() {
        return keys.length == 0 && field.isTimestamp();
    }

    /** True when the path goes below a top-level field that holds neither an object nor an array. */
    public boolean dottedBelowScalar() {
        return keys.length > 0 && FieldShape.of(field) == FieldShape.SCALAR;
    }

    /** Whether any terminal of this path in {@code cluster} passes {@code test}; stops at the first that does. */
    boolean anyTerminal(ObjectNode cluster, Predicate<JsonNode> test) {
        JsonNode top = cluster.get(field.wireName());
        return top != null && descend(top, 0, test);
    }

    /** The keys below the top-level field. */
    public int depth() {
        return keys.length;
    }

    /** The key at {@code index} below the top-level field. */
    public String key(int index) {
        return keys[index];
    }

    /**
     * {@link #anyTerminal} from a value already found at {@code depth} keys below the top-level field (null: that
     * value is absent), as the view index stores it.
     */
    public boolean anyTerminalFrom(JsonNode value, int depth, Predicate<JsonNode> test) {
        return value != null && descend(value, depth, test);
    }

    /** {@link #single} from a value already found at {@code depth} keys below the top-level field. */
    public JsonNode singleFrom(JsonNode value, int depth) {
        JsonNode node = value;
        for (int i = depth; i < keys.length && node != null; i++) {
            node = node.isObject() ? node.get(keys[i]) : null;
        }
        return node;
    }

    private boolean descend(JsonNode node, int depth, Predicate<JsonNode> test) {
        if (depth == keys.length) {
            return test.test(node);
        }
        if (node.isObject()) {
            JsonNode child = node.get(keys[depth]);
            return child != null && descend(child, depth + 1, test);
        }
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (descend(node.get(i), depth, test)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The single value at this path when every step is an object lookup (as sorting needs), else null: a path
     * that meets an array, scalar or null before its end, or a missing key, gives null.
     */
    public JsonNode single(ObjectNode cluster) {
        return singleFrom(cluster.get(field.wireName()), 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath that && dotted.equals(that.dotted);
    }

    @Override
    public int hashCode() {
        return dotted.hashCode();
    }

    /** The dotted form, as the client wrote it. */
    @Override
    public String toString() {
        return dotted;
    }
}
