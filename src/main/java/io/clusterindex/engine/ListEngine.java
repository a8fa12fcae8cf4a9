package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.Search;

/**
 * Runs a {@link ListQuery} over the clusters of one namespace in a single pass: every cluster that matches the
 * filter and the search counts in the total and the stats, and competes for the page in a bounded heap of
 * {@code offset + limit} entries (no full sort). With a cursor only the clusters after it compete.
 */
public final class ListEngine {
    private ListEngine() {
    }

    /** {@code namespaceClusters}: the live {@code ClusterMetadata} documents of the caller's namespace. */
    public static ListPage run(ListQuery query, Iterable<ObjectNode> namespaceClusters) {
        Filter filter = query.filter();
        Search search = query.search();
        StatsAccumulator stats = new StatsAccumulator();
        int keep = (int) Math.min(Integer.MAX_VALUE, (long) query.offset() + query.limit());
        SortOrder order = SortOrder.of(query.sort());
        TopK top = new TopK(order, keep);
        SortKey after = query.after() == null ? null : query.after().key(order);
        SortKey key = new SortKey();
        long skipped = 0;
        for (ObjectNode cluster : namespaceClusters) {
            if (filter.matches(cluster) && search.matches(cluster)) {
                stats.add(cluster);
                if (after != null) {
                    order.fill(key, cluster);
                    if (order.compare(key, after) <= 0) {
                        skipped++;
                        continue;
                    }
                }
                top.offer(cluster);
            }
        }
        return new ListPage(top.slice(query.offset(), query.limit()), stats.count(), stats.toStats(),
                after == null ? query.offset() : skipped);
    }
}
