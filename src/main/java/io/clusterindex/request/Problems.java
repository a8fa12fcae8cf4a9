package io.clusterindex.request;

import java.util.ArrayList;
import java.util.List;

/** Collects every validation error of one request, in the order found. */
public final class Problems {
    private final List<ValidationError> errors = new ArrayList<>();

    void add(Location at, String message, String type) {
        errors.add(new ValidationError(at.toList(), message, type));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    List<ValidationError> list() {
        return List.copyOf(errors);
    }
}
