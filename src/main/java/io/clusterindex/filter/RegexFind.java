package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;

/**
 * {@code regex}: the RE2 pattern is found somewhere in a string leaf (linear time). Case-insensitive conditions
 * compile the pattern with {@link Pattern#CASE_INSENSITIVE} (RE2's Unicode simple case folding) rather than
 * folding the leaf, so that classes such as {@code [A-Z]} keep their meaning.
 */
public record RegexFind(Pattern pattern) implements LeafTest {
    @Override
    public boolean test(JsonNode leaf) {
        return leaf.isTextual() && pattern.matcher(leaf.textValue()).find();
    }
}
