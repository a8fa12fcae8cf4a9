package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of results.
 *
 * @param results the clusters of the page, in order (the documents themselves, not copies: do not mutate)
 * @param total   number of clusters matching filters and search
 * @param stats   stats over all of them
 * @param skipped matches before the page: the offset, or with a cursor the matches up to it
 */
public record ListPage(List<ObjectNode> results, long total, Stats stats, long skipped) {
    public ListPage {
        results = List.copyOf(results);
    }

    public ListPage(List<ObjectNode> results, long total, Stats stats) {
        this(results, total, stats, 0);
    }
}
