package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One column of an {@link IndexSegment}: the value of one field (or of one key of {@code metadata}) per row,
 * dictionary-encoded, so that a condition is evaluated once per distinct value and not once per cluster.
 *
 * <p>Code 0 means absent. Single writer (the stream thread that owns the partition), many readers: the writer
 * fills a row and any new dictionary entry before the segment publishes the row, and replaces (never shrinks) the
 * arrays through volatile fields, so a reader that has seen the publication sees everything up to it.
 */
final class DictColumn {
    static final int ABSENT = 0;

    private volatile int[] codes;
    private volatile JsonNode[] values = new JsonNode[16];
    private final Map<JsonNode, Integer> lookup = new HashMap<>();
    private int size = 1;

    DictColumn(int capacity) {
        codes = new int[capacity];
    }

    /** Writer: {@code value} (null: absent) at {@code row}, which must be below the capacity. */
    void set(int row, JsonNode value) {
        codes[row] = value == null ? ABSENT : codeOf(value);
    }

    private int codeOf(JsonNode value) {
        Integer known = lookup.get(value);
        if (known != null) {
            return known;
        }
        int code = size++;
        JsonNode[] current = values;
        if (code == current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        current[code] = value;
        values = current;
        lookup.put(value, code);
        return code;
    }

    /** Writer: room for {@code capacity} rows. */
    void grow(int capacity) {
        codes = Arrays.copyOf(codes, capacity);
    }

    /** Distinct values so far, absent included. */
    int distinct() {
        return size;
    }

    int[] codes() {
        return codes;
    }

    /** Indexed by code; entry 0 (absent) is null. Read {@link #codes()} first. */
    JsonNode[] values() {
        return values;
    }
}
