package io.clusterindex.request;

/** The stable {@code type} codes of {@link ValidationError}. */
public final class ErrorTypes {
    /** The value has the right JSON type but is not acceptable (unknown field or operator, bad regex, range). */
    public static final String VALUE_ERROR = "value_error";
    /** The JSON type is wrong (a string where a list is needed, a non-integer limit). */
    public static final String TYPE_ERROR = "type_error";
    /** A required key is absent. */
    public static final String MISSING = "missing";
    /** A size limit is exceeded (nesting depth, number of conditions, list or pattern length). */
    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    /** A key that the object does not allow (in a condition or in {@code sort}). */
    public static final String EXTRA_FORBIDDEN = "extra_forbidden";

    private ErrorTypes() {
    }
}
