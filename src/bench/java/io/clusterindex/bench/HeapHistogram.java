package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them (taken through the
 * {@code DiagnosticCommand} MBean, after a full GC), and what a fill added to them per cluster.
 */
final class HeapHistogram {
    /** Classes of the view index: their growth is the index's own objects (its arrays show as {@code [J}, {@code [I}...). */
    static final String INDEX_PACKAGE = "io.clusterindex.index.";
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    /** One class: instances and bytes. */
    record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;
    private final long totalBytes;

    private HeapHistogram(Map<String, Entry> byClass, long totalBytes) {
        this.byClass = byClass;
        this.totalBytes = totalBytes;
    }

    /** The histogram of the live objects now (a full GC first). */
    static HeapHistogram take() {
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parse(text);
        } catch (JMException e) {
            throw new IllegalStateException("cannot take a class histogram: " + e, e);
        }
    }

    /** Parses {@code GC.class_histogram}'s output. */
    static HeapHistogram parse(String text) {
        Map<String, Entry> byClass = new LinkedHashMap<>();
        long total = -1;
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Entry entry = new Entry(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
                byClass.merge(entry.className(), entry, (a, b) -> new Entry(a.className(),
                        a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher sum = TOTAL.matcher(line.trim());
            if (sum.find()) {
                total = Long.parseLong(sum.group(2));
            }
        }
        if (total < 0) {
            total = byClass.values().stream().mapToLong(Entry::bytes).sum();
        }
        return new HeapHistogram(byClass, total);
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Bytes of the classes whose name starts with {@code prefix}. */
    long bytesOf(String prefix) {
        return byClass.values().stream().filter(e -> e.className().startsWith(prefix)).mapToLong(Entry::bytes).sum();
    }

    /** Each class's growth from {@code before} to this histogram, the largest first (classes that shrank left out). */
    List<Entry> growthSince(HeapHistogram before) {
        List<Entry> growth = new ArrayList<>();
        for (Entry now : byClass.values()) {
            Entry then = before.byClass.get(now.className());
            long bytes = now.bytes() - (then == null ? 0 : then.bytes());
            if (bytes > 0) {
                growth.add(new Entry(now.className(), now.instances() - (then == null ? 0 : then.instances()), bytes));
            }
        }
        growth.sort(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::className));
        return growth;
    }

    /**
     * Prints the {@code top} classes that grew most since {@code empty} with their bytes per cluster, the total
     * growth and the index classes' bytes per cluster; answers the same as JSON.
     */
    ObjectNode report(HeapHistogram empty, long clusters, int top) {
        List<Entry> growth = growthSince(empty);
        ObjectNode json = Json.NODES.objectNode();
        System.out.printf(Locale.ROOT, "heap histogram (live objects after a full GC), the %d classes that grew most"
                + " with the fill of %,d clusters:%n", top, clusters);
        System.out.printf(Locale.ROOT, "  %-70s %12s %14s %10s%n", "class", "instances", "bytes", "B/cluster");
        ArrayNode rows = json.putArray("top_growth");
        for (Entry e : growth.subList(0, Math.min(top, growth.size()))) {
            System.out.printf(Locale.ROOT, "  %-70s %,12d %,14d %10.1f%n", e.className(), e.instances(), e.bytes(),
                    e.bytes() / (double) clusters);
            rows.addObject().put("class", e.className()).put("instances", e.instances()).put("bytes", e.bytes());
        }
        long grown = totalBytes - empty.totalBytes;
        long index = bytesOf(INDEX_PACKAGE) - empty.bytesOf(INDEX_PACKAGE);
        System.out.printf(Locale.ROOT, "  total live heap %,d B (empty view %,d B): %.0f B per cluster; classes of %s*"
                        + " alone %,d B, %.0f B per cluster (their arrays are in the [J, [I, [B... rows above)%n",
                totalBytes, empty.totalBytes, grown / (double) clusters, INDEX_PACKAGE, index, index / (double) clusters);
        json.put("total_bytes", totalBytes);
        json.put("total_bytes_empty", empty.totalBytes);
        json.put("bytes_per_cluster", grown / (double) clusters);
        json.put("index_class_bytes", index);
        json.put("index_class_bytes_per_cluster", index / (double) clusters);
        return json;
    }
}
