package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusterindex.filter.Fold;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dictionary, by code, in parallel arrays replaced together: the value, its folded text (strings), its
 * {@code long} value (numbers, else 0), whether that {@code long} is the exact value (integral numbers), and
 * whether the value is JSON null. A <em>packed</em> code (a string of a column that stopped deduplicating, all
 * of its characters below U+0100) has no value object: its characters are bytes of {@code text}, from the end
 * of the previous code's to {@code textEnds[code]} (every code has an end; codes that are not packed add no
 * bytes). That saves the node, the string and its array (about 56 bytes a row) and lets a regex confirm
 * candidates over one contiguous array instead of three objects each.
 *
 * <p>Likewise a <em>packed number</em> (an {@code int}, {@code long} or {@code double} node of a column that
 * stopped deduplicating) has no value object: {@code numberKinds[code]} says which ({@link #INT}, {@link #LONG},
 * {@link #DOUBLE}; 0 for every other code), the value is {@code longs[code]} (exact for the first two) or
 * {@code doubles[code]}. Both arrays are null until a column packs its first number (doubles: its first
 * double), so columns of strings pay nothing; a packed number saves its node (16 or 24 bytes) for one or nine.
 */
record DictEntries(JsonNode[] values, String[] folded, long[] longs, boolean[] exactLongs, boolean[] nulls,
                   int[] textEnds, byte[] text, byte[] numberKinds, double[] doubles) {
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    private static final byte[] NO_TEXT = new byte[0];
    /** Each character below U+0100 folded ({@link Fold#fold} keeps every one of them below U+0100). */
    static final char[] LOWER = new char[256];

    static {
        for (char c = 0; c < LOWER.length; c++) {
            LOWER[c] = Fold.fold(String.valueOf(c)).charAt(0);
        }
    }

    /** Entries with room for {@code length} codes and none handed out. */
    static DictEntries empty(int length) {
        return new DictEntries(new JsonNode[length], new String[length], new long[length], new boolean[length],
                new boolean[length], new int[length], NO_TEXT, null, null);
    }

    /** These entries with {@code string}'s characters written at {@code at} of the text (grown when full). */
    DictEntries withString(int at, String string) {
        DictEntries current = this;
        if (at + string.length() > text.length) {
            byte[] grown = Arrays.copyOf(text, Math.max(at + string.length(),
                    Math.max(256, text.length + (text.length >> 1))));
            current = withText(grown);
        }
        byte[] bytes = current.text;
        for (int i = 0; i < string.length(); i++) {
            bytes[at + i] = (byte) string.charAt(i);
        }
        return current;
    }

    /** A copy with room for {@code length} codes (the first ones kept). */
    DictEntries resized(int length) {
        return new DictEntries(Arrays.copyOf(values, length), Arrays.copyOf(folded, length),
                Arrays.copyOf(longs, length), Arrays.copyOf(exactLongs, length), Arrays.copyOf(nulls, length),
                Arrays.copyOf(textEnds, length), text,
                numberKinds == null ? null : Arrays.copyOf(numberKinds, length),
                doubles == null ? null : Arrays.copyOf(doubles, length));
    }

    /** Whether {@code code} is a packed number. */
    boolean packedNumber(int code) {
        return numberKinds != null && numberKinds[code] != 0;
    }

    /** Whether {@code code} is a packed {@code int} or {@code long}: its exact value is {@code longs[code]}. */
    boolean packedIntegral(int code) {
        return numberKinds != null && (numberKinds[code] == INT || numberKinds[code] == LONG);
    }

    /** The node of a packed number, made anew. */
    private JsonNode number(int code) {
        return switch (numberKinds[code]) {
            case INT -> IntNode.valueOf((int) longs[code]);
            case LONG -> LongNode.valueOf(longs[code]);
            default -> DoubleNode.valueOf(doubles[code]);
        };
    }

    /** Whether the packed number {@code code} holds {@code value} (as {@link JsonNode#equals} would say). */
    private boolean holdsNumber(int code, JsonNode value) {
        return switch (numberKinds[code]) {
            case INT -> value.getClass() == IntNode.class && value.longValue() == longs[code];
            case LONG -> value.getClass() == LongNode.class && value.longValue() == longs[code];
            default -> value.getClass() == DoubleNode.class
                    && Double.compare(value.doubleValue(), doubles[code]) == 0;
        };
    }

    /** The kind a packed number of {@code value} has, or 0 when it cannot be packed. */
    static byte numberKind(JsonNode value) {
        Class<?> type = value.getClass();
        return type == IntNode.class ? INT : type == LongNode.class ? LONG : type == DoubleNode.class ? DOUBLE : 0;
    }

    /** These entries with {@code value} packed at {@code code} (the arrays it needs made when missing). */
    DictEntries withNumber(int code, JsonNode value, byte kind) {
        byte[] kinds = numberKinds != null ? numberKinds : new byte[values.length];
        double[] doubleValues = kind != DOUBLE || doubles != null ? doubles : new double[values.length];
        kinds[code] = kind;
        if (kind == DOUBLE) {
            doubleValues[code] = value.doubleValue();
        }
        return kinds == numberKinds && doubleValues == doubles ? this
                : new DictEntries(values, folded, longs, exactLongs, nulls, textEnds, text, kinds, doubleValues);
    }

    /**
     * The entries of the codes below {@code size} that {@code codeTo} keeps, at their new codes ({@code codeTo[code]},
     * or -1), with room for {@code length} codes; packed strings' bytes are copied, nothing is made again.
     */
    DictEntries compacted(int[] codeTo, int size, int length) {
        DictEntries copy = new DictEntries(new JsonNode[length], new String[length], new long[length],
                new boolean[length], new boolean[length], new int[length], NO_TEXT,
                numberKinds == null ? null : new byte[length], doubles == null ? null : new double[length]);
        int textLength = 0;
        for (int code = 1; code < size; code++) {
            textLength += codeTo[code] > 0 && packed(code) ? textEnds[code] - textStart(code) : 0;
        }
        byte[] bytes = textLength == 0 ? NO_TEXT : new byte[textLength + textLength / 8];
        int end = 0;
        for (int code = 1; code < size; code++) {
            int to = codeTo[code];
            if (to <= 0) {
                continue;
            }
            copy.values[to] = values[code];
            copy.folded[to] = folded[code];
            copy.longs[to] = longs[code];
            copy.exactLongs[to] = exactLongs[code];
            copy.nulls[to] = nulls[code];
            if (numberKinds != null) {
                copy.numberKinds[to] = numberKinds[code];
            }
            if (doubles != null) {
                copy.doubles[to] = doubles[code];
            }
            if (packed(code)) {
                System.arraycopy(text, textStart(code), bytes, end, textEnds[code] - textStart(code));
                end += textEnds[code] - textStart(code);
            }
            copy.textEnds[to] = end;
        }
        return copy.withText(bytes);
    }

    /** These entries with {@code text} as the packed strings' bytes (the same codes, a longer or shorter array). */
    DictEntries withText(byte[] text) {
        return new DictEntries(values, folded, longs, exactLongs, nulls, textEnds, text, numberKinds, doubles);
    }

    /** The value of {@code code} (null: absent); a packed string or number is made anew at each call. */
    JsonNode value(int code) {
        JsonNode value = values[code];
        if (value != null || code == DictColumn.ABSENT) {
            return value;
        }
        return packedNumber(code) ? number(code) : TextNode.valueOf(string(code));
    }

    /** Whether {@code code} is a packed string ({@link #textStart} to {@code textEnds[code]} of {@link #text}). */
    boolean packed(int code) {
        return code != DictColumn.ABSENT && values[code] == null && !packedNumber(code);
    }

    /** Where the bytes of a packed {@code code} start in {@link #text}. */
    int textStart(int code) {
        return textEnds[code - 1];
    }

    /** The string of a packed {@code code}. */
    String string(int code) {
        return new String(text, textStart(code), textEnds[code] - textStart(code), StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code code} holds {@code value}. */
    boolean holds(int code, JsonNode value) {
        if (packedNumber(code)) {
            return holdsNumber(code, value);
        }
        if (!packed(code)) {
            return value.equals(values[code]);
        }
        if (!value.isTextual()) {
            return false;
        }
        String string = value.textValue();
        int start = textStart(code);
        if (string.length() != textEnds[code] - start) {
            return false;
        }
        for (int i = 0; i < string.length(); i++) {
            if (string.charAt(i) != (text[start + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the folded string of a packed {@code code} ({@link Fold#fold}: for characters below U+0100 the same
     * as folding each one alone) contains {@code term}, already folded; without making the string.
     */
    boolean foldedContains(int code, String term) {
        int start = textStart(code);
        int last = textEnds[code] - term.length();
        if (term.isEmpty()) {
            return true;
        }
        char first = term.charAt(0);
        for (int at = start; at <= last; at++) {
            if (LOWER[text[at] & 0xFF] != first) {
                continue;
            }
            int i = 1;
            while (i < term.length() && LOWER[text[at + i] & 0xFF] == term.charAt(i)) {
                i++;
            }
            if (i == term.length()) {
                return true;
            }
        }
        return false;
    }

    /** {@link io.clusterindex.filter.CodePoints#compare} of two packed codes' strings, without making them. */
    int comparePacked(int a, int b) {
        return Arrays.compareUnsigned(text, textStart(a), textEnds[a], text, textStart(b), textEnds[b]);
    }
}
