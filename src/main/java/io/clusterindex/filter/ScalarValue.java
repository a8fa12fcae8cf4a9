package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;

/**
 * The value of a condition, prepared once: strings folded unless case-sensitive, date-times of timestamp paths
 * parsed. Values of different JSON types never equal and never compare; null equals only null.
 */
public final class ScalarValue {
    /** What a leaf must be to be compared with this value. */
    public enum Kind {
        NULL, BOOLEAN, NUMBER, STRING,
        /** A date-time compared with the string leaves of a timestamp field as instants. */
        INSTANT,
        /** A string that is not a date-time, on a timestamp field: equal to nothing. */
        NOTHING
    }

    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private final Kind kind;
    private final JsonNode node;
    private final String text;
    private final Instant instant;
    private final boolean caseSensitive;

    private ScalarValue(Kind kind, JsonNode node, String text, Instant instant, boolean caseSensitive) {
        this.kind = kind;
        this.node = node;
        this.text = text;
        this.instant = instant;
        this.caseSensitive = caseSensitive;
    }

    /** {@code value} must be a JSON scalar; {@code timestamp} when the path is one of the four timestamp fields. */
    public static ScalarValue of(JsonNode value, boolean caseSensitive, boolean timestamp) {
        if (value.isTextual()) {
            if (timestamp) {
                Instant at = Rfc3339.parse(value.textValue());
                return new ScalarValue(at == null ? Kind.NOTHING : Kind.INSTANT, value, null, at, caseSensitive);
            }
            return new ScalarValue(Kind.STRING, value, Fold.apply(value.textValue(), caseSensitive), null,
                    caseSensitive);
        }
        Kind kind = value.isNumber() ? Kind.NUMBER : value.isBoolean() ? Kind.BOOLEAN : Kind.NULL;
        return new ScalarValue(kind, value, null, null, caseSensitive);
    }

    public Kind kind() {
        return kind;
    }

    /** The string value, folded unless case-sensitive; null unless {@link Kind#STRING}. */
    public String text() {
        return text;
    }

    public Instant instant() {
        return instant;
    }

    /** A leaf string folded the way this value was. */
    String fold(String leaf) {
        return Fold.apply(leaf, caseSensitive);
    }

    boolean isEqualTo(JsonNode leaf) {
        return switch (kind) {
            case NULL -> leaf.isNull();
            case BOOLEAN -> leaf.isBoolean() && leaf.booleanValue() == node.booleanValue();
            case NUMBER -> leaf.isNumber() && Numbers.compare(leaf, node) == 0;
            case STRING -> leaf.isTextual() && fold(leaf.textValue()).equals(text);
            case INSTANT -> leaf.isTextual() && instant.equals(Rfc3339.parse(leaf.textValue()));
            case NOTHING -> false;
        };
    }

    /** The sign of {@code leaf - value}, or {@link #INCOMPARABLE} when their types differ. */
    int compareLeaf(JsonNode leaf) {
        return switch (kind) {
            case NUMBER -> leaf.isNumber() ? Numbers.compare(leaf, node) : INCOMPARABLE;
            case STRING -> leaf.isTextual() ? CodePoints.compare(fold(leaf.textValue()), text) : INCOMPARABLE;
            case INSTANT -> compareInstant(leaf);
            default -> INCOMPARABLE;
        };
    }

    private int compareInstant(JsonNode leaf) {
        Instant at = leaf.isTextual() ? Rfc3339.parse(leaf.textValue()) : null;
        return at == null ? INCOMPARABLE : at.compareTo(instant);
    }

    /** Equal conditions prepare equal values (so that evaluations can be cached per condition). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ScalarValue that && kind == that.kind && caseSensitive == that.caseSensitive
                && node.equals(that.node);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + node.hashCode() + (caseSensitive ? 1 : 0);
    }
}
