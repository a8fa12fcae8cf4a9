package io.clusterindex.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One record for {@code cluster-events} made by {@link EventStream}: key (null allowed), raw value bytes (null for
 * a tombstone), producer headers, the outcome the generator intends, and a short description of what kind of
 * record it is. {@code index} is the record's position in its stream, unique per stream.
 */
public record GeneratedRecord(long index, String key, byte[] value, List<Map.Entry<String, byte[]>> headers,
                              Outcome expected, String kind) {

    public byte[] keyBytes() {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "#" + index + " " + kind + " key=" + key + " expected=" + expected + " value="
                + (value == null ? "null" : abbreviate(new String(value, StandardCharsets.UTF_8)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
