package io.clusterindex.scatter;

import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
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
        Merged merged = mergeKeys(query, shares.stream().map(share -> KeyPage.of(order, share)).toList());
        List<ViewDocument> page = new ArrayList<>(merged.page().size());
        merged.page().forEach(taken -> page.add(taken.key().document()));
        return new ListPage(page, merged.total(), merged.stats(), merged.skipped());
    }

    /** The merged page as keys, each with the index of the share it came from; totals, stats and skipped summed. */
    public record Merged(List<Taken> page, long total, Stats stats, long skipped) {
    }

    /** A key of the merged page and the index of the share that holds it. */
    public record Taken(int share, KeyPage.PageKey key) {
    }

    /** {@link #merge} on keys: the documents need not be there. */
    public static Merged mergeKeys(ListQuery query, List<KeyPage> shares) {
        SortOrder order = SortOrder.of(query.sort());
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.key().key(), b.key().key()));
        long total = 0;
        long skipped = 0;
        List<Stats> stats = new ArrayList<>(shares.size());
        for (int i = 0; i < shares.size(); i++) {
            KeyPage share = shares.get(i);
            total += share.total();
            skipped += share.skipped();
            stats.add(share.stats());
            if (!share.keys().isEmpty()) {
                heads.add(new Head(i, share.keys(), 0));
            }
        }
        List<Taken> page = new ArrayList<>(Math.min(query.limit(), 1024));
        int skip = query.offset();
        while (!heads.isEmpty() && page.size() < query.limit()) {
            Head head = heads.poll();
            if (skip > 0) {
                skip--;
            } else {
                page.add(new Taken(head.share(), head.key()));
            }
            if (head.index() + 1 < head.keys().size()) {
                heads.add(new Head(head.share(), head.keys(), head.index() + 1));
            }
        }
        return new Merged(page, total, sum(stats), query.after() == null ? query.offset() : skipped);
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

    private record Head(int share, List<KeyPage.PageKey> keys, int index) {
        KeyPage.PageKey key() {
            return keys.get(index);
        }
    }
}
