package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The live traffic of the freshness and sustained-load benchmarks, on top of the namespace {@link QueryDataset}
 * filled: 20% of the events create a new cluster (a realistic configuration, as in the dataset), 40% start an
 * execution on an existing cluster that is not running one of ours (chosen uniformly among all clusters, filled or
 * created here), 40% complete the oldest execution started here (3% with errors; a start when none runs). In the
 * {@linkplain #steady steady} mix the view keeps its size: 10% create and 10% delete a cluster that runs nothing
 * of ours (chosen uniformly; its slot takes the next created cluster). Every event is valid and applies: sequences
 * continue each cluster's own, task ids match.
 *
 * <p>{@code occurred_at} is the wall clock at generation in microseconds, made strictly increasing over all events,
 * so that the view's {@code updated_at} (set by every applied event) tells whether an event, or a later one of the
 * same cluster, has been applied. Not thread-safe: one sender thread uses it.
 */
final class LiveEvents {
    /** One event: where it goes and what the view's {@code updated_at} of its cluster is once it is applied. */
    record Event(String clusterId, String type, byte[] key, byte[] value, Instant occurredAt) {
    }

    private static final double START_SHARE = 0.4;

    private final SplittableRandom random;
    private final String tag;
    private final Map<String, Long> eventsByType = new TreeMap<>();
    private final ArrayDeque<Integer> runningOrder = new ArrayDeque<>();
    /** Slots of deleted clusters (their id null), taken by the next clusters created. */
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final double createShare;
    private final double deleteShare;
    private String[] ids;
    private int[] sequences;
    private String[] tasks;
    private int size;
    private long counter;
    private Instant last = Instant.EPOCH;

    /**
     * @param clusterIds the filled clusters' ids
     * @param sequences  the last sequence of each filled cluster (same index)
     * @param tag        distinguishes this benchmark run's new cluster, event and task ids
     */
    LiveEvents(String[] clusterIds, int[] sequences, String tag, long seed) {
        this(clusterIds, sequences, tag, seed, 0.2, 0);
    }

    /** As the constructor, in the mix whose creations and deletions balance: the view keeps its size. */
    static LiveEvents steady(String[] clusterIds, int[] sequences, String tag, long seed) {
        return new LiveEvents(clusterIds, sequences, tag, seed, 0.1, 0.1);
    }

    private LiveEvents(String[] clusterIds, int[] sequences, String tag, long seed, double createShare,
                       double deleteShare) {
        this.createShare = createShare;
        this.deleteShare = deleteShare;
        this.ids = Arrays.copyOf(clusterIds, Math.max(16, clusterIds.length * 2));
        this.sequences = Arrays.copyOf(sequences, ids.length);
        this.tasks = new String[ids.length];
        this.size = clusterIds.length;
        this.tag = tag;
        this.random = new SplittableRandom(seed);
    }

    Event next() {
        double choice = random.nextDouble();
        if (choice < createShare || clusters() == 0) {
            return created();
        }
        if (choice < createShare + deleteShare) {
            int c = idle();
            return c < 0 ? created() : deleted(c);
        }
        if (choice >= createShare + deleteShare + START_SHARE && !runningOrder.isEmpty()) {
            return completed(runningOrder.poll());
        }
        int c = idle();
        return c < 0 ? created() : started(c);
    }

    /** A live cluster running nothing of ours, drawn uniformly (a few draws), or -1. */
    private int idle() {
        for (int attempt = 0; attempt < 8; attempt++) {
            int c = random.nextInt(size);
            if (ids[c] != null && tasks[c] == null) {
                return c;
            }
        }
        return -1;
    }

    /** Events generated so far, by type. */
    Map<String, Long> eventsByType() {
        return eventsByType;
    }

    /** Clusters in the namespace: filled and created here, less those deleted here. */
    int clusters() {
        return size - free.size();
    }

    private Event created() {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            sequences = Arrays.copyOf(sequences, size * 2);
            tasks = Arrays.copyOf(tasks, size * 2);
        }
        int c = free.isEmpty() ? size++ : free.pop();
        sequences[c] = 0;
        ids[c] = "clust_" + tag + "_" + Long.toHexString(counter);
        ObjectNode event = envelope(c, "cluster.created");
        QueryDataset.creation(random, event.putObject("data"));
        return render(c, event);
    }

    private Event started(int c) {
        tasks[c] = "task_" + tag + "_" + Long.toHexString(counter);
        runningOrder.add(c);
        ObjectNode event = envelope(c, "cluster.execution.started");
        event.putObject("data").put("task_id", tasks[c]).put("trigger", "schedule")
                .put("requested_by", "scheduler@example.com");
        return render(c, event);
    }

    private Event deleted(int c) {
        ObjectNode event = envelope(c, "cluster.deleted");
        event.putObject("data");
        Event deleted = render(c, event);
        ids[c] = null;
        free.push(c);
        return deleted;
    }

    private Event completed(int c) {
        ObjectNode event = envelope(c, "cluster.execution.completed");
        double runSeconds = Math.min(6 * 3600.0, Math.max(5.0, Math.exp(5.7 + 1.1 * random.nextGaussian())));
        QueryDataset.completion(random, c, tasks[c], runSeconds, random.nextDouble() < 0.03,
                event.putObject("data"));
        tasks[c] = null;
        return render(c, event);
    }

    private ObjectNode envelope(int c, String type) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
        eventsByType.merge(type, 1L, Long::sum);
        return QueryDataset.envelope("evt_" + tag + "_" + Long.toHexString(counter++), ids[c], ++sequences[c], type,
                last);
    }

    private Event render(int c, ObjectNode event) {
        try {
            return new Event(ids[c], event.get("event_type").textValue(), ids[c].getBytes(StandardCharsets.UTF_8),
                    Json.MAPPER.writeValueAsBytes(event), last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
