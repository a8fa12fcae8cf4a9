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
 * The live traffic of the freshness benchmark, on top of the namespace {@link QueryDataset} filled: 20% of the
 * events create a new cluster (a realistic configuration, as in the dataset), 40% start an execution on an
 * existing cluster that is not running one of ours (chosen uniformly among all clusters, filled or created here),
 * 40% complete the oldest execution started here (3% with errors; a start when none runs). Every event is valid
 * and applies: sequences continue each cluster's own, task ids match.
 *
 * <p>{@code occurred_at} is the wall clock at generation in microseconds, made strictly increasing over all events,
 * so that the view's {@code updated_at} (set by every applied event) tells whether an event, or a later one of the
 * same cluster, has been applied. Not thread-safe: one sender thread uses it.
 */
final class LiveEvents {
    /** One event: where it goes and what the view's {@code updated_at} of its cluster is once it is applied. */
    record Event(String clusterId, String type, byte[] key, byte[] value, Instant occurredAt) {
    }

    private static final double CREATE_SHARE = 0.2;
    private static final double START_SHARE = 0.4;

    private final SplittableRandom random;
    private final String tag;
    private final Map<String, Long> eventsByType = new TreeMap<>();
    private final ArrayDeque<Integer> runningOrder = new ArrayDeque<>();
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
        this.ids = Arrays.copyOf(clusterIds, Math.max(16, clusterIds.length * 2));
        this.sequences = Arrays.copyOf(sequences, ids.length);
        this.tasks = new String[ids.length];
        this.size = clusterIds.length;
        this.tag = tag;
        this.random = new SplittableRandom(seed);
    }

    Event next() {
        double choice = random.nextDouble();
        if (choice < CREATE_SHARE || size == 0) {
            return created();
        }
        if (choice >= CREATE_SHARE + START_SHARE && !runningOrder.isEmpty()) {
            return completed(runningOrder.poll());
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            int c = random.nextInt(size);
            if (tasks[c] == null) {
                return started(c);
            }
        }
        return created();
    }

    /** Events generated so far, by type. */
    Map<String, Long> eventsByType() {
        return eventsByType;
    }

    /** Clusters in the namespace: filled and created here. */
    int clusters() {
        return size;
    }

    private Event created() {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            sequences = Arrays.copyOf(sequences, size * 2);
            tasks = Arrays.copyOf(tasks, size * 2);
        }
        int c = size++;
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
