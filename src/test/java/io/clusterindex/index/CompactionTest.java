package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A compaction maps the dictionaries, trigram indexes and orders of the live rows instead of building them again:
 * what it makes must be what a segment built from those rows alone holds (values by row, values and ranks in sort
 * order, the rows in order of each timestamp, trigram candidates), for columns of few values and of many (packed
 * names beyond a trigram block), numbers, arrays, absent and null values.
 */
class CompactionTest {
    private static final int CLUSTERS = 3 * TrigramIndex.BLOCK + 700;

    /**
     * With updates, the compaction meets rows and codes not merged into the orders yet; with deletions only, none.
     * A tenth of the clusters deleted leaves the id numbers as they are; half of them, and the numbers are packed.
     */
    @ParameterizedTest(name = "updates: {0}, deleted: {1} in 10")
    @CsvSource({"true, 1", "false, 1", "true, 5"})
    void aCompactedSegmentHoldsWhatASegmentBuiltFromItsLiveRowsHolds(boolean updates, int deletedInTen) {
        Random random = new Random(11);
        ViewIndex index = new ViewIndex(Integer.MAX_VALUE, DictColumn.DEDUP_PROBE_ROWS);
        IndexPartition partition = index.open(0);
        Map<String, ObjectNode> live = new LinkedHashMap<>();
        for (int i = 0; i < CLUSTERS; i++) {
            put(partition, live, i, 1, random);
        }
        partition.ready();
        IndexSegment segment = partition.segment("org_1", "ns_1");
        for (int i = 0; i < CLUSTERS; i++) {
            int change = i == 17 ? (updates ? 0 : 3) : random.nextInt(10);
            if (change < 3 && updates) {
                put(partition, live, i, 2, random);
            } else if (change >= 3 && change < 3 + deletedInTen) {
                partition.upsert("cl_" + i, 3, null);
                live.remove("cl_" + i);
            }
        }
        assertThat(partition.segment("org_1", "ns_1")).as("not compacted by the fold yet").isSameAs(segment);

        List<String> rowsOfCompacted = new ArrayList<>();
        IndexSegment compacted = segment.compacted((clusterId, to, row) -> {
            assertThat(row).isEqualTo(rowsOfCompacted.size());
            rowsOfCompacted.add(clusterId);
        });
        IndexPartition reference = new ViewIndex().open(0);
        for (String id : rowsOfCompacted) {
            reference.upsert(id, 1, live.get(id));
        }
        reference.ready();
        IndexSegment built = reference.segment("org_1", "ns_1");

        assertThat(rowsOfCompacted).containsExactlyInAnyOrderElementsOf(live.keySet());
        assertThat(compacted.liveRows()).isEqualTo(live.size());
        for (ClusterField field : ClusterField.values()) {
            if (built.scalar(field) != null) {
                assertSameColumn(field.wireName(), compacted.scalar(field), built.scalar(field), live.size());
            }
            if (built.timestamp(field) != null) {
                assertSameTimestamps(field.wireName(), compacted.timestamp(field), built.timestamp(field), live.size());
            }
        }
        for (String key : List.of("team", "score", "tags", "note")) {
            assertSameColumn("metadata." + key, compacted.metadata(key), built.metadata(key), live.size());
        }
        assertThat(compacted.metadata("gone")).as("a key only dead rows held").isNull();
        if (deletedInTen == 1) {
            assertThat(compacted.idTrigrams()).as("few id numbers gone: kept").isSameAs(segment.idTrigrams());
        } else {
            assertThat(compacted.idTrigrams()).as("half the id numbers gone: packed").isNotSameAs(segment.idTrigrams());
        }
        int[] numbers = compacted.idNumbers();
        int[] before = IntStream.range(0, segment.snapshot().rows()).filter(row -> segment.died()[row] == Long.MAX_VALUE)
                .map(row -> segment.idNumbers()[row]).toArray();
        for (int a = 0; a < live.size(); a++) {
            for (int b = a + 1; b < live.size(); b += 97) {
                assertThat(Integer.compare(numbers[a], numbers[b])).as("id numbers keep their order")
                        .isEqualTo(Integer.compare(before[a], before[b]));
            }
            if (deletedInTen > 1) {
                assertThat(numbers[a]).as("packed").isBetween(0, live.size() - 1);
            } else {
                assertThat(numbers[a]).as("kept").isEqualTo(before[a]);
            }
        }
        assertThat(IntStream.range(0, live.size()).map(row -> numbers[row]).distinct().count())
                .as("one id number per live cluster").isEqualTo(live.size());
        for (String literal : List.of("cl_1", "_12", "999")) {
            TrigramIndex.Candidates ids = compacted.idTrigrams().candidates(TrigramQuery.literal(literal));
            assertThat(ids.sealed()).as("cluster_id trigrams narrow the rows").isGreaterThan(live.size() - TrigramIndex.BLOCK);
            for (int row = 0; row < live.size(); row++) {
                if (rowsOfCompacted.get(row).contains(literal)) {
                    assertThat(ids.mayMatch(numbers[row])).as("cluster_id %s, %s", rowsOfCompacted.get(row), literal)
                            .isTrue();
                } else if (numbers[row] < ids.sealed()) {
                    assertThat(ids.mayMatch(numbers[row])).as("cluster_id %s, %s", rowsOfCompacted.get(row), literal)
                            .isFalse();
                }
            }
        }
    }

    /**
     * A compaction the fold makes leaves a small segment room for the dead rows it takes before the next one (1,000
     * here, at 1,500 live rows), so its arrays are not grown (copied) on the way; a large one, or one compacted while
     * idle, keeps an eighth.
     */
    @Test
    void theFoldsCompactionLeavesASmallSegmentRoomForTheUpdatesUntilTheNext() {
        Random random = new Random(5);
        int minDead = 1000;
        ViewIndex index = new ViewIndex(minDead, DictColumn.DEDUP_PROBE_ROWS);
        IndexPartition partition = index.open(0);
        Map<String, ObjectNode> live = new LinkedHashMap<>();
        int clusters = 1500;
        for (int i = 0; i < clusters; i++) {
            put(partition, live, i, 1, random);
        }
        partition.ready();
        long sequence = 2;
        IndexSegment loaded = partition.segment("org_1", "ns_1");
        int updates = 0;
        while (partition.segment("org_1", "ns_1") == loaded) {
            put(partition, live, updates++ % clusters, sequence++, random);
        }
        IndexSegment compacted = partition.segment("org_1", "ns_1");
        String[] ids = compacted.ids();
        assertThat(ids).as("room for the dead rows until the next compaction").hasSize(clusters + minDead);
        for (int update = 1; update < minDead; update++) {
            put(partition, live, updates++ % clusters, sequence++, random);
            assertThat(partition.segment("org_1", "ns_1")).as("update %d", update).isSameAs(compacted);
            assertThat(compacted.ids()).as("update %d: not grown", update).isSameAs(ids);
        }
        put(partition, live, updates % clusters, sequence, random);
        assertThat(partition.segment("org_1", "ns_1")).as("compacted again").isNotSameAs(compacted);
        IndexSegment idle = compacted.compacted((clusterId, to, row) -> { });
        assertThat(idle.ids()).as("while idle: an eighth").hasSize(clusters + clusters / 8);
        IndexSegment large = compacted.compacted((clusterId, to, row) -> { }, clusters / 10);
        assertThat(large.ids()).as("an eighth when that is more").hasSize(clusters + clusters / 8);
    }

    private static void put(IndexPartition partition, Map<String, ObjectNode> live, int i, long sequence,
                            Random random) {
        String id = "cl_" + i;
        ObjectNode cluster = Json.NODES.objectNode();
        cluster.put("cluster_id", id).put("namespace_id", "ns_1").put("organization_id", "org_1")
                .put("cluster_name", "Topic " + random.nextInt(CLUSTERS) + (sequence > 1 ? " renamed" : ""))
                .put("status", List.of("COMPLETED", "PENDING", "FAILED").get(random.nextInt(3)))
                .put("num_documents_clustered", random.nextInt(50));
        if (i % 5 != 0) {
            cluster.put("created_at", String.format("2026-01-%02dT00:%02d:%02dZ", 1 + random.nextInt(28),
                    random.nextInt(60), random.nextInt(60)));
        } else if (i % 10 == 0) {
            cluster.putNull("created_at");
        }
        ObjectNode metadata = cluster.putObject("metadata").put("team", "team-" + random.nextInt(6))
                .put("score", random.nextInt(4) == 0 ? random.nextDouble() : random.nextInt(100));
        if (i % 3 == 0) {
            metadata.putArray("tags").add("a").add(random.nextInt(5));
        }
        if (i % 4 == 0) {
            metadata.put("note", random.nextBoolean() ? "Überblick " + random.nextInt(100) : "plain " + i);
        }
        if (sequence == 1 && i == 17) {
            metadata.put("gone", "only in a version that dies");
        }
        live.put(id, cluster);
        partition.upsert(id, sequence, cluster);
    }

    private static void assertSameColumn(String name, DictColumn compacted, DictColumn built, int rows) {
        assertThat(compacted).as(name).isNotNull();
        assertThat(values(compacted, rows)).as(name + ": values by row").isEqualTo(values(built, rows));
        assertThat(compacted.order().upTo()).as(name + ": every code sorted").isEqualTo(compacted.size());
        assertThat(sorted(compacted)).as(name + ": distinct values in sort order").isEqualTo(sorted(built));
        assertThat(ranks(compacted, rows)).as(name + ": rank by row").isEqualTo(ranks(built, rows));
        assertThat(compacted.order().numbers()).as(name + ": numbers").isEqualTo(built.order().numbers());
        assertThat(compacted.order().arrays().length).as(name + ": arrays").isEqualTo(built.order().arrays().length);
        TrigramIndex.Candidates candidates = compacted.trigrams().candidates(TrigramQuery.literal("topic 1"));
        for (int code = 1; code < compacted.size(); code++) {
            JsonNode value = compacted.entries().value(code);
            boolean holds = value.isContainerNode() || value.isTextual()
                    && value.textValue().toLowerCase(java.util.Locale.ROOT).contains("topic 1");
            if (candidates != null && (holds || code < candidates.sealed())) {
                assertThat(candidates.mayMatch(code)).as(name + ": trigram candidate " + value).isEqualTo(holds);
            }
        }
        if (built.codeRows() != null) {
            assertThat(compacted.codeRows()).as(name + ": rows by code").isNotNull();
            for (int code = 1; code < compacted.size(); code++) {
                long[] bits = compacted.codeRows()[code];
                for (int row = 0; row < rows; row++) {
                    boolean set = bits != null && (bits[row >>> 6] & 1L << row) != 0;
                    assertThat(set).as(name + ": row bit").isEqualTo(compacted.codes()[row] == code);
                }
            }
        }
    }

    private static List<JsonNode> values(DictColumn column, int rows) {
        List<JsonNode> values = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            values.add(column.entries().value(column.codes()[row]));
        }
        return values;
    }

    /**
     * The distinct values that sort in sort order (a column that stopped deduplicating may hold a value under two
     * codes; values that sort as missing, such as arrays, stay in the order of their codes, which is arbitrary).
     */
    private static List<JsonNode> sorted(DictColumn column) {
        List<JsonNode> values = new ArrayList<>();
        for (int code : column.order().order()) {
            JsonNode value = column.entries().value(code);
            if (column.order().rank()[code] < 0) {
                continue;
            }
            if (values.isEmpty() || !java.util.Objects.equals(values.get(values.size() - 1), value)) {
                values.add(value);
            }
        }
        return values;
    }

    private static List<Integer> ranks(DictColumn column, int rows) {
        List<Integer> ranks = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            ranks.add(column.order().rank()[column.codes()[row]]);
        }
        return ranks;
    }

    private static void assertSameTimestamps(String name, TimestampColumn compacted, TimestampColumn built, int rows) {
        assertThat(compacted.order().upTo()).as(name).isEqualTo(rows);
        assertThat(compacted.order().instants()).as(name + ": rows with an instant").isEqualTo(built.order().instants());
        assertThat(compacted.order().order()).as(name + ": rows in order").isEqualTo(built.order().order());
        for (int row = 0; row < rows; row++) {
            assertThat(compacted.values().value(row)).as(name).isEqualTo(built.values().value(row));
        }
    }
}
