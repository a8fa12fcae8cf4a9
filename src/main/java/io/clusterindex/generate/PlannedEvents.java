package io.clusterindex.generate;

import static io.clusterindex.generate.EventRenderer.hex;
import static io.clusterindex.generate.EventRenderer.mix;
import static io.clusterindex.generate.LifecyclePlan.CANCELED;
import static io.clusterindex.generate.LifecyclePlan.COMPLETED;
import static io.clusterindex.generate.LifecyclePlan.CREATED;
import static io.clusterindex.generate.LifecyclePlan.DELETED;
import static io.clusterindex.generate.LifecyclePlan.FAILED;
import static io.clusterindex.generate.LifecyclePlan.MAX_EVENTS_PER_CLUSTER;
import static io.clusterindex.generate.LifecyclePlan.STARTED;
import static io.clusterindex.generate.LifecyclePlan.TYPE_NAMES;
import static io.clusterindex.generate.LifecyclePlan.UPDATED;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.generate.BadRecords.Target;
import io.clusterindex.generate.EventRenderer.TimeFormat;
import io.clusterindex.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The events a {@link LifecyclePlan} plans, as a stream renders them: the ids derived from the seed (clusters,
 * events, tasks, never-created "ghost" clusters), each planned event's JSON, and a cluster's state after its first
 * events, which the bad records of {@link EventStream} are placed against. Every value depends on the seed and the
 * plan only, so the same arguments give the same bytes.
 */
final class PlannedEvents {
    /** Time zero of every stream: the planned times are milliseconds after it. */
    static final Instant STREAM_START = Instant.parse("2026-11-02T00:00:00Z");

    private static final long SALT_EVENT = 0xbb67ae8584caa73bL;
    private static final long SALT_IDS = 0xa54ff53a5f1d36f1L;
    private static final long SALT_FORMAT = 0x1b873593cc9e2d51L;

    private final LifecyclePlan plan;
    private final long seed;
    private final boolean mixedTimeFormats;
    private final EventRenderer renderer;

    /** @param mixedTimeFormats whether {@code occurred_at} takes every accepted format, or the canonical one only */
    PlannedEvents(LifecyclePlan plan, long seed, boolean mixedTimeFormats) {
        this.plan = plan;
        this.seed = seed;
        this.mixedTimeFormats = mixedTimeFormats;
        this.renderer = new EventRenderer(seed, this::clusterId);
    }

    /** {@code namespaces} generated namespaces of {@code organizations} organizations (the pipeline benchmark's). */
    static List<Namespace> namespaces(int namespaces, int organizations, long seed) {
        List<Namespace> generated = new ArrayList<>();
        for (int n = 0; n < namespaces; n++) {
            generated.add(new Namespace("ns_" + hex(mix(SALT_IDS ^ seed, 1_000_000_000L + n)).substring(0, 12),
                    "org_" + hex(mix(SALT_IDS ^ seed, 2_000_000_000L + n % organizations)).substring(0, 8)));
        }
        return generated;
    }

    String clusterId(int c) {
        return "clust_" + hex(mix(SALT_IDS ^ seed, c));
    }

    /** The id of the {@code n}th cluster that is never created. */
    String ghostId(long n) {
        return "clust_ghost_" + hex(mix(SALT_IDS ^ ~seed, n)).substring(0, 12);
    }

    private String eventId(int c, int ordinal) {
        return "evt_" + hex(mix(SALT_EVENT ^ seed, (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + ordinal));
    }

    private String taskId(int c, int cycle) {
        return "task_" + hex(mix(SALT_EVENT ^ ~seed, (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + cycle));
    }

    /** Event {@code j} of a cluster's {@code life}, as its envelope with {@code data}. */
    ObjectNode event(LifecyclePlan.Plan life, int j) {
        int c = life.cluster;
        byte type = life.types[j];
        long event = (long) c * (MAX_EVENTS_PER_CLUSTER + 1) + j;
        Instant time = STREAM_START.plusMillis(life.times[j]);
        ObjectNode node = EventRenderer.envelope(eventId(c, j), TYPE_NAMES[type], clusterId(c), plan.namespaceOf(c),
                life.sequences[j], EventRenderer.occurredAt(time, mixedTimeFormats
                        ? EventRenderer.mixedFormat(new SplittableRandom(mix(SALT_FORMAT ^ seed, event)))
                        : TimeFormat.CANONICAL));
        SplittableRandom random = new SplittableRandom(mix(SALT_EVENT ^ seed ^ 0x5bd1e995L, event));
        ObjectNode data = node.putObject("data");
        switch (type) {
            case CREATED -> renderer.creation(c, data);
            case UPDATED -> EventRenderer.patch(random, data);
            case STARTED -> EventRenderer.started(random, taskId(c, life.cycleNumbers[j]), data);
            case COMPLETED -> renderer.completion(random, c, taskId(c, life.cycleNumbers[j]),
                    life.times[j] - life.times[j - 1], data);
            case FAILED -> EventRenderer.failed(random, taskId(c, life.cycleNumbers[j]), data);
            case CANCELED -> EventRenderer.canceled(random, taskId(c, life.cycleNumbers[j]), data);
            case DELETED -> EventRenderer.deleted(random, data);
            default -> throw new IllegalStateException("type " + type);
        }
        return node;
    }

    /** Cluster {@code c} after its events up to ordinal {@code last} (-1: none yet). */
    Target stateAfter(int c, int last) {
        if (last < 0) {
            return new Target(c, clusterId(c), plan.namespaceOf(c), false, 0, null, null, 0,
                    EventRenderer.occurredAt(STREAM_START, TimeFormat.CANONICAL));
        }
        LifecyclePlan.Plan life = plan.plan(c);
        String task = null;
        String previous = null;
        int started = 0;
        for (int j = 0; j <= last; j++) {
            if (life.types[j] == CREATED) {
                task = null;
                previous = null;
                started = 0;
            } else if (life.types[j] == STARTED) {
                previous = task;
                task = taskId(c, life.cycleNumbers[j]);
                started++;
            }
        }
        return new Target(c, clusterId(c), plan.namespaceOf(c), life.types[last] != DELETED, life.sequences[last],
                task, previous, started,
                EventRenderer.occurredAt(STREAM_START.plusMillis(life.times[last] + 1000), TimeFormat.CANONICAL));
    }

    /** The {@code data} of cluster {@code c}'s creation. */
    ObjectNode creation(int c) {
        ObjectNode data = Json.NODES.objectNode();
        renderer.creation(c, data);
        return data;
    }

    /** The {@code data} of a completion of {@code task} of cluster {@code c}, a minute after it started. */
    ObjectNode completion(SplittableRandom random, int c, String task) {
        ObjectNode data = Json.NODES.objectNode();
        renderer.completion(random, c, task, 60_000, data);
        return data;
    }
}
