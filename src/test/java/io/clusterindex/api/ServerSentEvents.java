package io.clusterindex.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of a {@code text/event-stream} body as the HTML standard's parser sees them, each as an object of its
 * fields ({@code id}, {@code event}, {@code data} with its lines joined by a line feed, and any other field by name),
 * so that a JSON Schema can judge them. Comment lines are skipped; an event ends at an empty line, and one without
 * it (the end of what was read) is left out.
 */
final class ServerSentEvents {
    private ServerSentEvents() {
    }

    static List<ObjectNode> parse(String text) {
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode event = Json.MAPPER.createObjectNode();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    events.add(event);
                    event = Json.MAPPER.createObjectNode();
                }
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String name = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                value = value.startsWith(" ") ? value.substring(1) : value;
                if (name.equals("data") && event.has("data")) {
                    value = event.get("data").textValue() + "\n" + value;
                }
                event.put(name, value);
            }
        }
        return events;
    }
}
