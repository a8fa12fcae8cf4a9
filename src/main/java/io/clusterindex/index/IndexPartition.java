package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ViewIndex} of one {@code cluster-events} partition: loaded from the task's store when the partition's
 * fold task starts ({@link #upsert} per stored cluster, then {@link #ready}), kept current by the fold, dropped when
 * the task closes. Segments whose dead rows reach half the number of their live ones are compacted on the way, so
 * memory follows the live clusters.
 *
 * <p>The fold does not update the index itself: it hands each applied event over ({@link #enqueue}), and the
 * updates are applied in order, one thread at a time (this object's lock), by the index's background writer, by a
 * query before it reads ({@link #catchUp}, so that a query sees every event handed over before it started), or by
 * the stream thread itself once more than {@link #MAX_BACKLOG} wait. This keeps about a fifth of the stream
 * thread's work off it while the index answers exactly as if the fold had updated it.
 */
public final class IndexPartition {
    private static final Logger LOG = LoggerFactory.getLogger(IndexPartition.class);
    private static final String ORGANIZATION = ClusterField.ORGANIZATION_ID.wireName();
    private static final String NAMESPACE = ClusterField.NAMESPACE_ID.wireName();

    private record Tenant(String organizationId, String namespaceId) {
    }

    /**
     * Updates waiting in this partition beyond which the stream thread applies them itself: bounds memory (each holds
     * the new and the previous document) if the writer lags.
     */
    static final int MAX_BACKLOG = 20_000;
    /** {@link #compactWhileIdle} compacts a segment whose dead rows reach this share (1/n) of its live ones. */
    static final int IDLE_DEAD_SHARE = 16;

    /** An applied event handed over by the fold; see {@link #upsert(String, ClusterState, ClusterState, Map)}. */
    private record Update(String clusterId, ClusterState state, ClusterState previous, Map<ClusterField, JsonNode> changes) {
    }

    private final ViewIndex index;
    private final int partition;
    private final ConcurrentLinkedQueue<Update> queued = new ConcurrentLinkedQueue<>();
    private final AtomicLong handedOver = new AtomicLong();
    /** Updates applied so far; written under this object's lock. */
    private volatile long applied;
    private final Map<Tenant, IndexSegment> segments = new ConcurrentHashMap<>();
    private final RowTable rows = new RowTable();
    private long version;
    private volatile boolean broken;
    /** Writer: set once {@link #ready}; segments made later start settled. */
    private boolean loaded;
    private final long openedAt = System.nanoTime();

    IndexPartition(ViewIndex index, int partition) {
        this.index = index;
        this.partition = partition;
    }

    /** When this partition started loading ({@link System#nanoTime}). */
    long openedAt() {
        return openedAt;
    }

    /**
     * An estimate of the bytes this partition's index holds (its segments, and an entry per cluster in the map of
     * rows). Any thread: the count of rows may be a moment old.
     */
    long estimatedBytes() {
        long bytes = rows.estimatedBytes();
        for (IndexSegment segment : segments.values()) {
            bytes += segment.estimatedBytes();
        }
        return bytes;
    }

    public int partition() {
        return partition;
    }

    /**
     * The cluster's new state: its view document, or null once deleted. Never throws: a cluster the index cannot
     * represent leaves this partition's queries to the full scan.
     */
    public void upsert(String clusterId, long sequence, ObjectNode cluster) {
        upsert(clusterId, sequence, cluster, 0, null);
    }

    /**
     * As {@link #upsert(String, long, ObjectNode)}, told the version the fold started from ({@code previous}, the
     * document of {@code previousSequence}, or null): the fields it shares with {@code cluster} are copied from
     * the index's row of that version when the index holds exactly that version, which saves looking them up.
     */
    public void upsert(String clusterId, long sequence, ObjectNode cluster, long previousSequence,
                       ObjectNode previous) {
        upsert(clusterId, new ClusterState(sequence, cluster),
                previous == null ? null : new ClusterState(previousSequence, previous), null);
    }

    /**
     * The cluster went from {@code previous} (null: unknown to the fold) to {@code state}; {@code changes}, when not
     * null, are the new values of the only fields that may differ between them: when the index holds exactly {@code
     * previous}'s version, the row of {@code state} is that row with these values, and no tree is needed. Otherwise
     * the state's tree is parsed here (on the caller's thread) and the row written from it.
     */
    public synchronized void upsert(String clusterId, ClusterState state, ClusterState previous,
                                    Map<ClusterField, JsonNode> changes) {
        catchUp();
        applySafely(clusterId, state, previous, changes);
    }

    /**
     * Hands an applied event over, to be applied as {@link #upsert(String, ClusterState, ClusterState, Map)} would:
     * by the background writer, the next query, or this thread once the backlog is full. The states must not change
     * afterwards (the fold's states never do); parsing their JSON into trees is left to whoever applies them.
     */
    public void enqueue(String clusterId, ClusterState state, ClusterState previous, Map<ClusterField, JsonNode> changes) {
        queued.add(new Update(clusterId, state, previous, changes));
        if (handedOver.incrementAndGet() - applied > MAX_BACKLOG) {
            catchUp();
        } else {
            index.handedOver();
        }
    }

    /** The sequence of {@code clusterId} as the index holds it now (0 when absent), for tests. */
    synchronized long sequenceOf(String clusterId) {
        int slot = rows.find(clusterId);
        return slot < 0 ? 0 : rows.segment(slot).sequences()[rows.row(slot)];
    }

    /** Whether updates handed over wait to be applied. */
    boolean behind() {
        return applied < handedOver.get();
    }

    /** Applies every update handed over before this call (and perhaps a few more); returns how many it applied. */
    public int catchUp() {
        long target = handedOver.get();
        if (applied >= target) {
            return 0;
        }
        synchronized (this) {
            int count = 0;
            while (applied < target) {
                Update update = queued.poll();
                if (update == null) {
                    break;
                }
                try {
                    applySafely(update.clusterId, update.state, update.previous, update.changes);
                } finally {
                    applied++;
                }
                count++;
            }
            return count;
        }
    }

    private void applySafely(String clusterId, ClusterState state, ClusterState previous, Map<ClusterField, JsonNode> changes) {
        if (broken) {
            return;
        }
        try {
            apply(clusterId, state, previous == null || !previous.isLive() ? null : previous, changes);
        } catch (RuntimeException | Error e) {
            // an update the index could not take leaves it incomplete: queries must not use it any more
            broken = true;
            LOG.warn("view index of partition {} disabled (queries use the full scan): cluster {}: {}", partition,
                    clusterId, e.toString());
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /**
     * The partition is fully loaded: sorts what the load left unsorted in the columns' orders (so that the first
     * query finds everything built), gives back the room the segments grew beyond their rows, then lets queries use
     * it.
     */
    public void ready() {
        synchronized (this) {
            catchUp();
            segments.values().forEach(IndexSegment::settle);
            segments.values().forEach(IndexSegment::trim);
            loaded = true;
        }
        index.ready(this);
    }

    /** The task closed: queries may no longer use this partition. */
    public void close() {
        index.closed(this);
    }

    boolean broken() {
        return broken;
    }

    IndexSegment segment(String organizationId, String namespaceId) {
        return segments.get(new Tenant(organizationId, namespaceId));
    }

    /** {@code previous}: the live state the fold started from, or null. */
    private void apply(String clusterId, ClusterState state, ClusterState previous, Map<ClusterField, JsonNode> changes) {
        long sequence = state.sequence();
        long previousSequence = previous == null ? 0 : previous.sequence();
        long at = ++version;
        int slot = rows.find(clusterId);
        IndexSegment previousSegment = slot < 0 ? null : rows.segment(slot);
        int previousSegmentRow = slot < 0 ? -1 : rows.row(slot);
        if (slot >= 0) {
            if (previous != null && previousSegment.sequences()[previousSegmentRow] == previousSequence) {
                index.superseded(clusterId, previous);
            }
            previousSegment.kill(previousSegmentRow, at);
        }
        IndexSegment target = null;
        if (!state.isLive()) {
            if (slot >= 0) {
                rows.remove(slot);
            }
        } else {
            // a state the fold made with known changes has its header; the tree is parsed only when it must be read
            ObjectNode cluster = changes == null ? state.cluster() : null;
            Tenant tenant = cluster != null ? new Tenant(text(cluster, ORGANIZATION), text(cluster, NAMESPACE))
                    : new Tenant(state.header().organizationId(), state.header().namespaceId());
            target = segments.computeIfAbsent(tenant, this::newSegment);
            int previousRow = previousSegment == target ? previousSegmentRow : -1;
            boolean same = previousRow >= 0 && previous != null && target.sequences()[previousRow] == previousSequence;
            int row;
            if (same && changes != null) {
                row = target.appendChanged(sequence, previousRow, changes);
            } else {
                row = target.append(clusterId, sequence, cluster != null ? cluster : state.cluster(), previousRow,
                        same ? previous.clusterIfParsed() : null);
            }
            if (slot < 0) {
                rows.add(clusterId, target, row);
            } else {
                rows.set(slot, target, row);
            }
            target.publish(at);
        }
        if (previousSegment != null && previousSegment != target) {
            previousSegment.publish(at);
            compactIfSparse(previousSegment, at);
        }
        if (target != null) {
            compactIfSparse(target, at);
        }
    }

    /** A segment for a tenant first met now: settled at once once this partition has loaded. */
    private IndexSegment newSegment(Tenant tenant) {
        IndexSegment segment = new IndexSegment(tenant.organizationId(), tenant.namespaceId(), 16,
                index.dedupProbeRows());
        if (loaded) {
            segment.settle();
        }
        return segment;
    }

    private void compactIfSparse(IndexSegment segment, long at) {
        if (segment.deadRows() < Math.max(index.minDeadToCompact(), segment.liveRows() / 2)) {
            return;
        }
        // room for the dead rows a small segment takes before its next compaction (a large one keeps an eighth)
        compact(segment, at, index.minDeadToCompact());
    }

    /**
     * Background writer, while no update waits: compacts one segment that holds at least a {@link #IDLE_DEAD_SHARE}th
     * as many dead rows as live ones (and {@link ViewIndex#minDeadToCompact()} / {@link #IDLE_DEAD_SHARE}); returns
     * whether it did. Between the fold's compactions (at half as many dead as live) every scan, bit set and stats pass
     * covers up to 1.5 rows per cluster; a quiet moment brings that back to one.
     */
    boolean compactWhileIdle() {
        if (broken || behind()) {
            return false;
        }
        synchronized (this) {
            if (!loaded || broken) {
                return false;
            }
            for (IndexSegment segment : segments.values()) {
                int dead = segment.deadRows();
                if (dead > 0 && dead >= Math.max(index.minDeadToCompact(), segment.liveRows()) / IDLE_DEAD_SHARE) {
                    compact(segment, version, 0);
                    return true;
                }
            }
            return false;
        }
    }

    /** Compacts {@code segment} with room for {@code updates} rows ({@link IndexSegment#compacted(IndexSegment.RowMover, int)}). */
    private void compact(IndexSegment segment, long at, int updates) {
        IndexSegment compacted = segment.compacted((clusterId, to, row) -> rows.set(rows.find(clusterId), to, row),
                updates);
        compacted.publish(at);
        segments.put(new Tenant(segment.organizationId, segment.namespaceId), compacted);
    }

    private static String text(ObjectNode cluster, String field) {
        JsonNode value = cluster.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.textValue();
    }
}
