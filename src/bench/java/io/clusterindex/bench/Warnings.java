package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A benchmark's warnings: printed when they occur, repeated at the end of the report, kept in its JSON. */
final class Warnings {
    private final List<String> messages = new ArrayList<>();

    /** Formats, prints ({@code WARNING: ...}) and keeps a warning. */
    void add(String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        messages.add(message);
        System.out.println("WARNING: " + message);
    }

    /** Prints "N warning(s):" and each one, after an empty line; nothing without warnings. */
    void printSummary() {
        if (!messages.isEmpty()) {
            System.out.println();
            System.out.println(messages.size() + " warning(s):");
            messages.forEach(w -> System.out.println("  " + w));
        }
    }

    void addTo(ArrayNode array) {
        messages.forEach(array::add);
    }
}
