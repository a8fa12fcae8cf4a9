package io.clusterindex.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTrees#read} against Jackson's {@code readTree} (which fails on a duplicate key here): over random JSON
 * values of every kind (nesting, number spellings, escapes, non-ASCII, duplicate keys), the same tree, node classes
 * and key order included, or both refuse.
 */
class JsonTreesTest {
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "12345678901234567890123", "1.10",
        "1E+2", "1e2", "-0.0", "1e-7", "0.30000000000000004", "2.5e300", "1e-320", "1e400",
        "3.141592653589793238462643", "100.000", "4.9e-324"};
    private static final String[] STRINGS = {"\"\"", "\"plain\"", "\"\\\"q\\\"\"", "\"\\\\\"", "\"\\u00e9\"", "\"é\"",
        "\"\\ud83d\\ude00\"", "\"😀\"", "\"\\u0000\"", "\"\\n\\t\"", "\"\\/\""};

    @Test
    void buildsWhatReadTreeBuildsOrRefusesWhereItFails() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        int same = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String json = value(random, 0);
            JsonNode expected;
            try {
                expected = READER.readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                expected = null;
            }
            JsonNode actual;
            try (JsonParser parser = READER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
                parser.nextToken();
                actual = JsonTrees.read(parser);
                if (actual != null) {
                    assertThat(parser.nextToken()).as("left at the value's last token: %s", json).isNull();
                }
            }
            if (expected == null) {
                assertThat(actual).as(json).isNull();
                refused++;
            } else {
                assertThat(actual).as(json).isEqualTo(expected);
                assertThat(Json.MAPPER.writeValueAsString(actual)).as("classes and key order of %s", json)
                        .isEqualTo(Json.MAPPER.writeValueAsString(expected));
                assertThat(classes(actual)).as(json).isEqualTo(classes(expected));
                same++;
            }
        }
        assertThat(same).isGreaterThan(10_000);
        assertThat(refused).as("values with a duplicate key").isGreaterThan(500);
    }

    @Test
    void anUnclosedValueIsAnError() throws Exception {
        try (JsonParser parser = READER.createParser("{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8))) {
            parser.nextToken();
            assertThatThrownBy(() -> JsonTrees.read(parser)).isInstanceOf(java.io.IOException.class);
        }
    }

    /** Every node's class, depth first, in order. */
    private static String classes(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
        if (node.isContainerNode()) {
            out.append('(');
            node.properties().forEach(e -> out.append(e.getKey()).append('=').append(classes(e.getValue())).append(','));
            if (node.isArray()) {
                node.forEach(child -> out.append(classes(child)).append(','));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String value(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 9);
        return switch (kind) {
            case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 2, 3 -> STRINGS[random.nextInt(STRINGS.length)];
            case 4 -> random.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6, 7 -> {
                StringBuilder object = new StringBuilder("{");
                int fields = random.nextInt(5);
                for (int f = 0; f < fields; f++) {
                    object.append(f == 0 ? "" : ",").append("\"k").append(random.nextInt(depth == 0 ? 40 : 6))
                            .append("\":").append(value(random, depth + 1));
                }
                yield object.append('}').toString();
            }
            default -> {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int a = 0; a < items; a++) {
                    array.append(a == 0 ? "" : ",").append(value(random, depth + 1));
                }
                yield array.append(']').toString();
            }
        };
    }
}
