package io.clusterindex.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import io.clusterindex.generate.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The independent reference of the integration tests: replays input records, in production order per key, through
 * the pure {@link EventParser#parse} and {@link ClusterFold#apply} (which have their own unit tests), and recounts
 * the namespace stats from scratch over the live clusters (no incremental bookkeeping, no main-code stats classes).
 */
public final class ExpectedView {
    /** One record of {@code cluster-events} as it sits in the topic. {@code index} is -1 without the header. */
    public record Input(int partition, long offset, String key, byte[] value, long index) {
        public String position() {
            return partition + "@" + offset;
        }
    }

    /** A record the indexer must dead-letter exactly once. */
    public record DeadLetter(Input input, ErrorCode code, String eventId) {
    }

    /** Stats of one namespace, recounted over its live clusters. */
    public record Stats(String namespaceId, long totalClusters, long totalDocuments, double avgDocumentsPerCluster,
                 SortedMap<String, Long> clustersByStatus) {
    }

    private final Map<String, ClusterState> states = new HashMap<>();
    private final Map<String, DeadLetter> rejectionsByPosition = new LinkedHashMap<>();
    private final List<Map.Entry<Input, Outcome>> outcomes = new ArrayList<>();
    private long applied;
    private long skipped;

    /** Replays {@code inputs}, which must be in production order for every key (e.g. offset order per partition). */
    public static ExpectedView replay(List<Input> inputs) {
        ExpectedView view = new ExpectedView();
        inputs.forEach(view::apply);
        return view;
    }

    public void apply(Input input) {
        byte[] key = input.key() == null ? null : input.key().getBytes(StandardCharsets.UTF_8);
        ParseResult parsed = EventParser.parse(key, input.value());
        Outcome outcome;
        if (parsed instanceof ParseResult.Invalid invalid) {
            outcome = reject(input, invalid.rejection());
        } else {
            var event = ((ParseResult.Parsed) parsed).event();
            FoldOutcome folded = ClusterFold.apply(event, states.get(event.clusterId()));
            if (folded instanceof FoldOutcome.Applied a) {
                states.put(event.clusterId(), a.state());
                applied++;
                outcome = Outcome.APPLIED;
            } else if (folded instanceof FoldOutcome.Rejected r) {
                outcome = reject(input, r.rejection());
            } else {
                skipped++;
                outcome = Outcome.SKIPPED;
            }
        }
        outcomes.add(Map.entry(input, outcome));
    }

    private Outcome reject(Input input, io.clusterindex.events.Rejection rejection) {
        if (rejectionsByPosition.put(input.position(), new DeadLetter(input, rejection.code(), rejection.eventId())) != null) {
            throw new IllegalArgumentException("input " + input.position() + " replayed twice");
        }
        return Outcome.rejected(rejection.code());
    }

    /** Outcome of every replayed input, in replay order. */
    public List<Map.Entry<Input, Outcome>> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }

    /** Expected dead letters by source position {@code partition@offset}. */
    public Map<String, DeadLetter> deadLetters() {
        return Collections.unmodifiableMap(rejectionsByPosition);
    }

    public long appliedCount() {
        return applied;
    }

    public long skippedCount() {
        return skipped;
    }

    /** Live clusters by id (sorted). */
    public SortedMap<String, ObjectNode> liveClusters() {
        SortedMap<String, ObjectNode> live = new TreeMap<>();
        states.forEach((id, state) -> {
            if (state.cluster() != null) {
                live.put(id, state.cluster());
            }
        });
        return live;
    }

    /** Ids of clusters that existed and are deleted now. */
    public SortedMap<String, Long> deletedClusters() {
        SortedMap<String, Long> deleted = new TreeMap<>();
        states.forEach((id, state) -> {
            if (state.cluster() == null) {
                deleted.put(id, state.sequence());
            }
        });
        return deleted;
    }

    /** Live clusters of a namespace in id order. */
    public List<ObjectNode> namespace(String namespaceId) {
        List<ObjectNode> clusters = new ArrayList<>();
        liveClusters().values().forEach(cluster -> {
            if (cluster.get("namespace_id").textValue().equals(namespaceId)) {
                clusters.add(cluster);
            }
        });
        return clusters;
    }

    /** Stats of every namespace with at least one live cluster, recounted from scratch. */
    public SortedMap<String, Stats> stats() {
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, SortedMap<String, Long>> byStatus = new TreeMap<>();
        for (ObjectNode cluster : liveClusters().values()) {
            String namespace = cluster.get("namespace_id").textValue();
            JsonNode docs = cluster.get("num_documents_clustered");
            long[] t = totals.computeIfAbsent(namespace, n -> new long[2]);
            t[0]++;
            t[1] += docs == null || docs.isNull() ? 0 : docs.longValue();
            byStatus.computeIfAbsent(namespace, n -> new TreeMap<>())
                    .merge(cluster.get("status").textValue(), 1L, Long::sum);
        }
        SortedMap<String, Stats> stats = new TreeMap<>();
        totals.forEach((namespace, t) -> stats.put(namespace,
                new Stats(namespace, t[0], t[1], (double) t[1] / t[0], byStatus.get(namespace))));
        return stats;
    }
}
