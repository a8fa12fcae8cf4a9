package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.FieldShape;
import io.clusterindex.filter.Fold;
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
    /** Per search term, whether each id number's folded {@code cluster_id} contains it (ids never change). */
    private final Map<Object, byte[]> idVerdicts = new ConcurrentHashMap<>();
    /**
     * Posting lists of the folded {@code cluster_id}s' trigrams, by id number: a cluster's number is given when it
     * first comes to the segment and kept by its later versions' rows ({@link #idNumbers}), so an update posts
     * nothing. A compaction keeps the index (the same object, shared with the old segment: numbers mean the same in
     * both) unless a fair share of its numbers no longer has a row, when the numbers are packed in their order.
     */
    private final TrigramIndex idTrigrams;
    /** By row, the id number of the row's {@code cluster_id}, below {@link #idNumberCount}. */
    private volatile int[] idNumbers;
    /** Id numbers given so far; written before the rows holding them are published. */
    private volatile int idNumberCount;
    private volatile String[] ids;
    /** Whether some id holds a surrogate, so that ids must be compared by code point rather than by UTF-16 unit. */
    private volatile boolean surrogateIds;
    /** {@code cluster_id} folded for search (the same instance when folding changes nothing). */
    private volatile String[] foldedIds;
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
        this(organizationId, namespaceId, capacity, dedupProbeRows, new TrigramIndex(0));
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] = new DictColumn(this.capacity, dedupProbeRows);
        }
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = new TimestampColumn(this.capacity);
        }
    }

    /** A segment without columns yet (a compaction fills them) whose {@code cluster_id} trigrams are {@code idTrigrams}. */
    private IndexSegment(String organizationId, String namespaceId, int capacity, int dedupProbeRows,
                         TrigramIndex idTrigrams) {
        this.dedupProbeRows = dedupProbeRows;
        this.organizationId = organizationId;
        this.namespaceId = namespaceId;
        this.capacity = Math.max(16, capacity);
        this.idTrigrams = idTrigrams;
        ids = new String[this.capacity];
        idNumbers = new int[this.capacity];
        foldedIds = new String[this.capacity];
        sequences = new long[this.capacity];
        died = new long[this.capacity];
    }

    /**
     * An estimate of the bytes this segment holds: its row arrays, one {@code cluster_id} string (and its folded
     * form) per row written, and its columns. Any thread; reads only the arrays and counters published to readers.
     */
    long estimatedBytes() {
        long bytes = MemoryEstimate.references(ids.length) + MemoryEstimate.references(foldedIds.length)
                + MemoryEstimate.ints(idNumbers.length)
                + MemoryEstimate.longs(sequences.length) + MemoryEstimate.longs(died.length)
                + (long) published.rows() * MemoryEstimate.ID_BYTES + idTrigrams.estimatedBytes();
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
        if (previousRow >= 0 && clusterId.equals(ids[previousRow])) {
            // the same strings and id number as the previous version's row: the dead row until compaction shares them
            ids[row] = ids[previousRow];
            foldedIds[row] = foldedIds[previousRow];
            idNumbers[row] = idNumbers[previousRow];
        } else {
            ids[row] = clusterId;
            foldedIds[row] = Fold.fold(clusterId);
            if (!surrogateIds && CodePoints.hasSurrogate(clusterId)) {
                surrogateIds = true;
            }
            idNumbers[row] = idTrigrams.nextId();
            idTrigrams.add(foldedIds[row]);
            idNumberCount = idTrigrams.nextId();
        }
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
        ids[row] = ids[previousRow];
        foldedIds[row] = foldedIds[previousRow];
        idNumbers[row] = idNumbers[previousRow];
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
        int[] numberTo = packedIdNumbers(rowTo);
        int numbers = numberTo == null ? idTrigrams.nextId() : kept;
        IndexSegment copy = new IndexSegment(organizationId, namespaceId, kept + Math.max(kept / 8, updates),
                dedupProbeRows,
                numberTo == null ? idTrigrams : idTrigrams.remapped(numberTo, numbers));
        copy.idNumberCount = numbers;
        for (int row = 0; row < rows; row++) {
            int to = rowTo[row];
            if (to < 0) {
                continue;
            }
            copy.ids[to] = ids[row];
            copy.foldedIds[to] = foldedIds[row];
            copy.idNumbers[to] = numberTo == null ? idNumbers[row] : numberTo[idNumbers[row]];
            copy.sequences[to] = sequences[row];
            copy.died[to] = ALIVE;
            moved.moved(ids[row], copy, to);
        }
        copy.rows = kept;
        copy.live = kept;
        copy.surrogateIds = surrogateIds;
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
     * Writer: for a compaction keeping the rows {@code rowTo} keeps, the id numbers packed in their order
     * ({@code numberTo[number]}: the new number, or -1 when no kept row holds it), or null when at most a quarter of
     * the numbers would go (then the numbers and their trigram index stay as they are).
     */
    private int[] packedIdNumbers(int[] rowTo) {
        int[] numberTo = new int[idTrigrams.nextId()];
        int used = 0;
        for (int row = 0; row < rowTo.length; row++) {
            if (rowTo[row] >= 0 && numberTo[idNumbers[row]] == 0) {
                numberTo[idNumbers[row]] = 1;
                used++;
            }
        }
        if (numberTo.length - used <= used / 4) {
            return null;
        }
        int next = 0;
        for (int number = 0; number < numberTo.length; number++) {
            numberTo[number] = numberTo[number] == 0 ? -1 : next++;
        }
        return numberTo;
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
        ids = Arrays.copyOf(ids, newCapacity);
        idNumbers = Arrays.copyOf(idNumbers, newCapacity);
        foldedIds = Arrays.copyOf(foldedIds, newCapacity);
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
        return ids;
    }

    /**
     * False while no id appended holds a surrogate: {@link String#compareTo} then orders ids as {@link
     * CodePoints#compare} does (the two differ only where a surrogate meets a character above it), and faster. Set
     * before the row is published, so a reader that took its snapshot first sees it for every row of the snapshot.
     */
    boolean surrogateIds() {
        return surrogateIds;
    }

    /**
     * Reader: the cached verdicts of a condition on {@code cluster_id} by id number (0 unknown, 1 false, 2 true), at
     * least as long as the numbers given when called (so read after the snapshot, it covers the snapshot's rows):
     * made that long, and grown by half when clusters came since; filled by readers as they go (same values from any
     * thread).
     */
    byte[] idVerdicts(Object condition) {
        int numbers = idNumberCount;
        byte[] known = idVerdicts.get(condition);
        return DictColumn.cachedVerdicts(idVerdicts, condition, known == null || known.length >= numbers ? numbers
                : numbers + (numbers >> 1));
    }

    /** The trigram index of the folded {@code cluster_id}s, by id number ({@link #idNumbers()}). */
    TrigramIndex idTrigrams() {
        return idTrigrams;
    }

    /**
     * By row, the id number of its {@code cluster_id} in {@link #idTrigrams()} and {@link #idVerdicts}; read it after
     * the snapshot.
     */
    int[] idNumbers() {
        return idNumbers;
    }

    String[] foldedIds() {
        return foldedIds;
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
