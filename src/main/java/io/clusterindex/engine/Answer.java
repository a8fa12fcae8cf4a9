package io.clusterindex.engine;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one answer type of the read side, from the index to the HTTP layer (in the manner of Kafka Streams' IQv2
 * {@code QueryResult}): found, not found, or not served and why. Every answer says what it is {@linkplain Basis
 * based on}; the HTTP layer maps it to a status, headers and body in one place.
 */
public sealed interface Answer<T> {
    Basis basis();

    /** The same answer about {@code f} of the value; a not-found or not-served answer stays what it is. */
    <U> Answer<U> map(Function<? super T, ? extends U> f);

    /** {@code f} of the value (whose basis is the answer's); a not-found or not-served answer stays what it is. */
    <U> Answer<U> flatMap(Function<? super T, Answer<U>> f);

    /** The same answer on another basis. */
    Answer<T> on(Basis basis);

    record Found<T>(T value, Basis basis) implements Answer<T> {
        @Override
        public <U> Answer<U> map(Function<? super T, ? extends U> f) {
            return new Found<>(f.apply(value), basis);
        }

        @Override
        public <U> Answer<U> flatMap(Function<? super T, Answer<U>> f) {
            return f.apply(value);
        }

        @Override
        public Answer<T> on(Basis other) {
            return new Found<>(value, other);
        }
    }

    record NotFound<T>(Basis basis) implements Answer<T> {
        @Override
        public <U> Answer<U> map(Function<? super T, ? extends U> f) {
            return new NotFound<>(basis);
        }

        @Override
        public <U> Answer<U> flatMap(Function<? super T, Answer<U>> f) {
            return new NotFound<>(basis);
        }

        @Override
        public Answer<T> on(Basis other) {
            return new NotFound<>(other);
        }
    }

    /**
     * Not served, never partially: {@code partitions} of {@code topic} could not be served (empty: not said;
     * {@code topic} null: the answer of one instance, which does not name it); {@code basis} holds the positions
     * known when that was decided.
     */
    record NotServed<T>(FailureReason reason, String message, String topic, SortedSet<Integer> partitions, Basis basis)
            implements Answer<T> {
        public NotServed {
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
        }

        @Override
        public <U> Answer<U> map(Function<? super T, ? extends U> f) {
            return retyped();
        }

        @Override
        public <U> Answer<U> flatMap(Function<? super T, Answer<U>> f) {
            return retyped();
        }

        @Override
        public Answer<T> on(Basis other) {
            return new NotServed<>(reason, message, topic, partitions, other);
        }

        /** The same failure as the answer to a question of another type. */
        public <U> NotServed<U> retyped() {
            return new NotServed<>(reason, message, topic, partitions, basis);
        }
    }

    static <T> Answer<T> found(T value) {
        return new Found<>(value, Basis.NONE);
    }

    static <T> Answer<T> notFound() {
        return new NotFound<>(Basis.NONE);
    }

    static <T> Answer<T> notServed(FailureReason reason, String message) {
        return notServed(reason, message, new TreeSet<>());
    }

    static <T> Answer<T> notServed(FailureReason reason, String message, SortedSet<Integer> partitions) {
        return new NotServed<>(reason, message, null, partitions, Basis.NONE);
    }
}
