package io.clusterindex.engine;

import io.clusterindex.json.ViewDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * The first matches of a query as sort keys, without (or with) their documents: what an instance answers in the
 * first phase of a scatter-gather, where only the keys of the merged page's clusters are fetched afterwards.
 *
 * @param keys    the matches in the query's order
 * @param total   number of clusters matching filters and search
 * @param stats   stats over all of them
 * @param skipped matches before the first key: the offset, or with a cursor the matches up to it
 */
public record KeyPage(List<PageKey> keys, long total, Stats stats, long skipped) {
    public KeyPage {
        keys = List.copyOf(keys);
    }

    /**
     * One match: its sort key (with its {@code cluster_id}), the {@code sequence} of the version that matched, and
     * its document when it came with the key ({@code null} when it is to be fetched at that sequence).
     */
    public record PageKey(SortKey key, long sequence, ViewDocument document) {
        public String clusterId() {
            return key.clusterId;
        }
    }

    /** A page of documents as keys that carry them (nothing left to fetch). */
    public static KeyPage of(SortOrder order, ListPage page) {
        List<PageKey> keys = new ArrayList<>(page.results().size());
        for (ViewDocument cluster : page.results()) {
            keys.add(new PageKey(order.keyOf(cluster.tree()), -1, cluster));
        }
        return new KeyPage(keys, page.total(), page.stats(), page.skipped());
    }
}
