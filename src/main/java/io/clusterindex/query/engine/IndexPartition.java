package io.clusterindex.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.view.ClusterField;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ViewIndex} of one {@code cluster-events} partition, written only by the stream thread that runs the
 * partition's fold task: loaded from the task's store when the task starts ({@link #upsert} per stored cluster,
 * then {@link #ready}), kept current by the fold, dropped when the task closes. Segments whose dead rows reach half
 * the number of their live ones are compacted on the way, so memory follows the live clusters.
 */
public final class IndexPartition {
    private static final Logger LOG = LoggerFactory.getLogger(IndexPartition.class);
    private static final String ORGANIZATION = ClusterField.ORGANIZATION_ID.wireName();
    private static final String NAMESPACE = ClusterField.NAMESPACE_ID.wireName();

    private record Tenant(String organizationId, String namespaceId) {
    }

    /** Where a cluster's current row is. */
    private static final class RowRef {
        IndexSegment segment;
        int row;

        RowRef(IndexSegment segment, int row) {
            this.segment = segment;
            this.row = row;
        }
    }

    private final ViewIndex index;
    private final int partition;
    private final Map<Tenant, IndexSegment> segments = new ConcurrentHashMap<>();
    private final Map<String, RowRef> rows = new HashMap<>();
    private long version;
    private volatile boolean broken;

    IndexPartition(ViewIndex index, int partition) {
        this.index = index;
        this.partition = partition;
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
        if (broken) {
            return;
        }
        try {
            apply(clusterId, sequence, cluster, previousSequence, previous);
        } catch (RuntimeException e) {
            broken = true;
            LOG.warn("view index of partition {} disabled (queries use the full scan): cluster {}: {}", partition,
                    clusterId, e.toString());
        }
    }

    /** The partition is fully loaded: queries may use it. */
    public void ready() {
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

    private void apply(String clusterId, long sequence, ObjectNode cluster, long previousSequence,
                       ObjectNode previous) {
        long at = ++version;
        RowRef ref = rows.get(clusterId);
        IndexSegment previousSegment = ref == null ? null : ref.segment;
        if (ref != null) {
            previousSegment.kill(ref.row, at);
        }
        IndexSegment target = null;
        if (cluster == null) {
            rows.remove(clusterId);
        } else {
            Tenant tenant = new Tenant(text(cluster, ORGANIZATION), text(cluster, NAMESPACE));
            target = segments.computeIfAbsent(tenant,
                    t -> new IndexSegment(t.organizationId(), t.namespaceId(), 16, index.dedupProbeRows()));
            int previousRow = previousSegment == target ? ref.row : -1;
            boolean same = previousRow >= 0 && previous != null && target.sequences()[previousRow] == previousSequence;
            int row = target.append(clusterId, sequence, cluster, previousRow, same ? previous : null);
            if (ref == null) {
                rows.put(clusterId, new RowRef(target, row));
            } else {
                ref.segment = target;
                ref.row = row;
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

    private void compactIfSparse(IndexSegment segment, long at) {
        if (segment.deadRows() < Math.max(index.minDeadToCompact(), segment.liveRows() / 2)) {
            return;
        }
        IndexSegment compacted = segment.compacted((clusterId, to, row) -> {
            RowRef ref = rows.get(clusterId);
            ref.segment = to;
            ref.row = row;
        });
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
