package io.clusterindex.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Finds JSON strings that are not Unicode text: a <code>&#92;ud800</code>-style escape without its pair. Strict UTF-8 bytes
 * cannot encode a surrogate, but JSON escapes can, and Jackson reads them into Java strings as they are; such a
 * string has no UTF-8 form (Java's encoder writes {@code ?} for it, so <code>"x&#92;ud800"</code> would match the key
 * {@code "x?"} and share its store entry).
 */
final class UnpairedSurrogates {
    private UnpairedSurrogates() {
    }

    /**
     * Whether {@code json} may hold a surrogate escape: a <code>&#92;u</code> followed by {@code d8}..{@code df}. A cheap scan
     * of the raw bytes, so that only those values pay for {@link #in(JsonNode)}.
     */
    static boolean mayBeIn(byte[] json) {
        for (int i = 0; i + 3 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] | 0x20) == 'd' && isSurrogateDigit(json[i + 3])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSurrogateDigit(byte b) {
        int lower = b | 0x20;
        return b == '8' || b == '9' || lower >= 'a' && lower <= 'f';
    }

    /** Whether a string or a field name anywhere in {@code root} holds an unpaired surrogate (no recursion). */
    static boolean in(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                if (in(node.textValue())) {
                    return true;
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (in(field.getKey())) {
                        return true;
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return false;
    }

    static boolean in(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
