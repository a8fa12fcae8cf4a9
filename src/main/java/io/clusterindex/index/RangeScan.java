package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.filter.AnyLeaf;
import io.clusterindex.filter.Equals;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.LeafTest;
import io.clusterindex.filter.Operator;
import io.clusterindex.filter.Ordered;
import io.clusterindex.filter.ScalarValue;
import java.time.Instant;

/**
 * Ordering conditions ({@code gt}, {@code gte}, {@code lt}, {@code lte}) and {@code eq} on an instant of a
 * timestamp field or on a number of a column, answered through the orders the writer keeps: a binary search gives
 * the matching rows ({@link InstantOrder}) or codes ({@link CodeOrder}) as one range, set in a bit set, and only
 * the rows or codes added since the last merge are tested one by one. Values of other types never compare with
 * the operand (see {@link Ordered}), so only the numbers of a column (the first codes of its order) and its arrays
 * (whose elements may be numbers; tested one by one) can match a number.
 */
final class RangeScan {
    private RangeScan() {
    }

    /** The rows of {@code candidates} that {@code leaf} matches, or null when it is not a condition for this. */
    static long[] select(Filter leaf, ScanColumns columns, long[] candidates) {
        if (!(leaf instanceof AnyLeaf any) || !(any.test() instanceof Ordered || any.test() instanceof Equals)) {
            return null;
        }
        ScalarValue operand = any.test() instanceof Ordered ordered ? ordered.value() : ((Equals) any.test()).value();
        ScanColumns.Located located = columns.locate(any.path());
        if (located.timestamp() != null && any.path().isTimestamp() && operand.kind() == ScalarValue.Kind.INSTANT) {
            return instants(located.timestamp(), any.test(), operand.instant(), candidates);
        }
        DictColumn column = located.source().column();
        if (column != null && operand.kind() == ScalarValue.Kind.NUMBER && any.path().depth() == located.depth()) {
            return numbers(column, any, operand, candidates);
        }
        return null;
    }

    private static long[] instants(TimestampColumn column, LeafTest test, Instant at, long[] candidates) {
        InstantOrder.Sorted sorted = column.order();
        TimestampColumn.Values values = column.values();
        int[] order = sorted.order();
        long operand = TimestampColumn.comparable(at);
        int atLeast = IntOrder.first(0, sorted.instants(), i -> values.compareTo(order[i], operand, at) >= 0);
        int above = IntOrder.first(atLeast, sorted.instants(), i -> values.compareTo(order[i], operand, at) > 0);
        Operator operator = operatorOf(test);
        int to = end(operator, atLeast, above, sorted.instants());
        int rows = Math.min(candidates.length << 6, values.instants().length);
        long[] matched = new long[candidates.length];
        for (int i = start(operator, atLeast, above); i < to; i++) {
            Courtesy.atRow(i);
            int row = order[i];
            if (row < rows) {
                matched[row >>> 6] |= 1L << row;
            }
        }
        RowTest newer = instantTest(values, test, at);
        for (int row = sorted.upTo(); row < rows; row++) {
            if (newer.test(row)) {
                matched[row >>> 6] |= 1L << row;
            }
        }
        for (int w = 0; w < matched.length; w++) {
            matched[w] &= candidates[w];
        }
        return matched;
    }

    /** The condition {@code test} (an ordering or {@code eq}) with operand {@code at}, row by row. */
    static RowTest instantTest(TimestampColumn.Values values, LeafTest test, Instant at) {
        long operand = TimestampColumn.comparable(at);
        Operator operator = operatorOf(test);
        return row -> {
            if (!values.has(row)) {
                return false;
            }
            int c = values.compareTo(row, operand, at);
            return switch (operator) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                default -> c == 0;
            };
        };
    }

    private static long[] numbers(DictColumn column, AnyLeaf any, ScalarValue operand, long[] candidates) {
        CodeOrder.Sorted sorted = column.order();
        int size = column.size();
        DictEntries entries = column.entries();
        int[] order = sorted.order();
        Ordered atLeastTest = new Ordered(Operator.GTE, operand);
        Ordered aboveTest = new Ordered(Operator.GT, operand);
        int atLeast = IntOrder.first(0, sorted.numbers(), i -> atLeastTest.test(entries.value(order[i])));
        int above = IntOrder.first(atLeast, sorted.numbers(), i -> aboveTest.test(entries.value(order[i])));
        Operator operator = operatorOf(any.test());
        int to = end(operator, atLeast, above, sorted.numbers());
        long[] codes = new long[RowBits.words(size)];
        for (int i = start(operator, atLeast, above); i < to; i++) {
            Courtesy.atRow(i);
            codes[order[i] >>> 6] |= 1L << order[i];
        }
        for (int code : sorted.arrays()) {
            if (any.test(entries.value(code))) {
                codes[code >>> 6] |= 1L << code;
            }
        }
        for (int code = sorted.upTo(); code < size; code++) {
            JsonNode value = entries.value(code);
            if (value != null && any.test(value)) {
                codes[code >>> 6] |= 1L << code;
            }
        }
        return RowBits.selectCodes(candidates, column.codes(), codes);
    }

    private static Operator operatorOf(LeafTest test) {
        return test instanceof Ordered ordered ? ordered.operator() : Operator.EQ;
    }

    /**
     * Where the matching range of a sorted run starts, given where the values at least the operand start
     * ({@code atLeast}) and where those above it start ({@code above}).
     */
    private static int start(Operator operator, int atLeast, int above) {
        return switch (operator) {
            case GT -> above;
            case GTE, EQ -> atLeast;
            default -> 0;
        };
    }

    /** Where the matching range ends; {@code end}: the end of the run of comparable values. */
    private static int end(Operator operator, int atLeast, int above, int end) {
        return switch (operator) {
            case LT -> atLeast;
            case LTE, EQ -> above;
            default -> end;
        };
    }
}
