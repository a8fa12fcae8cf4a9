package io.clusterindex.topology;

import java.util.Iterator;
import java.util.Map;

/**
 * Told what the global tables ({@code namespaces}, {@code api-keys}) hold, on the global stream thread, as their
 * update processor writes it into the tables' stores: the whole table when the processor starts (after the store
 * has been restored, and again for the live processor before it reads new records), then every record written. The
 * stores stay the durable copy; this lets the read side keep the tables in a form it can look up without a store
 * read or a JSON parse per request.
 */
public interface TableListener {
    /** Listens to nothing (for topologies whose tables nobody reads, such as the pipeline benchmark's). */
    TableListener NONE = new TableListener() {
        @Override
        public void reloaded(String store, Iterator<Map.Entry<String, byte[]>> records) {
        }

        @Override
        public void updated(String store, String key, byte[] value) {
        }
    };

    /**
     * Every record of {@code store} ({@link StoreNames#NAMESPACES} or {@link StoreNames#API_KEYS}), read from the
     * store while the call lasts (not to be kept: the table is never held twice in memory).
     */
    void reloaded(String store, Iterator<Map.Entry<String, byte[]>> records);

    /** {@code key} of {@code store} now holds {@code value}; null when a tombstone removed it. */
    void updated(String store, String key, byte[] value);
}
