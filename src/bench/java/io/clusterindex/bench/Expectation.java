package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What one draw of a list query should answer, counted over the dataset's final states while it is generated: the
 * number of matching clusters, their documents and statuses (the answer's {@code stats}) and the ids of the page
 * ({@code offset}, {@value QueryMix#LIMIT} results) in the draw's order. Keeps only the best {@code offset + limit}
 * matches seen so far (the order is total: ties are broken by cluster id), so memory does not grow with the
 * dataset.
 */
final class Expectation {
    private final QueryMix.Draw draw;
    private final int keep;
    private PriorityQueue<JsonNode> worstFirst;
    private List<String> pageIds;
    private long total;
    private long documents;
    private final Map<String, Long> byStatus = new TreeMap<>();

    Expectation(QueryMix.Draw draw) {
        this.draw = draw;
        this.keep = draw.offset() + QueryMix.LIMIT;
        this.worstFirst = new PriorityQueue<>(keep + 1, draw.order().reversed());
    }

    QueryMix.Draw draw() {
        return draw;
    }

    /** Counts {@code state} when it matches, and keeps it while it is among the first {@code offset + limit}. */
    void offer(JsonNode state) {
        if (pageIds != null) {
            throw new IllegalStateException("the expectation is finished");
        }
        if (!draw.matches().test(state)) {
            return;
        }
        total++;
        Long clustered = QueryMix.number(state, "num_documents_clustered");
        documents += clustered == null ? 0 : clustered;
        String status = QueryMix.text(state, "status");
        if (status != null) {
            byStatus.merge(status, 1L, Long::sum);
        }
        if (worstFirst.size() < keep) {
            worstFirst.add(state);
        } else if (draw.order().compare(state, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(state);
        }
    }

    long total() {
        return total;
    }

    /** The stats' {@code total_documents} of the matches ({@code num_documents_clustered}, null as 0). */
    long documents() {
        return documents;
    }

    /** The stats' {@code clusters_by_status} of the matches. */
    Map<String, Long> byStatus() {
        return Collections.unmodifiableMap(byStatus);
    }

    /**
     * Settles the page and lets go of the states kept for it, so that they do not stay in the heap the benchmark
     * measures (the app runs in the same JVM); {@link #offer} is refused afterwards.
     */
    void finish() {
        if (pageIds != null) {
            return;
        }
        List<JsonNode> best = new ArrayList<>(worstFirst);
        best.sort(draw.order());
        List<String> ids = new ArrayList<>();
        for (int i = draw.offset(); i < best.size(); i++) {
            ids.add(QueryMix.text(best.get(i), "cluster_id"));
        }
        pageIds = List.copyOf(ids);
        worstFirst = null;
    }

    /** The cluster ids the page should hold, in order (finishes the expectation). */
    List<String> pageIds() {
        finish();
        return pageIds;
    }
}
