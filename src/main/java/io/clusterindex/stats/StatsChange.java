package io.clusterindex.stats;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed change to a namespace's stats: the sum of the {@link StatsDelta}s of any number of applied events of one
 * partition. Counts may be negative (clusters left a status); statuses whose count sums to zero are left out.
 * {@link NamespaceStats#apply(StatsChange)} applies it in one step.
 */
public record StatsChange(String namespaceId, long clusters, long documents, Map<String, Long> byStatus) {

    public StatsChange {
        TreeMap<String, Long> nonZero = new TreeMap<>();
        byStatus.forEach((status, count) -> {
            if (count != 0) {
                nonZero.put(status, count);
            }
        });
        byStatus = Collections.unmodifiableMap(nonZero);
    }

    /** The change of one event: its cluster's old contribution out, its new one in. */
    public static StatsChange of(StatsDelta delta) {
        TreeMap<String, Long> byStatus = new TreeMap<>();
        long clusters = 0;
        long documents = 0;
        if (delta.removed() != null) {
            byStatus.merge(delta.removed().status(), -1L, Long::sum);
            clusters--;
            documents -= delta.removed().documents();
        }
        if (delta.added() != null) {
            byStatus.merge(delta.added().status(), 1L, Long::sum);
            clusters++;
            documents += delta.added().documents();
        }
        return new StatsChange(delta.namespaceId(), clusters, documents, byStatus);
    }

    /** This change followed by {@code next} (of the same namespace). */
    public StatsChange plus(StatsChange next) {
        if (!namespaceId.equals(next.namespaceId)) {
            throw new IllegalArgumentException("changes of " + namespaceId + " and " + next.namespaceId + " do not add up");
        }
        TreeMap<String, Long> sum = new TreeMap<>(byStatus);
        next.byStatus.forEach((status, count) -> sum.merge(status, count, Long::sum));
        return new StatsChange(namespaceId, clusters + next.clusters, documents + next.documents, sum);
    }

    /** True when applying it changes nothing (e.g. a patch that kept the status and the document count). */
    public boolean isZero() {
        return clusters == 0 && documents == 0 && byStatus.isEmpty();
    }
}
