package io.clusterindex.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the tree of one JSON value from a streaming parser, node for node what {@link Json#MAPPER}'s {@code
 * readTree} builds from JSON text (the same node classes: {@code int}, {@code long} and big integers, {@code double}s,
 * text, booleans, null, objects in their order), without the deserialization context, the root deserializer lookup
 * and the buffers {@code readTree} sets up for every call, which cost more than the tree in the pipeline's stream
 * thread. Iterative, so any depth the parser accepts (its nesting limit applies) is read without deep recursion.
 */
public final class JsonTrees {
    private JsonTrees() {
    }

    /**
     * The value that starts at the parser's current token (which must be a value's first token), the parser left at
     * its last token; null when an object holds a key twice or the value has a number JSON text does not spell (the
     * caller then reads the value the full way, which names the problem).
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return scalar(parser, token);
        }
        List<ContainerNode<?>> open = new ArrayList<>();
        ContainerNode<?> root = token == JsonToken.START_OBJECT ? Json.NODES.objectNode() : Json.NODES.arrayNode();
        open.add(root);
        String name = null;
        while (true) {
            token = parser.nextToken();
            if (token == null) {
                throw new IOException("the value ends before its last container is closed");
            }
            ContainerNode<?> current = open.get(open.size() - 1);
            JsonNode value;
            switch (token) {
                case FIELD_NAME -> {
                    name = parser.currentName();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    open.remove(open.size() - 1);
                    if (open.isEmpty()) {
                        return root;
                    }
                    continue;
                }
                case START_OBJECT -> value = Json.NODES.objectNode();
                case START_ARRAY -> value = Json.NODES.arrayNode();
                default -> {
                    value = scalar(parser, token);
                    if (value == null) {
                        return null;
                    }
                }
            }
            if (current instanceof ObjectNode object) {
                if (object.replace(name, value) != null) {
                    return null;
                }
            } else {
                ((ArrayNode) current).add(value);
            }
            if (value instanceof ContainerNode<?> container) {
                open.add(container);
            }
        }
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> Json.NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> Json.NODES.numberNode(parser.getIntValue());
                case LONG -> Json.NODES.numberNode(parser.getLongValue());
                default -> Json.NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberTypeFP() == JsonParser.NumberTypeFP.UNKNOWN
                    || parser.getNumberTypeFP() == JsonParser.NumberTypeFP.DOUBLE64
                    ? Json.NODES.numberNode(parser.getDoubleValue()) : null;
            case VALUE_TRUE -> Json.NODES.booleanNode(true);
            case VALUE_FALSE -> Json.NODES.booleanNode(false);
            case VALUE_NULL -> Json.NODES.nullNode();
            default -> null;
        };
    }
}
