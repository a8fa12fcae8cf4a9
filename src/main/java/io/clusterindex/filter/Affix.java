package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code starts_with} / {@code ends_with} on string leaves; {@code affix} is already folded unless case-sensitive. */
public record Affix(String affix, boolean prefix, boolean caseSensitive) implements LeafTest {
    @Override
    public boolean test(JsonNode leaf) {
        if (!leaf.isTextual()) {
            return false;
        }
        String text = Fold.apply(leaf.textValue(), caseSensitive);
        return prefix ? text.startsWith(affix) : text.endsWith(affix);
    }
}
