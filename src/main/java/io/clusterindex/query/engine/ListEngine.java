package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs a {@link ListQuery} over the clusters of one namespace in a single pass: every cluster that matches the
 * filter and the search counts in the total and the stats, and competes for the page in a bounded heap of
 * {@code offset + limit} entries (no full sort).
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
        TopK top = new TopK(SortOrder.of(query.sort()), keep);
        for (ObjectNode cluster : namespaceClusters) {
            if (filter.matches(cluster) && search.matches(cluster)) {
                stats.add(cluster);
                top.offer(cluster);
            }
        }
        return new ListPage(top.slice(query.offset(), query.limit()), stats.count(), stats.toStats());
    }
}
