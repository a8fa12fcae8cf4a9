package io.clusterindex.query;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** The elements of {@code source} mapped by {@code mapping}, skipping those it maps to null; lazy. */
final class FilterMapIterator<S, T> implements Iterator<T> {
    private final Iterator<S> source;
    private final Function<S, T> mapping;
    private T next;

    FilterMapIterator(Iterator<S> source, Function<S, T> mapping) {
        this.source = source;
        this.mapping = mapping;
    }

    @Override
    public boolean hasNext() {
        while (next == null && source.hasNext()) {
            next = mapping.apply(source.next());
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T result = next;
        next = null;
        return result;
    }
}
