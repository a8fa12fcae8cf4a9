package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.ViewDocument;
import java.util.List;

/**
 * One page of results.
 *
 * @param results the clusters of the page, in order (the documents themselves, not copies: do not mutate)
 * @param total   number of clusters matching filters and search
 * @param stats   stats over all of them
 * @param skipped matches before the page: the offset, or with a cursor the matches up to it
 */
public record ListPage(List<ViewDocument> results, long total, Stats stats, long skipped) {
    public ListPage {
        results = List.copyOf(results);
    }

    public ListPage(List<ViewDocument> results, long total, Stats stats) {
        this(results, total, stats, 0);
    }

    /** A page of the clusters {@code trees}. */
    public static ListPage ofTrees(List<ObjectNode> trees, long total, Stats stats, long skipped) {
        return new ListPage(trees.stream().map(ViewDocument::of).toList(), total, stats, skipped);
    }

    /** The clusters of the page as trees (parsed now where they came as JSON). */
    public List<ObjectNode> trees() {
        return results.stream().map(ViewDocument::tree).toList();
    }
}
