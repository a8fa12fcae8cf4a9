package io.clusterindex.fold;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the view JSON of a cluster that an event changed in a few known fields (an execution event) by copying
 * every other field's bytes from the previous version's JSON and writing only the changed fields.
 *
 * <p>The result is byte-identical to writing the whole tree with {@link Json#MAPPER}: the view JSON is compact
 * (no whitespace), a field's bytes do not depend on the fields around it, and JSON this service wrote reads back
 * into a tree that writes the same bytes again.
 */
final class ViewSplice {
    private static final ClusterField[] FIELDS = ClusterField.values();
    private static final byte[][] KEYS = new byte[FIELDS.length][];

    static {
        for (ClusterField field : FIELDS) {
            KEYS[field.ordinal()] = ("\"" + field.wireName() + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    private ViewSplice() {
    }

    /**
     * The JSON of the view {@code previousJson}, whose keys start at {@code starts} ({@link #keyStarts}: exactly the
     * fields of ClusterField in their order), with the fields of {@code values} set to those values.
     */
    static byte[] write(byte[] previousJson, int[] starts, Map<ClusterField, JsonNode> values) {
        Out out = new Out(previousJson.length + 256);
        JsonGenerator generator = null;
        try {
            out.write('{');
            for (ClusterField field : FIELDS) {
                int i = field.ordinal();
                if (i > 0) {
                    out.write(',');
                }
                JsonNode value = values.get(field);
                if (value != null) {
                    out.write(KEYS[i], 0, KEYS[i].length);
                    if (!writeScalar(out, value)) {
                        if (generator == null) {
                            generator = Json.MAPPER.createGenerator(out).setRootValueSeparator(null);
                        }
                        Json.MAPPER.writeTree(generator, value);
                        generator.flush();
                    }
                } else {
                    int end = i + 1 < FIELDS.length ? starts[i + 1] - 1 : previousJson.length - 1;
                    out.write(previousJson, starts[i], end - starts[i]);
                }
            }
            out.write('}');
            if (generator != null) {
                generator.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.bytes();
    }

    /**
     * Writes {@code value} as Jackson writes it if it is a scalar whose spelling is plain (text of {@link #isPlain}
     * characters, an {@code int} or {@code long}, a finite {@code double}, a boolean, null); false, writing nothing,
     * for anything else (structures, escaped text, big numbers), which one generator per splice writes instead (a
     * generator made per value took 8% of the pipeline's stream thread).
     */
    static boolean writeScalar(Out out, JsonNode value) {
        switch (value.getNodeType()) {
            case STRING -> {
                if (!isPlain(value.textValue())) {
                    return false;
                }
                out.write('"');
                out.writeLatin1(value.textValue());
                out.write('"');
            }
            case NUMBER -> {
                switch (value.numberType()) {
                    case INT, LONG -> out.writeLatin1(Long.toString(value.longValue()));
                    case DOUBLE -> {
                        if (!Double.isFinite(value.doubleValue())) {
                            return false;
                        }
                        out.writeLatin1(Double.toString(value.doubleValue()));
                    }
                    default -> {
                        return false;
                    }
                }
            }
            case BOOLEAN -> out.writeLatin1(value.booleanValue() ? "true" : "false");
            case NULL -> out.writeLatin1("null");
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII without quote or backslash: what Jackson writes between quotes unchanged. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Offsets of the top-level keys of compact JSON, one per ClusterField in order; null unless the object holds
     * exactly those keys in that order.
     */
    static int[] keyStarts(byte[] json) {
        if (json.length < 2 || json[0] != '{' || json[json.length - 1] != '}') {
            return null;
        }
        int[] starts = new int[FIELDS.length];
        int found = 0;
        int depth = 0;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b == '"') {
                if (depth == 1 && (json[i - 1] == ',' || json[i - 1] == '{')) {
                    if (found == FIELDS.length || !startsWith(json, i, KEYS[found])) {
                        return null;
                    }
                    starts[found++] = i;
                    i += KEYS[found - 1].length - 1;
                } else {
                    i = endOfString(json, i);
                }
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return found == FIELDS.length ? starts : null;
    }

    /**
     * The value of {@code field} in compact view JSON whose keys start at {@code starts} ({@link #keyStarts}),
     * parsed alone.
     */
    static JsonNode readValue(byte[] json, int[] starts, ClusterField field) {
        int i = field.ordinal();
        int from = starts[i] + KEYS[i].length;
        int to = i + 1 < FIELDS.length ? starts[i + 1] - 1 : json.length - 1;
        try {
            return Json.TRUSTED.readTree(json, from, to - from);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("a stored view document is not valid JSON", e);
        }
    }

    /** Index of the quote that closes the string opened at {@code open}. */
    private static int endOfString(byte[] json, int open) {
        int i = open + 1;
        while (i < json.length && json[i] != '"') {
            i += json[i] == '\\' ? 2 : 1;
        }
        return i;
    }

    private static boolean startsWith(byte[] json, int at, byte[] prefix) {
        return at + prefix.length <= json.length && Arrays.equals(json, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** A growable byte array without the locking of ByteArrayOutputStream. */
    static final class Out extends OutputStream {
        private byte[] buffer;
        private int length;

        Out(int capacity) {
            buffer = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[length++] = (byte) b;
        }

        /** {@code text}, of characters below 0x100 only, one byte each. */
        void writeLatin1(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            ensure(count);
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, length);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
