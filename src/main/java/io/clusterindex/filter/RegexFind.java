package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;

/**
 * {@code regex}: the RE2 pattern is found somewhere in a string leaf (linear time). Case-insensitive conditions
 * compile the pattern with {@link Pattern#CASE_INSENSITIVE} (RE2's Unicode simple case folding) rather than
 * folding the leaf, so that classes such as {@code [A-Z]} keep their meaning.
 *
 * @param pattern   the pattern as RE2/J compiled it, the reference of the semantics
 * @param automaton the same pattern as a deterministic automaton when {@link RegexAutomaton} compiles it (much
 *                  faster over many strings), else null
 */
public record RegexFind(Pattern pattern, RegexAutomaton automaton) implements LeafTest {
    public RegexFind(Pattern pattern) {
        this(pattern, RegexAutomaton.compile(pattern.pattern(), (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0));
    }

    @Override
    public boolean test(JsonNode leaf) {
        if (!leaf.isTextual()) {
            return false;
        }
        return automaton != null ? automaton.find(leaf.textValue()) : pattern.matcher(leaf.textValue()).find();
    }
}
