package io.clusterindex.fold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clusterindex.json.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ViewSplice#writeScalar} writes a value exactly as {@link Json#MAPPER} does, or declines: over edge cases and
 * random values of every node type (a declined value goes to Jackson's generator, so only the bytes written matter).
 */
class ViewSpliceScalarTest {
    private static final JsonNodeFactory NODES = Json.NODES;

    @Test
    void aScalarIsWrittenAsJacksonWritesItOrLeftToJackson() throws Exception {
        List<JsonNode> values = new ArrayList<>(List.of(NODES.nullNode(), NODES.booleanNode(true),
                NODES.booleanNode(false), NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(Integer.MIN_VALUE),
                NODES.numberNode(Integer.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(0.0), NODES.numberNode(-0.0), NODES.numberNode(1e-7), NODES.numberNode(1e-3),
                NODES.numberNode(1e7), NODES.numberNode(1e21), NODES.numberNode(123456789.125), NODES.numberNode(0.1 + 0.2),
                NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(1e-320),
                NODES.numberNode(Double.NaN), NODES.numberNode(Double.POSITIVE_INFINITY), NODES.numberNode(1.5f),
                NODES.numberNode((short) 7), NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new java.math.BigDecimal("1.10")), NODES.textNode(""), NODES.textNode("plain text"),
                NODES.textNode("2026-12-08T01:02:03.456Z"), NODES.textNode("quote\""), NODES.textNode("back\\slash"),
                NODES.textNode("tab\t"), NODES.textNode("é"), NODES.textNode("\u007f"), NODES.textNode("😀"),
                NODES.objectNode().put("a", 1), NODES.arrayNode().add("x")));
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            values.add(NODES.numberNode(random.nextInt()));
            values.add(NODES.numberNode(random.nextLong() >> random.nextInt(64)));
            values.add(NODES.numberNode(Double.longBitsToDouble(random.nextLong())));
            values.add(NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)));
            values.add(NODES.numberNode(Math.round(random.nextDouble() * 1000) / 1000.0));
        }
        int written = 0;
        for (JsonNode value : values) {
            ViewSplice.Out out = new ViewSplice.Out(4);
            if (ViewSplice.writeScalar(out, value)) {
                written++;
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).as("%s (%s)", value, value.getClass())
                        .isEqualTo(Json.MAPPER.writeValueAsString(value));
            } else {
                assertThat(out.bytes()).as("nothing written when declining %s", value).isEmpty();
            }
        }
        assertThat(written).as("the common scalars take the direct way").isGreaterThan(values.size() - 30);
    }
}
