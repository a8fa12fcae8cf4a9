package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import java.util.ArrayList;
import java.util.List;

/**
 * The free-text {@code search}: split on white space ({@link Character#isWhitespace(int)}) into terms; a cluster
 * matches when every term occurs, after folding both sides with {@code toLowerCase(Locale.ROOT)}, as a substring
 * of {@code cluster_id}, {@code cluster_name}, {@code algorithm} or of any string value anywhere inside
 * {@code metadata} (through nested objects and arrays; keys are not searched). No terms: no constraint.
 */
public final class Search {
    /** No search. */
    public static final Search NONE = new Search(List.of());

    private static final String[] TOP_FIELDS = {ClusterField.CLUSTER_ID.wireName(),
        ClusterField.CLUSTER_NAME.wireName(), ClusterField.ALGORITHM.wireName()};
    private static final String METADATA = ClusterField.METADATA.wireName();
    private static final int CHUNK = Long.SIZE;

    private final List<String> terms;

    private Search(List<String> terms) {
        this.terms = List.copyOf(terms);
    }

    public static Search of(String text) {
        List<String> terms = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                if (start >= 0) {
                    terms.add(Fold.fold(text.substring(start, i)));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            terms.add(Fold.fold(text.substring(start)));
        }
        return terms.isEmpty() ? NONE : new Search(terms);
    }

    /** The folded terms. */
    public List<String> terms() {
        return terms;
    }

    public boolean matches(ObjectNode cluster) {
        for (int from = 0; from < terms.size(); from += CHUNK) {
            int to = Math.min(terms.size(), from + CHUNK);
            if (!matchesChunk(cluster, from, to)) {
                return false;
            }
        }
        return true;
    }

    /** Terms {@code from..to} (at most 64) as a bit mask of those still unseen, cleared as strings are visited. */
    private boolean matchesChunk(ObjectNode cluster, int from, int to) {
        long unseen = to - from == CHUNK ? -1L : (1L << (to - from)) - 1;
        for (String name : TOP_FIELDS) {
            JsonNode value = cluster.get(name);
            if (value != null && value.isTextual()) {
                unseen = strike(value.textValue(), unseen, from);
            }
        }
        JsonNode metadata = cluster.get(METADATA);
        if (unseen != 0 && metadata != null) {
            unseen = scan(metadata, unseen, from);
        }
        return unseen == 0;
    }

    /**
     * Whether a searched value contains {@code term} (folded): {@code folded} is the value's folded text when it
     * is a string; objects and arrays are searched through (keys are not).
     */
    public static boolean contains(JsonNode value, String folded, String term) {
        if (folded != null) {
            return folded.contains(term);
        }
        if (value != null && value.isContainerNode()) {
            for (JsonNode child : value) {
                if (contains(child, child.isTextual() ? Fold.fold(child.textValue()) : null, term)) {
                    return true;
                }
            }
        }
        return false;
    }

    private long scan(JsonNode node, long unseen, int from) {
        if (node.isTextual()) {
            return strike(node.textValue(), unseen, from);
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                unseen = scan(child, unseen, from);
                if (unseen == 0) {
                    break;
                }
            }
        }
        return unseen;
    }

    private long strike(String text, long unseen, int from) {
        if (unseen == 0) {
            return 0;
        }
        String folded = Fold.fold(text);
        long remaining = unseen;
        for (long bits = unseen; bits != 0; bits &= bits - 1) {
            int bit = Long.numberOfTrailingZeros(bits);
            if (folded.contains(terms.get(from + bit))) {
                remaining &= ~(1L << bit);
            }
        }
        return remaining;
    }
}
