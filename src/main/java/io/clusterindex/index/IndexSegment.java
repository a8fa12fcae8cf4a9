package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.FieldShape;
import io.clusterindex.fold.ClusterField;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters of one (organization, namespace) in one partition, as columns: {@code cluster_id}, every scalar
 * top-level field, and one column per key of {@code metadata}. Object and array fields other than {@code metadata}
 * are not held; a query that needs them is left to the full scan.
 *
 * <p>Rows are versions: an update appends a row and marks the previous one dead at the new version, and a reader
 * sees exactly the rows alive at the version it started at ({@link #snapshot}), so a query never sees a cluster
 * twice or not at all while updates keep coming. One writer at a time (whoever holds its {@link IndexPartition}'s
 * lock); readers never block it.
 */
final class IndexSegment {
    private static final long ALIVE = Long.MAX_VALUE;
    private static final String METADATA = ClusterField.METADATA.wireName();

    /** What a reader may see: rows below {@code rows}, alive at {@code version}; {@code dead} of them are not. */
    record Snapshot(int rows, long version, int dead) {
    }

    final String organizationId;
    final String namespaceId;
    /** The fields held in a {@link DictColumn}, and those held in a {@link TimestampColumn}. */
    private static final ClusterField[] SCALAR_FIELDS = Arrays.stream(ClusterField.values())
            .filter(field -> holds(field) && !field.isTimestamp()).toArray(ClusterField[]::new);
    private static final ClusterField[] TIMESTAMP_FIELDS = Arrays.stream(ClusterField.values())
            .filter(field -> holds(field) && field.isTimestamp()).toArray(ClusterField[]::new);
    /** By field ordinal, its position in {@link #SCALAR_FIELDS} or {@link #TIMESTAMP_FIELDS}; -1 when in neither. */
    private static final int[] COLUMN_OF = new int[ClusterField.values().length];

    static {
        Arrays.fill(COLUMN_OF, -1);
        for (int i = 0; i < SCALAR_FIELDS.length; i++) {
            COLUMN_OF[SCALAR_FIELDS[i].ordinal()] = i;
        }
        for (int i = 0; i < TIMESTAMP_FIELDS.length; i++) {
            COLUMN_OF[TIMESTAMP_FIELDS[i].ordinal()] = i;
        }
    }

    /**
     * The columns of {@link #SCALAR_FIELDS} and {@link #TIMESTAMP_FIELDS}, in their order (arrays, not maps: the
     * writer walks them for every row, and an {@code EnumMap}'s entries are made as it is walked).
     */
    private final DictColumn[] scalars = new DictColumn[SCALAR_FIELDS.length];
    private final TimestampColumn[] timestamps = new TimestampColumn[TIMESTAMP_FIELDS.length];
    private final Map<String, DictColumn> metadata = new ConcurrentHashMap<>();
    /** {@code cluster_id}: ids, their folded forms, id numbers and trigrams. */
    private final IdColumn ids;
    private volatile long[] sequences;
    private volatile long[] died;
    private volatile Snapshot published = new Snapshot(0, 0, 0);
    /** Set once a cluster could not be represented; queries then use the full scan. */
    private volatile boolean irregular;
    private final int dedupProbeRows;
    /** Writer: set by the first {@link #settle}. */
    private boolean settled;
    private int rows;
    private int live;
    private int capacity;

    IndexSegment(String organizationId, String namespaceId, int capacity, int dedupProbeRows) {
        this(organizationId, namespaceId, capacity, dedupProbeRows, new IdColumn(Math.max(16, capacity)));
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] = new DictColumn(this.capacity, dedupProbeRows);
        }
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = new TimestampColumn(this.capacity);
        }
    }

    /** A segment without columns yet (a compaction fills them) whose {@code cluster_id} column is {@code ids}. */
    private IndexSegment(String organizationId, String namespaceId, int capacity, int dedupProbeRows, IdColumn ids) {
        this.dedupProbeRows = dedupProbeRows;
        this.organizationId = organizationId;
        this.namespaceId = namespaceId;
        this.capacity = Math.max(16, capacity);
        this.ids = ids;
        sequences = new long[this.capacity];
        died = new long[this.capacity];
    }

    /**
     * An estimate of the bytes this segment holds: its row arrays, one {@code cluster_id} string (and its folded
     * form) per row written, and its columns. Any thread; reads only the arrays and counters published to readers.
     */
    long estimatedBytes() {
        long bytes = ids.estimatedBytes(published.rows()) + MemoryEstimate.longs(sequences.length)
                + MemoryEstimate.longs(died.length);
        for (DictColumn column : scalars) {
            bytes += column.estimatedBytes();
        }
        for (TimestampColumn column : timestamps) {
            bytes += column.estimatedBytes();
        }
        for (DictColumn column : metadata.values()) {
            bytes += column.estimatedBytes();
        }
        return bytes;
    }

    /** True for the fields this segment holds (beside {@code cluster_id} and {@code metadata}). */
    static boolean holds(ClusterField field) {
        return field != ClusterField.CLUSTER_ID && FieldShape.of(field) == FieldShape.SCALAR;
    }

    // ---- writer -------------------------------------------------------------------------------------------

    /**
     * Writer: appends {@code cluster} (not yet visible until {@link #publish}); returns its row. {@code previousRow}
     * is the row of the cluster's previous version in this segment, or -1; {@code previous} is that version's
     * document when the caller knows it (else null): a field whose value is the same in both is copied from the
     * previous row instead of being looked up again.
     */
    int append(String clusterId, long sequence, ObjectNode cluster, int previousRow, ObjectNode previous) {
        if (rows == capacity) {
            grow(capacity + (capacity >> 1));
        }
        ObjectNode known = previousRow >= 0 ? previous : null;
        int row = rows;
        ids.set(row, clusterId, previousRow);
        sequences[row] = sequence;
        died[row] = ALIVE;
        for (int i = 0; i < scalars.length; i++) {
            String name = SCALAR_FIELDS[i].wireName();
            JsonNode value = cluster.get(name);
            if (known != null && same(value, known.get(name))) {
                scalars[i].copy(row, previousRow);
            } else {
                scalars[i].set(row, value, previousRow);
            }
        }
        for (int i = 0; i < timestamps.length; i++) {
            String name = TIMESTAMP_FIELDS[i].wireName();
            JsonNode value = cluster.get(name);
            if (known != null && same(value, known.get(name))) {
                timestamps[i].copy(row, previousRow);
            } else if (!timestamps[i].set(row, value)) {
                irregular = true;
            }
        }
        JsonNode meta = cluster.get(METADATA);
        if (meta != null && meta.isObject()) {
            JsonNode knownMeta = known == null ? null : known.get(METADATA);
            boolean compare = knownMeta != null && knownMeta.isObject();
            for (Map.Entry<String, JsonNode> entry : meta.properties()) {
                DictColumn column = metadata.computeIfAbsent(entry.getKey(), key -> newMetadataColumn());
                if (compare && same(entry.getValue(), knownMeta.get(entry.getKey()))) {
                    column.copy(row, previousRow);
                } else {
                    column.set(row, entry.getValue(), previousRow);
                }
            }
        } else if (meta != null && !meta.isNull()) {
            irregular = true;
        }
        rows++;
        live++;
        return row;
    }

    /**
     * Writer: appends the cluster's next version, which is the version at {@code previousRow} with the {@code changes}
     * (new values of the only fields that may differ; {@code metadata} among them when it changed): the other
     * fields' codes are copied from that row, so nothing else is read or looked up.
     */
    int appendChanged(long sequence, int previousRow, Map<ClusterField, JsonNode> changes) {
        if (rows == capacity) {
            grow(capacity + (capacity >> 1));
        }
        int row = rows;
        ids.copy(row, previousRow);
        sequences[row] = sequence;
        died[row] = ALIVE;
        for (int i = 0; i < scalars.length; i++) {
            JsonNode value = changes.get(SCALAR_FIELDS[i]);
            if (value == null) {
                scalars[i].copy(row, previousRow);
            } else {
                scalars[i].set(row, value, previousRow);
            }
        }
        for (int i = 0; i < timestamps.length; i++) {
            JsonNode value = changes.get(TIMESTAMP_FIELDS[i]);
            if (value == null) {
                timestamps[i].copy(row, previousRow);
            } else if (!timestamps[i].set(row, value)) {
                irregular = true;
            }
        }
        JsonNode meta = changes.get(ClusterField.METADATA);
        if (meta == null) {
            for (DictColumn column : metadata.values()) {
                column.copyIfPresent(row, previousRow);
            }
        } else if (meta.isObject()) {
            for (Map.Entry<String, JsonNode> entry : meta.properties()) {
                metadata.computeIfAbsent(entry.getKey(), key -> newMetadataColumn()).set(row, entry.getValue(),
                        previousRow);
            }
        } else if (!meta.isNull()) {
            irregular = true;
        }
        rows++;
        live++;
        return row;
    }

    /** A column for a key first met now: settled at once when the segment is (it loads nothing more). */
    private DictColumn newMetadataColumn() {
        DictColumn column = new DictColumn(capacity, dedupProbeRows);
        if (settled) {
            column.settle();
        }
        return column;
    }

    private static boolean same(JsonNode value, JsonNode previous) {
        return value == previous || value != null && value.equals(previous);
    }

    /** Writer: the row stops being visible at {@code version}. */
    void kill(int row, long version) {
        died[row] = version;
        live--;
    }

    /** Writer: makes every change so far visible, as of {@code version} (every row killed so far died by then). */
    void publish(long version) {
        published = new Snapshot(rows, version, rows - live);
    }

    int liveRows() {
        return live;
    }

    int deadRows() {
        return rows - live;
    }

    /**
     * Writer: a new segment holding only the live rows (dead rows and the dictionary entries only they used are
     * dropped), with room for an eighth more; {@code moved} is told each cluster id and its new row.
     */
    IndexSegment compacted(RowMover moved) {
        return compacted(moved, 0);
    }

    /**
     * Writer: {@link #compacted(RowMover)} with room for {@code updates} more rows if that is more than an eighth:
     * the fold passes the dead rows it lets a segment take before it compacts again ({@link
     * ViewIndex#minDeadToCompact()}), so that a small segment's arrays and columns are not copied to grow them two or
     * three times on the way (each copy is garbage, and live data the collector copies too). A large segment, which
     * compacts once its dead rows reach half its live ones, keeps an eighth and grows once: room for all of them
     * would hold a third more memory in its row arrays.
     */
    IndexSegment compacted(RowMover moved, int updates) {
        int[] rowTo = new int[rows];
        int kept = 0;
        for (int row = 0; row < rows; row++) {
            rowTo[row] = died[row] == ALIVE ? kept++ : -1;
        }
        int capacity = Math.max(16, kept + Math.max(kept / 8, updates));
        IndexSegment copy = new IndexSegment(organizationId, namespaceId, capacity, dedupProbeRows,
                ids.compacted(rowTo, kept, capacity));
        String[] clusterIds = ids.ids();
        for (int row = 0; row < rows; row++) {
            int to = rowTo[row];
            if (to < 0) {
                continue;
            }
            copy.sequences[to] = sequences[row];
            copy.died[to] = ALIVE;
            moved.moved(clusterIds[row], copy, to);
        }
        copy.rows = kept;
        copy.live = kept;
        for (int i = 0; i < scalars.length; i++) {
            DictColumn compacted = scalars[i].compacted(rowTo, rows, copy.capacity);
            copy.scalars[i] = compacted != null ? compacted : new DictColumn(copy.capacity, dedupProbeRows);
        }
        for (int i = 0; i < timestamps.length; i++) {
            copy.timestamps[i] = timestamps[i].compacted(rowTo, rows, copy.capacity);
        }
        metadata.forEach((key, column) -> {
            DictColumn compacted = column.compacted(rowTo, rows, copy.capacity);
            if (compacted != null) {
                copy.metadata.put(key, compacted);
            }
        });
        copy.irregular = irregular;
        copy.settle();
        return copy;
    }

    /**
     * Writer: sorts every value and row so far into the columns' orders ({@link DictColumn#order},
     * {@link TimestampColumn#order}), so that no query meets an unsorted run.
     */
    void settle() {
        settled = true;
        for (DictColumn column : scalars) {
            column.settle();
        }
        for (TimestampColumn column : timestamps) {
            column.settle(rows);
        }
        for (DictColumn column : metadata.values()) {
            column.settle();
        }
    }

    /** Told where a live cluster went during {@link #compacted}. */
    interface RowMover {
        void moved(String clusterId, IndexSegment to, int row);
    }

    /**
     * Writer: gives back the room beyond the rows written and a sixteenth, in the rows' arrays and in the
     * dictionaries (once a partition is loaded, the index has grown by half its size at a time and would keep up to a
     * third of it unused).
     */
    void trim() {
        int target = Math.max(16, rows + rows / 16);
        if (target < capacity) {
            grow(target);
        }
        for (DictColumn column : scalars) {
            column.trimDictionary();
        }
        for (DictColumn column : metadata.values()) {
            column.trimDictionary();
        }
    }

    private void grow(int newCapacity) {
        for (DictColumn column : scalars) {
            column.grow(newCapacity);
        }
        for (TimestampColumn column : timestamps) {
            column.grow(newCapacity);
        }
        for (DictColumn column : metadata.values()) {
            column.grow(newCapacity);
        }
        ids.grow(newCapacity);
        sequences = Arrays.copyOf(sequences, newCapacity);
        died = Arrays.copyOf(died, newCapacity);
        capacity = newCapacity;
    }

    // ---- readers ------------------------------------------------------------------------------------------

    /** The state a query works on; read it before any column. */
    Snapshot snapshot() {
        return published;
    }

    boolean irregular() {
        return irregular;
    }

    /** Whether {@code row} (below the snapshot's rows) is alive at {@code version}. */
    long[] died() {
        return died;
    }

    String[] ids() {
        return ids.ids();
    }

    /** See {@link IdColumn#surrogates()}. */
    boolean surrogateIds() {
        return ids.surrogates();
    }

    /** See {@link IdColumn#verdicts}. */
    byte[] idVerdicts(Object condition) {
        return ids.verdicts(condition);
    }

    /** The trigram index of the folded {@code cluster_id}s, by id number ({@link #idNumbers()}). */
    TrigramIndex idTrigrams() {
        return ids.trigrams();
    }

    /** See {@link IdColumn#numbers()}. */
    int[] idNumbers() {
        return ids.numbers();
    }

    String[] foldedIds() {
        return ids.folded();
    }

    long[] sequences() {
        return sequences;
    }

    DictColumn scalar(ClusterField field) {
        int i = COLUMN_OF[field.ordinal()];
        return i < 0 || field.isTimestamp() ? null : scalars[i];
    }

    TimestampColumn timestamp(ClusterField field) {
        int i = COLUMN_OF[field.ordinal()];
        return i < 0 || !field.isTimestamp() ? null : timestamps[i];
    }

    /** The column of one {@code metadata} key, or null when no cluster of this segment ever had it. */
    DictColumn metadata(String key) {
        return metadata.get(key);
    }

    Iterable<DictColumn> metadataColumns() {
        return metadata.values();
    }
}
