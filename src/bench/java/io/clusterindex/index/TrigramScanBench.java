package io.clusterindex.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.filter.AllOf;
import io.clusterindex.filter.Filter;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Offline microbenchmark of the trigram index (not a test, not in the bench jar): one segment of
 * {@code clusters} (default 1,000,000) names like "Support tickets by topic #1234", then a new regex, a new
 * contains and a new search word every request, each timed with the exact per-value scan alone ("before") and
 * narrowed through the index ("after"), and the bytes the trigram indexes add per cluster. Run with
 * {@code java -Xmx4g -cp target/classes:target/test-classes:target/bench-lib/* io.clusterindex.index.TrigramScanBench}.
 */
public final class TrigramScanBench {
    private static final String[] SUBJECTS = {"support tickets", "product reviews", "chat transcripts",
        "bug reports", "news articles", "call notes", "survey answers", "invoices", "app store reviews",
        "incident reports", "job postings", "legal clauses"};
    private static final String[] ASPECTS = {"by topic", "by intent", "by sentiment", "by product area",
        "by root cause", "by language", "weekly themes", "escalations", "churn signals", "duplicates"};

    private TrigramScanBench() {
    }

    public static void main(String[] args) {
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        SplittableRandom random = new SplittableRandom(42);
        long heapBefore = usedHeap();
        IndexSegment segment = new IndexSegment("org", "ns", clusters, DictColumn.DEDUP_PROBE_ROWS);
        long start = System.nanoTime();
        for (int row = 0; row < clusters; row++) {
            ObjectNode cluster = Json.NODES.objectNode();
            String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
            cluster.put("cluster_name", Character.toUpperCase(subject.charAt(0)) + subject.substring(1) + " "
                    + ASPECTS[random.nextInt(ASPECTS.length)] + " #" + random.nextInt(1, 10_000));
            cluster.put("algorithm", random.nextBoolean() ? "hdbscan" : "kmeans");
            cluster.putObject("metadata").put("team", "team-" + random.nextInt(20));
            segment.append(new UUID(random.nextLong(), random.nextLong()).toString(), row, cluster, -1, null);
        }
        segment.publish(1);
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = usedHeap();
        long trigramBytes = segment.idTrigrams().estimatedBytes();
        trigramBytes += segment.scalar(ClusterField.CLUSTER_NAME).trigrams().estimatedBytes();
        trigramBytes += segment.scalar(ClusterField.ALGORITHM).trigrams().estimatedBytes();
        for (DictColumn column : segment.metadataColumns()) {
            trigramBytes += column.trigrams().estimatedBytes();
        }
        System.out.printf("%d clusters loaded in %d ms; segment heap ~%d B/cluster, of which trigram postings "
                + "(estimate) %d B/cluster (names %d, ids %d)%n", clusters, loadMillis,
                (heapAfter - heapBefore) / clusters, trigramBytes / clusters,
                segment.scalar(ClusterField.CLUSTER_NAME).trigrams().estimatedBytes() / clusters,
                segment.idTrigrams().estimatedBytes() / clusters);
        measureAlone(segment, clusters);
        IndexScan scan = new IndexScan(segment);
        long[] live = scan.live();
        if (requests == 0) {
            return;
        }
        time("regex ^<Subject> <aspect> #<n>", requests, random, live, scan, n -> condition("regex",
                "^" + cap(SUBJECTS[n % SUBJECTS.length]) + " " + ASPECTS[n % ASPECTS.length] + " #" + (n % 900 + 100)));
        time("regex (intent|topic) #<n>$", requests, random, live, scan,
                n -> condition("regex", "(intent|topic) #" + (n % 9000 + 1000) + "$"));
        time("contains '#<n>'", requests, random, live, scan, n -> condition("contains", "#" + (n % 9000 + 1000)));
    }

    /** The heap that trigram indexes of the names and ids alone take, built again beside the segment. */
    private static void measureAlone(IndexSegment segment, int clusters) {
        DictColumn names = segment.scalar(ClusterField.CLUSTER_NAME);
        ColumnSource source = ColumnSource.of(names);
        String[] ids = segment.foldedIds();
        long before = usedHeap();
        long start = System.nanoTime();
        TrigramIndex nameIndex = new TrigramIndex(1);
        for (int code = 1; code < names.size(); code++) {
            nameIndex.add(source.folded(code));
        }
        TrigramIndex idIndex = new TrigramIndex(0);
        for (int row = 0; row < clusters; row++) {
            idIndex.add(ids[row]);
        }
        long buildMillis = (System.nanoTime() - start) / 1_000_000;
        long after = usedHeap();
        System.out.printf("trigram indexes of names and ids built alone in %d ms, on the heap: %d B/cluster "
                + "(%d distinct names)%n", buildMillis, (after - before) / clusters, names.size() - 1);
        if (nameIndex.candidates(TrigramQuery.literal("abc")) == null || idIndex.candidates(TrigramQuery.ALL) != null) {
            throw new AssertionError();
        }
    }

    private static String cap(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static ObjectNode condition(String operator, String value) {
        ObjectNode body = Json.NODES.objectNode();
        body.putObject("filters").putArray("AND").addObject().put("field", "cluster_name").put("operator", operator)
                .put("value", value);
        return body;
    }

    private static void time(String name, int requests, SplittableRandom random, long[] live, IndexScan scan,
                             IntFunction<ObjectNode> bodies) {
        long[] before = new long[requests];
        long[] after = new long[requests];
        long matches = 0;
        for (int i = 0; i < requests; i++) {
            Filter leaf = leaf(bodies.apply(random.nextInt(1_000_000)));
            long t0 = System.nanoTime();
            long[] exact = exactOnly(scan, leaf, live);
            long t1 = System.nanoTime();
            Filter again = leaf(bodies.apply(random.nextInt(1_000_000)));
            long t2 = System.nanoTime();
            long[] narrowed = scan.filter(again, live);
            long t3 = System.nanoTime();
            before[i] = t1 - t0;
            after[i] = t3 - t2;
            matches += Long.bitCount(exact[0]) + Long.bitCount(narrowed[0]);
        }
        Arrays.sort(before);
        Arrays.sort(after);
        System.out.printf("%-32s before p50 %6.1f ms max %6.1f | after p50 %6.1f ms max %6.1f (%d)%n", name,
                before[requests / 2] / 1e6, before[requests - 1] / 1e6, after[requests / 2] / 1e6,
                after[requests - 1] / 1e6, matches);
    }

    /** The scan as it was: the condition evaluated on every distinct value of the column. */
    private static long[] exactOnly(IndexScan scan, Filter leaf, long[] live) {
        ColumnSource source = ColumnSource.of(scan.segment.scalar(ClusterField.CLUSTER_NAME));
        return RowBits.select(live, source.memoized(new Object(), code -> leaf.matches(
                Json.NODES.objectNode().set("cluster_name", source.value(code)))));
    }

    private static Filter leaf(ObjectNode body) {
        ListQuery query = ((ParsedRequest.Valid) ListRequestParser.parse(body, "10", "0")).query();
        Filter filter = query.filter();
        while (filter instanceof AllOf all && all.items().size() == 1) {
            filter = all.items().get(0);
        }
        return filter;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
