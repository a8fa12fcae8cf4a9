package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code in}: the leaf equals one of the listed values ({@code eq} rules); strings and instants are hashed. */
public final class InList implements LeafTest {
    private final Set<String> strings = new HashSet<>();
    private final Set<Instant> instants = new HashSet<>();
    private final List<ScalarValue> others = new ArrayList<>();
    private final boolean caseSensitive;
    private final boolean timestamp;

    /** {@code values} must be a JSON array of scalars. */
    public InList(JsonNode values, boolean caseSensitive, boolean timestamp) {
        this.caseSensitive = caseSensitive;
        this.timestamp = timestamp;
        for (JsonNode element : values) {
            ScalarValue value = ScalarValue.of(element, caseSensitive, timestamp);
            switch (value.kind()) {
                case STRING -> strings.add(value.text());
                case INSTANT -> instants.add(value.instant());
                case NOTHING -> {
                }
                default -> others.add(value);
            }
        }
    }

    @Override
    public boolean test(JsonNode leaf) {
        if (leaf.isTextual()) {
            return timestamp
                    ? !instants.isEmpty() && instants.contains(Rfc3339.parse(leaf.textValue()))
                    : strings.contains(Fold.apply(leaf.textValue(), caseSensitive));
        }
        for (int i = 0, n = others.size(); i < n; i++) {
            if (others.get(i).isEqualTo(leaf)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InList that && caseSensitive == that.caseSensitive && timestamp == that.timestamp
                && strings.equals(that.strings) && instants.equals(that.instants) && others.equals(that.others);
    }

    @Override
    public int hashCode() {
        return (strings.hashCode() * 31 + instants.hashCode()) * 31 + others.hashCode();
    }
}
