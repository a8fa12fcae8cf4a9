package io.clusterindex.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The live clusters of one namespace in several stores, one store after the other; at most one store iterator is
 * open at a time, closed when it is exhausted or when the scan is closed. Iterable once.
 */
final class PartitionScan implements Iterable<ObjectNode>, AutoCloseable {
    private final List<ReadOnlyKeyValueStore<String, ClusterState>> stores;
    private final String namespaceId;
    private boolean iterated;
    private KeyValueIterator<String, ClusterState> open;

    PartitionScan(List<ReadOnlyKeyValueStore<String, ClusterState>> stores, String namespaceId) {
        this.stores = stores;
        this.namespaceId = namespaceId;
    }

    @Override
    public Iterator<ObjectNode> iterator() {
        if (iterated) {
            throw new IllegalStateException("a scan of the stores is iterated once");
        }
        iterated = true;
        return new FilterMapIterator<>(new Iterator<ClusterState>() {
            private int next;

            @Override
            public boolean hasNext() {
                while (open == null || !open.hasNext()) {
                    close();
                    if (next == stores.size()) {
                        return false;
                    }
                    open = stores.get(next++).all();
                }
                return true;
            }

            @Override
            public ClusterState next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return open.next().value;
            }
        }, state -> {
            ObjectNode cluster = state.cluster();
            return cluster != null && namespaceId.equals(cluster.get("namespace_id").textValue()) ? cluster : null;
        });
    }

    @Override
    public void close() {
        if (open != null) {
            KeyValueIterator<String, ClusterState> closing = open;
            open = null;
            closing.close();
        }
    }
}
