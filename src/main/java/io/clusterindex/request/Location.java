package io.clusterindex.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An immutable location inside the request, built by appending keys and indexes; materialised only on error. */
final class Location {
    private final Location parent;
    private final Object element;

    private Location(Location parent, Object element) {
        this.parent = parent;
        this.element = element;
    }

    static Location root(String part) {
        return new Location(null, part);
    }

    Location key(String key) {
        return new Location(this, key);
    }

    Location index(int index) {
        return new Location(this, index);
    }

    List<Object> toList() {
        List<Object> elements = new ArrayList<>();
        for (Location at = this; at != null; at = at.parent) {
            elements.add(at.element);
        }
        Collections.reverse(elements);
        return elements;
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
