package io.clusterindex.filter;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The fifteen condition operators, by wire name. */
public enum Operator {
    EQ("eq"), NE("ne"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), NIN("nin"), CONTAINS("contains"),
    STARTS_WITH("starts_with"), ENDS_WITH("ends_with"), REGEX("regex"), EXISTS("exists"), IS_NULL("is_null"),
    TEXT("text");

    private static final String KNOWN = Arrays.stream(values()).map(op -> op.wireName).collect(Collectors.joining(", "));

    private final String wireName;

    Operator(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Operator> byWireName(String name) {
        return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
    }

    public static String known() {
        return KNOWN;
    }
}
