package io.clusterindex.index;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.ViewDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An in-memory, columnar projection of this instance's part of the view, per partition and per (organization,
 * namespace), maintained by the fold processor and rebuilt from the local store whenever a fold task starts. It
 * answers list queries without reading or parsing stored JSON: only the documents of the page are read from the
 * store, and the answer is checked against them (a page cluster that changed meanwhile is taken at the snapshot's
 * version from the documents the index replaced lately, or else makes the query run again on a newer snapshot).
 */
public final class ViewIndex {
    /** Snapshots tried before the caller is told to use the full scan (the namespace is changing too fast). */
    static final int ATTEMPTS = 3;

    private static final int MIN_DEAD_TO_COMPACT = 4096;
    /** The background writer's pause between catch-ups when there was little to do. */
    private static final long WRITER_PAUSE_NANOS = 1_000_000;
    /** A catch-up at least this large is followed by the next at once. */
    private static final int WRITER_BUSY_BATCH = 512;
    /** The background writer ends after this long without work; the next hand-over starts it again. */
    private static final long WRITER_IDLE_NANOS = 2_000_000_000L;
    /** How long no update must have come before the writer compacts sparse segments ({@link #compactOneWhileIdle}). */
    private static final long COMPACT_AFTER_IDLE_NANOS = 300_000_000L;

    private final Map<Integer, IndexPartition> loaded = new ConcurrentHashMap<>();
    private final SupersededDocuments superseded = new SupersededDocuments();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final LongAdder rebuilds = new LongAdder();
    private final LongAdder rebuildNanos = new LongAdder();
    private final SpareCores spareCores = SpareCores.ofMachine();
    private final boolean backgroundWriter;
    private final int minDeadToCompact;
    private final int dedupProbeRows;

    public ViewIndex() {
        this(MIN_DEAD_TO_COMPACT, DictColumn.DEDUP_PROBE_ROWS);
    }

    /**
     * @param minDeadToCompact dead rows a segment may hold before it is compacted (if also more than live)
     * @param dedupProbeRows   rows after which a column of mostly distinct values stops deduplicating
     */
    ViewIndex(int minDeadToCompact, int dedupProbeRows) {
        this(minDeadToCompact, dedupProbeRows, true);
    }

    /** As above; without {@code backgroundWriter}, updates handed over wait for a query or the backlog limit. */
    ViewIndex(int minDeadToCompact, int dedupProbeRows, boolean backgroundWriter) {
        this.minDeadToCompact = minDeadToCompact;
        this.dedupProbeRows = dedupProbeRows;
        this.backgroundWriter = backgroundWriter;
    }

    int dedupProbeRows() {
        return dedupProbeRows;
    }

    int minDeadToCompact() {
        return minDeadToCompact;
    }

    /** Starts (re)loading {@code partition}; queries ignore it until {@link IndexPartition#ready}. */
    public IndexPartition open(int partition) {
        loaded.remove(partition);
        return new IndexPartition(this, partition);
    }

    void ready(IndexPartition partition) {
        loaded.put(partition.partition(), partition);
        rebuildNanos.add(System.nanoTime() - partition.openedAt());
        rebuilds.increment();
    }

    /** How many partitions were loaded (rebuilt from the local store when their fold task started) so far. */
    public long rebuildCount() {
        return rebuilds.sum();
    }

    /** How long those loads took together, from {@link #open} to {@link IndexPartition#ready}, in nanoseconds. */
    public long rebuildNanos() {
        return rebuildNanos.sum();
    }

    /**
     * An estimate of the heap the loaded partitions hold, in bytes: row arrays, columns, dictionaries and an
     * allowance per {@code cluster_id}; not the caches of condition verdicts and sort ranks (at most
     * {@link DictColumn#MAX_CACHED_BYTES} each per column), nor updates waiting for the background writer. Cheap
     * (no row is read) and callable from any thread.
     */
    public long estimatedBytes() {
        long bytes = 0;
        for (IndexPartition partition : loaded.values()) {
            bytes += partition.estimatedBytes();
        }
        return bytes;
    }

    void closed(IndexPartition partition) {
        loaded.remove(partition.partition(), partition);
    }

    /** A fold handed an update over ({@link IndexPartition#enqueue}): makes sure the background writer runs. */
    void handedOver() {
        if (backgroundWriter && !writing.get() && writing.compareAndSet(false, true)) {
            Thread writer = new Thread(this::write, "view-index-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Compacts one sparse segment of a loaded partition ({@link IndexPartition#compactWhileIdle}); whether it did. */
    private boolean compactOneWhileIdle() {
        for (IndexPartition partition : loaded.values()) {
            if (partition.compactWhileIdle()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The background writer: catches every loaded partition up, pausing a millisecond between rounds unless there
     * was much to do, and ends once idle for a while (checking, after it said so, that no hand-over slipped in).
     */
    private void write() {
        boolean endedIdle = false;
        try {
            long idleSince = System.nanoTime();
            while (!endedIdle) {
                int applied = 0;
                for (IndexPartition partition : loaded.values()) {
                    applied += partition.catchUp();
                }
                long now = System.nanoTime();
                if (applied > 0) {
                    idleSince = now;
                } else if (now - idleSince > COMPACT_AFTER_IDLE_NANOS && compactOneWhileIdle()) {
                    // more segments may wait: ask again at once; the writer ends only after a round with none
                    idleSince = System.nanoTime() - COMPACT_AFTER_IDLE_NANOS;
                    continue;
                } else if (now - idleSince > WRITER_IDLE_NANOS) {
                    writing.set(false);
                    endedIdle = loaded.values().stream().noneMatch(IndexPartition::behind)
                            || !writing.compareAndSet(false, true);
                    idleSince = now;
                }
                if (!endedIdle && applied < WRITER_BUSY_BATCH) {
                    LockSupport.parkNanos(WRITER_PAUSE_NANOS);
                }
            }
        } finally {
            if (!endedIdle) {
                writing.set(false);
            }
        }
    }

    /** The partitions that queries can use now. */
    public Set<Integer> loadedPartitions() {
        return new TreeSet<>(loaded.keySet());
    }

    /**
     * Whether answering {@code query} runs a regex over every distinct value of a field: it holds a regex condition
     * whose pattern the trigram index cannot narrow (no run of three characters that a match must contain, such as
     * {@code ^(([a-z])+.)+[A-Z]}). At a million clusters such a query costs seconds, where others cost milliseconds.
     */
    public static boolean evaluatesEveryValue(ListQuery query) {
        return TextConditions.hasUnnarrowedRegex(query.filter());
    }

    /**
     * Runs {@code query} over the clusters of one organization's namespace in {@code partitions} (all of them must
     * be loaded); {@code store} gives a cluster's stored state by id, for the documents of the page. The page is
     * exactly the one {@link io.clusterindex.engine.ListEngine} over the same clusters gives; not served
     * {@link FailureReason#INDEX_LOADING} while some of {@code partitions} are not loaded (their task is starting or
     * restoring), or {@link FailureReason#NOT_INDEXED} when the index cannot answer the query exactly (then the
     * caller uses the full scan).
     */
    public Answer<ListPage> list(ListQuery query, String organizationId, String namespaceId,
                                 Collection<Integer> partitions, Function<String, ClusterState> store) {
        return list(query, organizationId, namespaceId, partitions, store, false);
    }

    /**
     * {@link #list}; when {@code spread}, the partitions' segments are evaluated in parallel by this thread and the
     * helper threads idle now ({@link SpareCores}), one core each: for a query alone on the instance.
     */
    public Answer<ListPage> list(ListQuery query, String organizationId, String namespaceId,
                                 Collection<Integer> partitions, Function<String, ClusterState> store,
                                 boolean spread) {
        if (!IndexScan.supports(query)) {
            return Answer.notServed(FailureReason.NOT_INDEXED, "the query needs fields the index does not hold");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Answer<List<IndexScan>> scans = scans(organizationId, namespaceId, partitions);
            if (scans instanceof Answer.NotServed<List<IndexScan>> notServed) {
                return notServed.retyped();
            }
            ListPage page = run(query, ((Answer.Found<List<IndexScan>>) scans).value(), store, spread);
            if (page != null) {
                return Answer.found(page);
            }
        }
        return Answer.notServed(FailureReason.NOT_INDEXED, "the page kept changing during " + ATTEMPTS + " attempts");
    }

    /**
     * {@link #list} without the documents: the sort keys of the page's clusters with the sequence of the version
     * each matched at, read from one snapshot and nothing from the store. Whoever fetches the documents later checks
     * that they are still at those sequences.
     */
    public Answer<KeyPage> keys(ListQuery query, String organizationId, String namespaceId,
                                Collection<Integer> partitions) {
        return keys(query, organizationId, namespaceId, partitions, false);
    }

    /**
     * {@link #keys}, spread over the idle helpers as
     * {@link #list(ListQuery, String, String, Collection, Function, boolean)}.
     */
    public Answer<KeyPage> keys(ListQuery query, String organizationId, String namespaceId,
                                Collection<Integer> partitions, boolean spread) {
        if (!IndexScan.supports(query)) {
            return Answer.notServed(FailureReason.NOT_INDEXED, "the query needs fields the index does not hold");
        }
        return scans(organizationId, namespaceId, partitions).map(scans -> {
            Ranked ranked = ranked(query, scans, spread);
            List<KeyPage.PageKey> keys = new ArrayList<>();
            for (int i = query.offset(); i < ranked.hits.size() && i < query.offset() + query.limit(); i++) {
                IndexScan.Hit hit = ranked.hits.get(i);
                keys.add(new KeyPage.PageKey(hit.key(), hit.scan().sequence(hit.row()), null));
            }
            return new KeyPage(keys, ranked.stats.clusters, ranked.stats.toStats(), ranked.skipped(query));
        });
    }

    /** A snapshot of the namespace's segment in each of {@code partitions}, caught up; not served as in {@link #list}. */
    private Answer<List<IndexScan>> scans(String organizationId, String namespaceId, Collection<Integer> partitions) {
        List<IndexScan> scans = new ArrayList<>();
        SortedSet<Integer> missing = new TreeSet<>();
        for (int number : partitions) {
            IndexPartition partition = loaded.get(number);
            if (partition == null) {
                missing.add(number);
                continue;
            }
            partition.catchUp();
            IndexSegment segment = partition.segment(organizationId, namespaceId);
            if (partition.broken() || segment != null && segment.irregular()) {
                return Answer.notServed(FailureReason.NOT_INDEXED, "partition " + number
                        + " holds clusters the index cannot");
            }
            if (segment != null) {
                scans.add(new IndexScan(segment));
            }
        }
        if (!missing.isEmpty()) {
            return Answer.notServed(FailureReason.INDEX_LOADING, "the view of partitions " + missing
                    + " is loading", missing);
        }
        return Answer.found(scans);
    }

    /** The first {@code offset + limit} matches over every segment, in order, with their stats. */
    private record Ranked(List<IndexScan.Hit> hits, IndexScan.SegmentStats stats, long[] skippedByCursor) {
        long skipped(ListQuery query) {
            return query.after() == null ? query.offset() : skippedByCursor[0];
        }
    }

    /** What one segment contributes to {@link Ranked}. */
    private record SegmentResult(List<IndexScan.Hit> hits, IndexScan.SegmentStats stats, long skipped) {
    }

    /** {@link Ranked} of {@code scans}: each segment on its own ({@link SpareCores} when spread), then merged. */
    private Ranked ranked(ListQuery query, List<IndexScan> scans, boolean spread) {
        SortOrder order = SortOrder.of(query.sort());
        int keep = (int) Math.min(Integer.MAX_VALUE, (long) query.offset() + query.limit());
        SortKey after = query.after() == null ? null : query.after().key(order);
        SegmentResult[] results = new SegmentResult[scans.size()];
        spareCores.run(scans.size(), i -> {
            IndexScan scan = scans.get(i);
            long[] matches = scan.search(query.search(), scan.filter(query.filter(), scan.live()));
            IndexScan.SegmentStats stats = new IndexScan.SegmentStats();
            scan.addStats(matches, stats);
            long[] skipped = new long[1];
            results[i] = new SegmentResult(scan.top(matches, order, keep, after, skipped), stats, skipped[0]);
        }, spread);
        IndexScan.SegmentStats stats = new IndexScan.SegmentStats();
        List<IndexScan.Hit> hits = new ArrayList<>();
        long[] skipped = new long[1];
        for (SegmentResult result : results) {
            stats.add(result.stats());
            hits.addAll(result.hits());
            skipped[0] += result.skipped();
        }
        hits.sort((a, b) -> order.compare(a.key(), b.key()));
        return new Ranked(hits, stats, skipped);
    }

    /**
     * The page, or null when a page cluster is no longer the version the snapshot held and the index no longer
     * keeps that version ({@link SupersededDocuments}).
     */
    private ListPage run(ListQuery query, List<IndexScan> scans, Function<String, ClusterState> store,
                         boolean spread) {
        Ranked ranked = ranked(query, scans, spread);
        List<IndexScan.Hit> hits = ranked.hits;
        List<ViewDocument> results = new ArrayList<>();
        for (int i = query.offset(); i < hits.size() && i < query.offset() + query.limit(); i++) {
            IndexScan.Hit hit = hits.get(i);
            String clusterId = hit.scan().clusterId(hit.row());
            ViewDocument document = version(clusterId, hit.scan().sequence(hit.row()), store.apply(clusterId));
            if (document == null) {
                return null;
            }
            results.add(document);
        }
        return new ListPage(results, ranked.stats.clusters, ranked.stats.toStats(), ranked.skipped(query));
    }

    /**
     * The view document of the cluster's version {@code sequence}: {@code current}'s (its stored state) when it is
     * that version, else the one the index replaced lately, if it still keeps it; null when neither (the cluster
     * changed long ago or was never at that version).
     */
    public ViewDocument version(String clusterId, long sequence, ClusterState current) {
        if (current != null && current.isLive() && current.sequence() == sequence) {
            return current.document();
        }
        ViewDocument document = superseded.find(clusterId, sequence);
        if (document == null && loaded.values().stream().anyMatch(IndexPartition::behind)) {
            // the newer version is stored but may wait to be applied to the index, which keeps the older one then
            loaded.values().forEach(IndexPartition::catchUp);
            document = superseded.find(clusterId, sequence);
        }
        return document;
    }

    /** {@code document}, a version of the cluster, was just replaced in the index. */
    void superseded(String clusterId, ClusterState document) {
        superseded.add(clusterId, document);
    }
}
