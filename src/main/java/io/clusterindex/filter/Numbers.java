package io.clusterindex.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Exact numeric order of JSON numbers of any representation: 5 equals 5.0, 2^60 + 1 is above 2^60 as a double. */
public final class Numbers {
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private Numbers() {
    }

    /** Both nodes must be numbers. */
    public static int compare(JsonNode a, JsonNode b) {
        boolean aLong = fitsLong(a);
        boolean bLong = fitsLong(b);
        if (aLong && bLong) {
            return Long.compare(a.longValue(), b.longValue());
        }
        boolean aDouble = isBinaryFloat(a);
        boolean bDouble = isBinaryFloat(b);
        if (aDouble && bDouble) {
            return compareDoubles(a.doubleValue(), b.doubleValue());
        }
        if (aLong && bDouble) {
            return compareLongDouble(a.longValue(), b.doubleValue());
        }
        if (aDouble && bLong) {
            return -compareLongDouble(b.longValue(), a.doubleValue());
        }
        return compareExact(a, b);
    }

    private static boolean fitsLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    private static boolean isBinaryFloat(JsonNode n) {
        return n.isDouble() || n.isFloat();
    }

    private static int compareDoubles(double x, double y) {
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
    }

    private static int compareLongDouble(long l, double d) {
        if (Math.abs(l) <= EXACT_DOUBLE_LIMIT || Double.isInfinite(d) || Double.isNaN(d)) {
            return compareDoubles((double) l, d);
        }
        return new BigDecimal(l).compareTo(new BigDecimal(d));
    }

    private static int compareExact(JsonNode a, JsonNode b) {
        int aInf = infinity(a);
        int bInf = infinity(b);
        if (aInf != 0 || bInf != 0) {
            return Integer.compare(aInf, bInf);
        }
        return exact(a).compareTo(exact(b));
    }

    /** -1 or 1 for a negative or positive infinite double, 0 otherwise. */
    private static int infinity(JsonNode n) {
        if (isBinaryFloat(n) && Double.isInfinite(n.doubleValue())) {
            return n.doubleValue() > 0 ? 1 : -1;
        }
        return 0;
    }

    private static BigDecimal exact(JsonNode n) {
        return isBinaryFloat(n) ? new BigDecimal(n.doubleValue()) : n.decimalValue();
    }
}
