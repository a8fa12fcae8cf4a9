package io.clusterindex.scatter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges the shares of several instances into the page a single instance holding every partition would give: each
 * share holds that instance's first {@code offset + limit} matches in the query's total order, so a k-way merge in
 * the same order, skipping {@code offset}, yields exactly the page; totals and stats are sums. With a cursor each
 * share starts after it and the matches up to it ({@link ListPage#skipped()}) add up too.
 */
public final class PageMerge {
    private PageMerge() {
    }

    public static ListPage merge(ListQuery query, List<ListPage> shares) {
        SortOrder order = SortOrder.of(query.sort());
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.key, b.key));
        long total = 0;
        long skipped = 0;
        List<Stats> stats = new ArrayList<>(shares.size());
        for (ListPage share : shares) {
            total += share.total();
            skipped += share.skipped();
            stats.add(share.stats());
            if (!share.results().isEmpty()) {
                heads.add(new Head(share.results(), 0, order.keyOf(share.results().get(0))));
            }
        }
        List<ObjectNode> page = new ArrayList<>(Math.min(query.limit(), 1024));
        int skip = query.offset();
        while (!heads.isEmpty() && page.size() < query.limit()) {
            Head head = heads.poll();
            if (skip > 0) {
                skip--;
            } else {
                page.add(head.key.cluster());
            }
            int next = head.index + 1;
            if (next < head.results.size()) {
                heads.add(new Head(head.results, next, order.keyOf(head.results.get(next))));
            }
        }
        return new ListPage(page, total, sum(stats), query.after() == null ? query.offset() : skipped);
    }

    public static Stats sum(Collection<Stats> parts) {
        long clusters = 0;
        long documents = 0;
        SortedMap<String, Long> byStatus = new TreeMap<>();
        for (Stats part : parts) {
            clusters += part.totalClusters();
            documents += part.totalDocuments();
            part.clustersByStatus().forEach((status, count) -> byStatus.merge(status, count, Long::sum));
        }
        byStatus.values().removeIf(count -> count == 0);
        return new Stats(clusters, documents, byStatus);
    }

    private record Head(List<ObjectNode> results, int index, SortKey key) {
    }
}
