package io.clusterindex.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of the clusters-per-namespace gauge, with a bounded number of label values: the {@code limit} namespaces
 * with the most clusters (ties by organization, then namespace id), and the others summed into one row labelled
 * {@link #OTHER}. Pure.
 */
final class NamespaceClusters {
    /** The organization and namespace label of the row that sums the namespaces beyond the limit. */
    static final String OTHER = "_other";

    /** One namespace's clusters, or the sum of the others. */
    record Row(String organization, String namespace, long clusters) {
    }

    private static final Comparator<Row> LARGEST_FIRST = Comparator.comparingLong(Row::clusters).reversed()
            .thenComparing(Row::organization).thenComparing(Row::namespace);

    private NamespaceClusters() {
    }

    /** At most {@code limit + 1} rows: the largest {@code limit} namespaces, then {@link #OTHER} if any is left. */
    static List<Row> top(List<Row> namespaces, int limit) {
        List<Row> sorted = new ArrayList<>(namespaces);
        sorted.sort(LARGEST_FIRST);
        if (sorted.size() <= limit) {
            return sorted;
        }
        List<Row> rows = new ArrayList<>(sorted.subList(0, limit));
        long others = 0;
        for (Row row : sorted.subList(limit, sorted.size())) {
            others += row.clusters();
        }
        rows.add(new Row(OTHER, OTHER, others));
        return rows;
    }
}
