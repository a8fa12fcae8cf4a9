package io.clusterindex.testkit;

import io.clusterindex.generate.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One record of a {@link PoisonStream}: raw key and value bytes (either may be null, and neither need be UTF-8),
 * producer headers, the outcome it must get, and its kind ({@link PoisonKind} name, or {@code stream:} and the
 * label of the generator's record it came from). {@code index} is its position in the stream.
 */
public record PoisonRecord(long index, byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers,
                           Outcome expected, String kind) {

    /** The key as the replay model takes it (invalid UTF-8 replaced, so it still differs from any cluster id). */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    public int size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }

    @Override
    public String toString() {
        String text = value == null ? "null" : new String(value, 0, Math.min(value.length, 200), StandardCharsets.UTF_8);
        return "#" + index + " " + kind + " expected=" + expected + " key=" + keyText() + " value(" + (value == null
                ? 0 : value.length) + " bytes)=" + text;
    }
}
