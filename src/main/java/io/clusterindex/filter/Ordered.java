package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code gt}, {@code gte}, {@code lt}, {@code lte}: same-type order (numbers, folded strings, instants). */
public record Ordered(Operator operator, ScalarValue value) implements LeafTest {
    public Ordered {
        if (operator != Operator.GT && operator != Operator.GTE && operator != Operator.LT && operator != Operator.LTE) {
            throw new IllegalArgumentException("not an ordering operator: " + operator);
        }
    }

    @Override
    public boolean test(JsonNode leaf) {
        int c = value.compareLeaf(leaf);
        if (c == ScalarValue.INCOMPARABLE) {
            return false;
        }
        return switch (operator) {
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            default -> c <= 0;
        };
    }
}
