package io.clusterindex.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.clusterindex.filter.Affix;
import io.clusterindex.filter.AnyLeaf;
import io.clusterindex.filter.Contains;
import io.clusterindex.filter.Equals;
import io.clusterindex.filter.Exists;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.Fold;
import io.clusterindex.filter.InList;
import io.clusterindex.filter.IsNull;
import io.clusterindex.filter.NoneOf;
import io.clusterindex.filter.Operator;
import io.clusterindex.filter.Ordered;
import io.clusterindex.filter.RegexFind;
import io.clusterindex.filter.ScalarValue;
import io.clusterindex.filter.TextWords;
import io.clusterindex.filter.Words;
import io.clusterindex.time.Rfc3339;

/** Checks a condition's value against its operator's rules and compiles the condition into a {@link Filter}. */
final class ConditionCompiler {
    static final int MAX_IN_VALUES = 1000;
    static final int MAX_REGEX_LENGTH = 512;
    /** The largest {@link RegexSize} accepted: counted repetitions may repeat 10,000 characters in all. */
    static final long MAX_REGEX_SIZE = 10_000;

    private ConditionCompiler() {
    }

    /**
     * Validates {@code value} for {@code operator} and, when {@code path} is valid too (non-null), compiles the
     * condition. Returns null when anything is invalid; problems are recorded at {@code valueAt}.
     */
    static Filter compile(FieldPath path, Operator operator, JsonNode value, boolean caseSensitive,
                          Location valueAt, Problems problems) {
        int before = problems.size();
        boolean timestamp = path != null && path.isTimestamp();
        Pattern pattern = null;
        switch (operator) {
            case EQ, NE, CONTAINS -> requireScalar(value, operator, valueAt, problems);
            case GT, GTE, LT, LTE -> checkOrdered(value, operator, timestamp, path, valueAt, problems);
            case IN, NIN -> checkList(value, operator, valueAt, problems);
            case STARTS_WITH, ENDS_WITH, TEXT -> requireString(value, operator, valueAt, problems);
            case REGEX -> pattern = compileRegex(value, caseSensitive, valueAt, problems);
            case EXISTS, IS_NULL -> requireBoolean(value, operator, valueAt, problems);
        }
        if (path == null || problems.size() > before) {
            return null;
        }
        return build(path, operator, value, caseSensitive, pattern);
    }

    private static Filter build(FieldPath path, Operator operator, JsonNode value, boolean caseSensitive,
                                Pattern pattern) {
        boolean timestamp = path.isTimestamp();
        return switch (operator) {
            case EQ -> new AnyLeaf(path, new Equals(ScalarValue.of(value, caseSensitive, timestamp)));
            case NE -> NoneOf.of(build(path, Operator.EQ, value, caseSensitive, pattern));
            case GT, GTE, LT, LTE ->
                    new AnyLeaf(path, new Ordered(operator, ScalarValue.of(value, caseSensitive, timestamp)));
            case IN -> new AnyLeaf(path, new InList(value, caseSensitive, timestamp));
            case NIN -> NoneOf.of(build(path, Operator.IN, value, caseSensitive, pattern));
            case CONTAINS -> new Contains(path, ScalarValue.of(value, caseSensitive, false));
            case STARTS_WITH, ENDS_WITH -> new AnyLeaf(path,
                    new Affix(Fold.apply(value.textValue(), caseSensitive), operator == Operator.STARTS_WITH,
                            caseSensitive));
            case REGEX -> new AnyLeaf(path, new RegexFind(pattern));
            case TEXT -> new AnyLeaf(path,
                    new TextWords(Words.split(Fold.apply(value.textValue(), caseSensitive)), caseSensitive));
            case EXISTS -> value.booleanValue() ? new Exists(path) : NoneOf.of(new Exists(path));
            case IS_NULL -> value.booleanValue() ? new IsNull(path) : NoneOf.of(new IsNull(path));
        };
    }

    static boolean isScalar(JsonNode value) {
        return value.isTextual() || value.isNumber() || value.isBoolean() || value.isNull();
    }

    private static void requireScalar(JsonNode value, Operator operator, Location at, Problems problems) {
        if (!isScalar(value)) {
            problems.add(at, "'" + operator.wireName() + "' needs a JSON scalar (string, number, boolean or null)",
                    ErrorTypes.TYPE_ERROR);
        }
    }

    private static void requireString(JsonNode value, Operator operator, Location at, Problems problems) {
        if (!value.isTextual()) {
            problems.add(at, "'" + operator.wireName() + "' needs a string", ErrorTypes.TYPE_ERROR);
        }
    }

    private static void requireBoolean(JsonNode value, Operator operator, Location at, Problems problems) {
        if (!value.isBoolean()) {
            problems.add(at, "'" + operator.wireName() + "' needs a boolean", ErrorTypes.TYPE_ERROR);
        }
    }

    private static void checkOrdered(JsonNode value, Operator operator, boolean timestamp, FieldPath path,
                                     Location at, Problems problems) {
        if (!value.isNumber() && !value.isTextual()) {
            problems.add(at, "'" + operator.wireName() + "' needs a number or a string", ErrorTypes.TYPE_ERROR);
        } else if (timestamp && value.isTextual() && Rfc3339.parse(value.textValue()) == null) {
            problems.add(at, "'" + path + "' is a timestamp: the value must be an RFC 3339 date-time such as "
                    + "2026-11-28T10:15:30Z", ErrorTypes.VALUE_ERROR);
        }
    }

    private static void checkList(JsonNode value, Operator operator, Location at, Problems problems) {
        if (!value.isArray()) {
            problems.add(at, "'" + operator.wireName() + "' needs a list of scalars", ErrorTypes.TYPE_ERROR);
            return;
        }
        if (value.size() > MAX_IN_VALUES) {
            problems.add(at, "'" + operator.wireName() + "' takes at most " + MAX_IN_VALUES + " values, got "
                    + value.size(), ErrorTypes.LIMIT_EXCEEDED);
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!isScalar(value.get(i))) {
                problems.add(at.index(i), "list items must be JSON scalars (string, number, boolean or null)",
                        ErrorTypes.TYPE_ERROR);
            }
        }
    }

    private static Pattern compileRegex(JsonNode value, boolean caseSensitive, Location at, Problems problems) {
        if (!value.isTextual()) {
            problems.add(at, "'regex' needs a string", ErrorTypes.TYPE_ERROR);
            return null;
        }
        String regex = value.textValue();
        int length = regex.codePointCount(0, regex.length());
        if (length > MAX_REGEX_LENGTH) {
            problems.add(at, "a regex has at most " + MAX_REGEX_LENGTH + " characters, got " + length,
                    ErrorTypes.LIMIT_EXCEEDED);
            return null;
        }
        long size = RegexSize.of(regex);
        if (size > MAX_REGEX_SIZE) {
            problems.add(at, "a regex may expand to at most " + MAX_REGEX_SIZE + " characters with its repetitions "
                    + "counted out, got " + (size == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : size),
                    ErrorTypes.LIMIT_EXCEEDED);
            return null;
        }
        try {
            return Pattern.compile(regex, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            problems.add(at, "invalid regex (RE2 syntax): " + e.getMessage(), ErrorTypes.VALUE_ERROR);
            return null;
        }
    }
}
