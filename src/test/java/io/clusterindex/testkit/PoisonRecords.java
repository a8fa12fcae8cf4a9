package io.clusterindex.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.generate.Namespace;
import io.clusterindex.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the records of one {@link PoisonKind}. Envelope-level kinds start from a plausible event of an existing
 * cluster and break one thing; the kinds that reach the fold create clusters of their own ({@code clust_pp_...}),
 * so no outcome depends on the rest of the stream.
 */
final class PoisonRecords {
    static final int DEEP = 10_000;
    /** Depth of the input JSON the parser accepts (Jackson's default {@code maxNestingDepth}). */
    static final int PARSER_DEPTH = 1_000;
    private static final String MARK = "@@poison@@";
    private static final String[] TYPES = {"cluster.created", "cluster.updated", "cluster.execution.started",
        "cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted"};
    private static final String[] ENVELOPE_FIELDS = {"event_id", "event_type", "cluster_id", "namespace_id",
        "organization_id", "sequence", "occurred_at", "data"};
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFC, (byte) 0x84, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFE}, {(byte) 0xFF},
        {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
    private static final String[] LONE_SURROGATES = {"\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ud800\\u0041",
        "\\udc00\\ud800", "\\ud83d", "\\ud83d\\ud83d\\ude00\\ude00"};
    /** Words whose NFC and NFD forms differ. */
    private static final String[] NORMALISABLE = {"caf\u00e9", "\u00c5ngstr\u00f6m", "\u212b", "\uac00\ub098",
        "na\u00efve", "\u1e9b\u0323"};

    /** What a rendered record needs from its stream. */
    record Context(SplittableRandom random, List<Namespace> namespaces, List<String> clusterIds, int maxValueBytes,
                   String prefix) {
    }

    /** One rendered record. */
    record Built(byte[] key, byte[] value) {
    }

    private PoisonRecords() {
    }

    /** The records of one instance {@code n} of {@code kind}: one, or two for {@link PoisonKind#NORMALISATION_TWINS}. */
    static List<Built> render(PoisonKind kind, long n, Context c) {
        SplittableRandom random = c.random();
        String id = existingCluster(c);
        ObjectNode e = envelope(c, n, id);
        return switch (kind) {
            case RANDOM_BYTES -> List.of(keyed(id, randomBytes(random)));
            case NOT_JSON_TEXT -> List.of(keyed(id, utf8(pick(random, "cluster.created " + id,
                    "<event id=\"" + n + "\"/>", "event_id=evt_" + n + "&cluster_id=" + id, "{event_id: 'evt_" + n + "'}",
                    "{'event_id': 'evt'}", "NaN", "{\"event_id\":\"evt_" + n + "\",}", "\u00ff\u00fe{}"))));
            case TRUNCATED_AT_RANDOM_BYTE -> {
                byte[] full = write(creation(c, n, id, 1));
                yield List.of(keyed(id, Arrays.copyOf(full, random.nextInt(full.length))));
            }
            case JSON_NOT_AN_OBJECT -> List.of(keyed(id, utf8(pick(random, "[" + text(e) + "]", "\"" + id + "\"", "42",
                    "-1.5e3", "true", "null", "[]", "   ", "\"{\\\"event_id\\\":1}\""))));
            case EMPTY_VALUE -> List.of(keyed(id, new byte[0]));
            case NULL_VALUE -> List.of(keyed(id, null));
            case DEEP_NESTING -> {
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                data(e).put("metadata", MARK);
                yield List.of(keyed(id, utf8(text(e).replace("\"" + MARK + "\"",
                        open.repeat(DEEP) + "1" + close.repeat(DEEP)))));
            }
            case DEEP_NESTING_UNCLOSED -> List.of(keyed(id, utf8("[".repeat(DEEP))));
            case INVALID_UTF8 -> List.of(keyed(id, spliceBytes(markString(e, random),
                    INVALID_UTF8[random.nextInt(INVALID_UTF8.length)])));
            case LONE_SURROGATE_ESCAPE -> List.of(keyed(id, utf8(text(markString(e, random)).replace(MARK,
                    "x" + LONE_SURROGATES[random.nextInt(LONE_SURROGATES.length)] + "y"))));
            case LONE_SURROGATE_CLUSTER_ID -> {
                e.put("cluster_id", id + MARK);
                yield List.of(new Built(utf8(id + "?"), utf8(text(e).replace(MARK, "\\ud800"))));
            }
            case RAW_NUL_BYTE -> {
                if (random.nextBoolean()) {
                    yield List.of(keyed(id, spliceBytes(markString(e, random), new byte[] {0})));
                }
                byte[] value = write(e);
                byte[] withNul = new byte[value.length + 1];
                int at = random.nextInt(value.length + 1);
                System.arraycopy(value, 0, withNul, 0, at);
                System.arraycopy(value, at, withNul, at + 1, value.length - at);
                yield List.of(keyed(id, withNul));
            }
            case NUMBER_TOO_LONG -> {
                e.put(random.nextBoolean() ? "sequence" : "event_id", MARK);
                yield List.of(keyed(id, utf8(text(e).replace("\"" + MARK + "\"", "9".repeat(5_000)))));
            }
            case WRONG_TYPE_ENVELOPE_FIELD -> {
                String field = ENVELOPE_FIELDS[random.nextInt(ENVELOPE_FIELDS.length)];
                e.set(field, wrongType(field, random));
                yield List.of(keyed(id, write(e)));
            }
            case MISSING_ENVELOPE_FIELD -> {
                e.remove(ENVELOPE_FIELDS[random.nextInt(ENVELOPE_FIELDS.length)]);
                yield List.of(keyed(id, write(e)));
            }
            case OUT_OF_RANGE_ENVELOPE_FIELD -> outOfRange(e, id, random);
            case NULL_KEY -> List.of(new Built(null, write(e)));
            case INVALID_UTF8_KEY -> {
                byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                byte[] key = Arrays.copyOf(utf8(id), id.length() + bad.length);
                System.arraycopy(bad, 0, key, id.length(), bad.length);
                yield List.of(new Built(key, write(e)));
            }
            case KEY_NORMALISATION_MISMATCH -> {
                String[] forms = normalisationForms(c, n);
                boolean nfcKey = random.nextBoolean();
                String clusterId = nfcKey ? forms[1] : forms[0];
                yield List.of(new Built(utf8(nfcKey ? forms[0] : forms[1]), write(creation(c, n, clusterId, 1))));
            }
            case NUL_IN_CLUSTER_ID_NOT_IN_KEY -> {
                e.put("cluster_id", id + "\u0000" + n);
                yield List.of(keyed(id, write(e)));
            }
            case OVERSIZED_ENVELOPE_FIELD -> {
                String field = pick(random, "event_id", "cluster_id", "namespace_id", "organization_id", "occurred_at");
                String big = filler(random, largeSize(c, random));
                e.put(field, big);
                yield List.of(new Built(utf8(field.equals("cluster_id") ? big : id), write(e)));
            }
            case AT_LIMIT_INVALID -> {
                e.put("sequence", 0);
                yield List.of(keyed(id, padTo(e, c.maxValueBytes(), random)));
            }
            case NUL_IN_EVENT_TYPE -> {
                e.put("event_type", TYPES[random.nextInt(TYPES.length)] + "\u0000");
                yield List.of(keyed(id, write(e)));
            }
            case OVERSIZED_EVENT_TYPE -> {
                e.put("event_type", "cluster.created" + filler(random, largeSize(c, random)));
                yield List.of(keyed(id, write(e)));
            }
            case WRONG_TYPE_DATA_FIELD -> {
                String fresh = freshCluster(c, n, "bad");
                ObjectNode created = creation(c, n, fresh, 1);
                DataFieldFaults.apply(data(created), random);
                yield List.of(keyed(fresh, write(created)));
            }
            case VALID_AT_LIMIT -> {
                String fresh = freshCluster(c, n, "limit");
                yield List.of(keyed(fresh, padTo(creation(c, n, fresh, 1), c.maxValueBytes(), random)));
            }
            case VALID_LONG_NAME -> {
                String fresh = freshCluster(c, n, "long");
                ObjectNode created = creation(c, n, fresh, 1);
                data(created).put("cluster_name", unicodeText(random,
                        Math.min(10_000 + random.nextInt(40_000), c.maxValueBytes() / 8)));
                yield List.of(keyed(fresh, write(created)));
            }
            case VALID_CONTROL_CHARACTERS -> {
                String fresh = freshCluster(c, n, "ctl");
                ObjectNode created = creation(c, n, fresh, 1);
                ObjectNode data = data(created);
                data.put("cluster_name", "nul\u0000 bell\u0007 esc\u001b del\u007f bom\ufeff nonchar\uffff\ufffe end");
                data.putObject("metadata").put("k\u0000ey", "v\u0000\u0001\u001f").put("\u0000", "");
                data.putArray("input_collections").add("docs\u0000").add("\u0000");
                yield List.of(keyed(fresh, write(created)));
            }
            case VALID_NUL_IN_CLUSTER_ID -> {
                String fresh = freshCluster(c, n, "nul") + "\u0000" + n;
                yield List.of(keyed(fresh, write(creation(c, n, fresh, 1))));
            }
            case VALID_SURROGATE_PAIR_ESCAPES -> {
                String fresh = freshCluster(c, n, "pair");
                ObjectNode created = creation(c, n, fresh, 1);
                data(created).put("cluster_name", MARK);
                yield List.of(keyed(fresh, utf8(text(created).replace(MARK,
                        "emoji \\ud83d\\ude00 and \\uD834\\uDD1E and \\udbff\\udfff"))));
            }
            case VALID_DEEP_METADATA -> {
                String fresh = freshCluster(c, n, "deep");
                ObjectNode created = creation(c, n, fresh, 1);
                data(created).put("metadata", MARK);
                int depth = random.nextInt(4) == 0 ? PARSER_DEPTH - 3 : 1 + random.nextInt(PARSER_DEPTH - 3);
                yield List.of(keyed(fresh, utf8(text(created).replace("\"" + MARK + "\"",
                        "{\"a\":".repeat(depth) + "[1,\"x\"]" + "}".repeat(depth)))));
            }
            case NORMALISATION_TWINS -> {
                String[] forms = normalisationForms(c, n);
                yield List.of(keyed(forms[0], write(creation(c, n, forms[0], 1))),
                        keyed(forms[1], write(creation(c, 1_000_000_000L + n, forms[1], 1))));
            }
        };
    }

    private static List<Built> outOfRange(ObjectNode e, String id, SplittableRandom random) {
        switch (random.nextInt(14)) {
            case 0 -> e.put("event_id", "");
            case 1 -> e.put("event_id", "e".repeat(129));
            case 2 -> {
                e.put("cluster_id", "");
                return List.of(new Built(new byte[0], write(e)));
            }
            case 3 -> {
                String longId = id + "_" + "x".repeat(129);
                e.put("cluster_id", longId);
                return List.of(keyed(longId, write(e)));
            }
            case 4 -> e.put("namespace_id", "");
            case 5 -> e.put("organization_id", "o".repeat(129));
            case 6 -> e.put("sequence", 0);
            case 7 -> e.put("sequence", Long.MIN_VALUE);
            case 8 -> e.put("sequence", new BigInteger("9223372036854775808"));
            case 9 -> e.put("sequence", new BigInteger("9".repeat(900)));
            case 10 -> e.put("occurred_at", pick(random, "2026-13-01T00:00:00Z", "2026-02-30T10:00:00Z",
                    "2026-11-28T24:00:01Z", "2026-11-28T10:61:00Z"));
            case 11 -> e.put("occurred_at", pick(random, "2026-11-28T10:15:30", "2026-11-28T10:15:30+25:00",
                    "+12026-11-28T10:15:30Z", ""));
            case 12 -> e.put("occurred_at", "2026-11-28T10:15:30.250Z\u0000");
            default -> e.put("sequence", 1.0);
        }
        return List.of(keyed(id, write(e)));
    }

    /** A value of a JSON type that {@code field} must not have. */
    private static JsonNode wrongType(String field, SplittableRandom random) {
        List<JsonNode> values = new ArrayList<>(List.of(Json.NODES.booleanNode(true), Json.NODES.nullNode(),
                Json.NODES.arrayNode().add("x"), Json.NODES.numberNode(1.5)));
        if (!field.equals("sequence")) {
            values.add(Json.NODES.numberNode(42));
        }
        if (!field.equals("data")) {
            values.add(Json.NODES.objectNode().put("v", 1));
        }
        if (field.equals("sequence") || field.equals("data")) {
            values.add(Json.NODES.textNode("7"));
        }
        return values.get(random.nextInt(values.size()));
    }

    private static ObjectNode data(ObjectNode e) {
        return (ObjectNode) e.get("data");
    }

    /** An id of the stream's clusters, or a fresh one; the envelope kinds never reach the fold, so either will do. */
    private static String existingCluster(Context c) {
        return c.clusterIds().isEmpty() || c.random().nextInt(4) == 0 ? c.prefix() + "any"
                : c.clusterIds().get(c.random().nextInt(c.clusterIds().size()));
    }

    private static String freshCluster(Context c, long n, String what) {
        return c.prefix() + what + "_" + n;
    }

    /** The NFC and the NFD form of a fresh cluster id, which differ. */
    private static String[] normalisationForms(Context c, long n) {
        String word = NORMALISABLE[(int) (n % NORMALISABLE.length)];
        String id = freshCluster(c, n, "norm") + "_" + word;
        return new String[] {Normalizer.normalize(id, Normalizer.Form.NFC), Normalizer.normalize(id, Normalizer.Form.NFD)};
    }

    private static ObjectNode envelope(Context c, long n, String clusterId) {
        Namespace ns = c.namespaces().get(c.random().nextInt(c.namespaces().size()));
        ObjectNode e = Json.NODES.objectNode();
        e.put("event_id", "evt_pp_" + n).put("event_type", TYPES[c.random().nextInt(TYPES.length)])
                .put("cluster_id", clusterId).put("namespace_id", ns.id()).put("organization_id", ns.organizationId())
                .put("sequence", 1 + c.random().nextInt(40)).put("occurred_at", "2026-11-28T10:15:30.250Z");
        e.putObject("data").put("cluster_name", "poison " + n).put("task_id", "task_pp_" + n);
        return e;
    }

    private static ObjectNode creation(Context c, long n, String clusterId, long sequence) {
        ObjectNode e = envelope(c, n, clusterId);
        e.put("event_type", "cluster.created").put("sequence", sequence);
        ObjectNode data = e.putObject("data");
        data.put("cluster_name", "poison-valid " + n).put("cluster_type", n % 2 == 0 ? "vector" : "attribute");
        data.putArray("input_collections").add("docs_" + (n % 7));
        return e;
    }

    /** {@code e} with one of its strings (its data's cluster name, a field name, an id) holding {@link #MARK}. */
    private static ObjectNode markString(ObjectNode e, SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0 -> e.put("event_id", "evt_" + MARK);
            case 1 -> data(e).put("cluster_name", "name " + MARK);
            case 2 -> data(e).putObject("metadata").put("key_" + MARK, 1);
            case 3 -> e.put("event_type", "cluster.created" + MARK);
            default -> e.put("namespace_id", MARK);
        }
        return e;
    }

    private static byte[] spliceBytes(ObjectNode marked, byte[] replacement) {
        byte[] json = write(marked);
        byte[] mark = utf8(MARK);
        int at = indexOf(json, mark);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + replacement.length);
        out.write(json, 0, at);
        out.write(replacement, 0, replacement.length);
        out.write(json, at + mark.length, json.length - at - mark.length);
        return out.toByteArray();
    }

    /** {@code e} with an unknown envelope field {@code padding} making its JSON exactly {@code size} bytes. */
    static byte[] padTo(ObjectNode e, int size, SplittableRandom random) {
        e.put("padding", "");
        int without = write(e).length;
        if (without > size) {
            throw new IllegalArgumentException("an event of " + without + " bytes cannot be padded to " + size);
        }
        e.put("padding", filler(random, size - without));
        return write(e);
    }

    private static int largeSize(Context c, SplittableRandom random) {
        int max = c.maxValueBytes() - 1_024;
        return max / 4 + random.nextInt(max - max / 4);
    }

    /** {@code length} printable ASCII characters (one byte each in JSON). */
    private static String filler(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    /** Text with astral characters, combining marks, right-to-left and zero-width characters. */
    private static String unicodeText(SplittableRandom random, int codePoints) {
        int[] alphabet = {'a', 'Z', ' ', 0x00e9, 0x0301, 0x05d0, 0x200b, 0x200f, 0x4e2d, 0xfb01, 0x1f600, 0x1d11e,
            0x10ffff, 0x0644};
        StringBuilder text = new StringBuilder(codePoints * 2);
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    /** Random bytes that no JSON object can start with. */
    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(bytes);
        bytes[0] = (byte) pick(random, "~", "#", "\u0001", "\u007f").charAt(0);
        return bytes;
    }

    private static String pick(SplittableRandom random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static Built keyed(String key, byte[] value) {
        return new Built(utf8(key), value);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ObjectNode node) {
        return new String(write(node), StandardCharsets.UTF_8);
    }

    static byte[] write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
