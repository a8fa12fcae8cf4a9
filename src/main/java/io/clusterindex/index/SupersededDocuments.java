package io.clusterindex.index;

import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.ViewDocument;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The view documents the index replaced last (by a newer version of the cluster, its deletion or its hand-over to
 * another task), by cluster id and sequence, at most {@link #CAPACITY}: a query that ranked a snapshot takes the
 * page's documents from its store, and when a page cluster changed since the snapshot it takes the snapshot's
 * version from here instead of ranking again. Under a steady stream of updates the newest clusters (the first page
 * of {@code updated_at desc}) change faster than a busy machine ranks a page; without this, such a query would
 * retry and fall back to the full scan. Bounded by count: the oldest version goes when a new one comes.
 */
final class SupersededDocuments {
    /** Versions kept: about 1.6 s of history at 5,000 updates a second, some 2 KiB each (kept as their stored form, JSON, and parsed when a page needs one). */
    static final int CAPACITY = 8192;

    private record Version(String clusterId, long sequence) {
    }

    private final Map<Version, ClusterState> documents = new ConcurrentHashMap<>();
    private final Version[] order;
    private int next;

    SupersededDocuments() {
        this(CAPACITY);
    }

    SupersededDocuments(int capacity) {
        order = new Version[capacity];
    }

    /** {@code document} was the cluster's version until now. Any thread. */
    synchronized void add(String clusterId, ClusterState document) {
        Version version = new Version(clusterId, document.sequence());
        Version oldest = order[next];
        if (oldest != null) {
            documents.remove(oldest);
        }
        order[next] = version;
        next = next + 1 == order.length ? 0 : next + 1;
        documents.put(version, document);
    }

    /** The document of the cluster's version {@code sequence} if it was replaced lately, else null. Any thread. */
    ViewDocument find(String clusterId, long sequence) {
        ClusterState document = documents.get(new Version(clusterId, sequence));
        return document == null ? null : document.document();
    }
}
