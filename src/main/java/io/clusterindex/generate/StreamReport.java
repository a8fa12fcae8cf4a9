package io.clusterindex.generate;

import static io.clusterindex.generate.LifecyclePlan.TYPE_NAMES;

import io.clusterindex.generate.EventStream.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link EventStream#generate} produced: how many records of each kind, their key and value bytes, the valid
 * events by type and the bad records by the code they must get ({@code SKIPPED} for stale ones).
 */
public record StreamReport(long records, long valid, long duplicates, long bad, long keyBytes, long valueBytes,
                           int minValueBytes, int maxValueBytes, Map<String, Long> validByType,
                           Map<String, Long> badByExpectedCode) {
    public double averageValueBytes() {
        return records == 0 ? 0 : (double) valueBytes / records;
    }

    /** Adds the records up as the stream renders them. */
    static final class Tally {
        private final long[] counts = new long[Kind.values().length];
        private final long[] byType = new long[TYPE_NAMES.length];
        private final Map<String, Long> badCodes = new TreeMap<>();
        private long keyBytes;
        private long valueBytes;
        private int minSize = Integer.MAX_VALUE;
        private int maxSize;

        /** Counts one record; {@code type} is its index in {@link LifecyclePlan#TYPE_NAMES} when it is valid. */
        void add(byte[] key, byte[] value, Kind kind, int type, Outcome expected) {
            keyBytes += key.length;
            valueBytes += value.length;
            minSize = Math.min(minSize, value.length);
            maxSize = Math.max(maxSize, value.length);
            counts[kind.ordinal()]++;
            if (kind == Kind.VALID) {
                byType[type]++;
            } else if (kind == Kind.BAD) {
                badCodes.merge(expected.code() == null ? "SKIPPED" : expected.code().name(), 1L, Long::sum);
            }
        }

        StreamReport report() {
            Map<String, Long> validByType = new LinkedHashMap<>();
            for (int t = 0; t < TYPE_NAMES.length; t++) {
                validByType.put(TYPE_NAMES[t], byType[t]);
            }
            long records = counts[0] + counts[1] + counts[2];
            return new StreamReport(records, counts[0], counts[1], counts[2], keyBytes, valueBytes,
                    records == 0 ? 0 : minSize, maxSize, Collections.unmodifiableMap(validByType),
                    Collections.unmodifiableMap(badCodes));
        }
    }
}
