package io.clusterindex.it;

import java.nio.charset.StandardCharsets;

/**
 * One record for {@code cluster-events} made by {@link EventGenerator}: key (null allowed), raw value bytes (null for
 * a tombstone), the outcome the generator intends, and a short description of what kind of record it is.
 * {@code index} is unique per generator and travels in the {@link KafkaIO#INDEX_HEADER} header.
 */
record GeneratedRecord(long index, String key, byte[] value, Outcome expected, String kind) {

    byte[] keyBytes() {
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
