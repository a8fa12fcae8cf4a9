package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code text}: every word of the value is a word of a string leaf (see {@link Words}); both sides folded
 * (before splitting) unless case-sensitive. A value without words matches every string leaf.
 */
public record TextWords(List<String> words, boolean caseSensitive) implements LeafTest {
    public TextWords {
        words = List.copyOf(words);
    }

    @Override
    public boolean test(JsonNode leaf) {
        if (!leaf.isTextual()) {
            return false;
        }
        String text = Fold.apply(leaf.textValue(), caseSensitive);
        for (int i = 0, n = words.size(); i < n; i++) {
            if (!Words.containsWord(text, words.get(i))) {
                return false;
            }
        }
        return true;
    }
}
