package io.clusterindex.topology;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A state store that its processor writes when the task commits rather than for every record: the processor keeps
 * what it would have written in its own fields and gives a {@link #beforeCommit} action that writes it. Kafka Streams
 * flushes every store's cache before it commits a task (its changelog records go into the same transaction as the
 * input offsets, under exactly-once, and are flushed before the offsets are committed otherwise), and this store
 * runs the action first there: the changelog holds, at every commit, exactly what per-record writes would have left
 * in the store, at the cost of one write per key and commit instead of one per record.
 *
 * <p>It wraps the store a standard builder makes (metered, cached, changelogged), as Kafka Streams' own layers do;
 * {@link WrappedStateStore} and its {@code flushCache} are Kafka Streams internals (the only hook that runs before a
 * commit), so an upgrade of Kafka Streams must keep {@code TaskStatsTopologyTest} (the test driver commits through
 * the real {@code StreamTask.prepareCommit}), {@code TaskStatsProcessorTest} and the kill tests green. The processor
 * reads and writes the wrapped store through {@link #store()} (the context hands this wrapper out as it is: it is not
 * a read-write key-value store, so it gets no decorator). Public for the pipeline benchmark's same-shape topology.
 */
public class CommitTimeStore<S extends StateStore> extends WrappedStateStore<S, Object, Object> {
    private static final Runnable NOTHING = () -> {
    };
    private Runnable beforeCommit = NOTHING;

    CommitTimeStore(S wrapped) {
        super(wrapped);
    }

    /** The store the processor reads and writes. */
    public S store() {
        return wrapped();
    }

    /**
     * Runs {@code write} (on the stream thread) before every commit of the task until {@link #noCommitWrite()}: it
     * must write into {@link #store()} whatever the records processed since the last commit changed.
     */
    public void beforeCommit(Runnable write) {
        beforeCommit = Objects.requireNonNull(write);
    }

    /** Stops the action (the processor is closed: a revived task's processor gives a new one from its init). */
    public void noCommitWrite() {
        beforeCommit = NOTHING;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    @Override
    public void close() {
        beforeCommit = NOTHING;
        super.close();
    }

    /**
     * A {@link CommitTimeStore} of a key-value store that interactive queries read as well (the wrapper is what they
     * find under the store's name): reads go to the wrapped store, so they see what was written at the last commit.
     */
    static final class Queryable<K, V> extends CommitTimeStore<KeyValueStore<K, V>>
            implements ReadOnlyKeyValueStore<K, V> {
        Queryable(KeyValueStore<K, V> wrapped) {
            super(wrapped);
        }

        @Override
        public V get(K key) {
            return store().get(key);
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            return store().range(from, to);
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return store().all();
        }

        @Override
        public long approximateNumEntries() {
            return store().approximateNumEntries();
        }
    }

    /** Builds a {@link CommitTimeStore} (made by {@code wrap}) around what {@code builder} builds. */
    static <S extends StateStore, T extends CommitTimeStore<S>> StoreBuilder<T> builder(StoreBuilder<S> builder,
                                                                                    Function<S, T> wrap) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<T> withCachingEnabled() {
                builder.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<T> withCachingDisabled() {
                builder.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
                builder.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<T> withLoggingDisabled() {
                builder.withLoggingDisabled();
                return this;
            }

            @Override
            public T build() {
                return wrap.apply(builder.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return builder.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return builder.loggingEnabled();
            }

            @Override
            public String name() {
                return builder.name();
            }
        };
    }
}
