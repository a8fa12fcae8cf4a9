package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.filter.CodePoints;
import io.clusterindex.filter.Fold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Strings of a column that stopped deduplicating are packed as bytes ({@link DictEntries#packed}): every
 * code still gives back its value, orders and equality hold across packed and unpacked codes, and list queries
 * over many distinct names (regexes confirmed on the packed bytes, sorts, text conditions, compaction) answer as
 * the engine does.
 */
class PackedStringsTest {
    private static final long SEED = 0x9AC4_2026_1206L;
    private static final String[] STEMS = {"Support tickets", "support Tickets", "École", "école", "straße", "STRASSE",
        "İstanbul", "istanbul", "naïve", "😀smile", "ÿ end", "Kelvin \u212A", "", "by topic", "BY TOPIC"};

    @Test
    void everyCodeGivesBackItsValueAndOnlyLatin1StringsArePacked() {
        Random random = new Random(SEED);
        DictColumn column = new DictColumn(4000, 16);
        List<JsonNode> byRow = new ArrayList<>();
        for (int row = 0; row < 4000; row++) {
            JsonNode value = value(random, row);
            byRow.add(value);
            column.set(row, value);
        }
        column.settle();
        column.trimDictionary();
        DictEntries entries = column.entries();
        int[] codes = column.codes();
        int packed = 0;
        int packedNumbers = 0;
        for (int row = 0; row < byRow.size(); row++) {
            JsonNode expected = byRow.get(row);
            int code = codes[row];
            assertThat(entries.value(code)).as("row %d", row).isEqualTo(expected);
            if (expected != null) {
                assertThat(entries.holds(code, expected)).isTrue();
                assertThat(entries.holds(code, Json.NODES.textNode(expected.asText() + "x"))).isFalse();
                if (expected.isNumber()) {
                    assertThat(entries.holds(code, Json.NODES.numberNode(expected.doubleValue() + 1))).isFalse();
                    assertThat(entries.holds(code, Json.NODES.numberNode(expected.decimalValue())))
                            .as("a decimal node is another value for JSON equality").isFalse();
                }
            }
            boolean latin1 = expected != null && expected.isTextual()
                    && expected.textValue().chars().allMatch(c -> c <= 0xFF);
            if (entries.packed(code)) {
                packed++;
                assertThat(latin1).as("packed %s", expected).isTrue();
                assertThat(entries.string(code)).isEqualTo(expected.textValue());
            } else if (entries.packedNumber(code)) {
                packedNumbers++;
                assertThat(expected.isNumber()).as("packed number %s", expected).isTrue();
                assertThat(entries.values()[code]).as("no node kept for %s", expected).isNull();
            } else if (row >= 16 && expected != null && !latin1) {
                assertThat(entries.values()[code]).isEqualTo(expected);
            }
        }
        assertThat(packed).as("strings after the probe rows are packed").isGreaterThan(1000);
        assertThat(packedNumbers).as("int, long and double nodes after the probe rows are packed").isGreaterThan(500);
        // the writer's order ranks packed and unpacked strings by code point, as the engine sorts them
        CodeOrder.Sorted sorted = column.order();
        int[] order = sorted.order();
        for (int i = 1; i < sorted.upTo(); i++) {
            JsonNode before = entries.value(order[i - 1]);
            JsonNode after = entries.value(order[i]);
            if (before != null && after != null && before.isTextual() && after.isTextual()) {
                assertThat(CodePoints.compare(before.textValue(), after.textValue())).as("%s then %s", before, after)
                        .isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void aPackedStringIsSearchedAsItsFoldedText() {
        for (char c = 0; c < 256; c++) {
            String folded = Fold.fold(String.valueOf(c));
            assertThat(folded).as("U+%04X", (int) c).hasSize(1);
            assertThat(DictEntries.LOWER[c]).isEqualTo(folded.charAt(0)).isLessThan((char) 256);
        }
        Random random = new Random(SEED + 2);
        DictColumn column = new DictColumn(3000, 16);
        List<String> strings = new ArrayList<>();
        for (int row = 0; row < 3000; row++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append((char) (random.nextBoolean() ? "aAbBsSßkKéÉÿµ #1".charAt(random.nextInt(16))
                        : random.nextInt(256)));
            }
            strings.add(text.toString());
            column.set(row, Json.NODES.textNode(text.toString()));
        }
        DictEntries entries = column.entries();
        int[] codes = column.codes();
        int packed = 0;
        for (int row = 16; row < strings.size(); row++) {
            String folded = Fold.fold(strings.get(row));
            for (String term : List.of("", "a", "ab", "ss", "ß", "é", "k", "\u212A".translateEscapes(), " #1", "µ",
                    folded.isEmpty() ? "x" : folded.substring(random.nextInt(folded.length())),
                    "İ", "😀")) {
                String foldedTerm = Fold.fold(term);
                if (entries.packed(codes[row])) {
                    packed++;
                    assertThat(entries.foldedContains(codes[row], foldedTerm))
                            .as("%s contains %s", strings.get(row), foldedTerm).isEqualTo(folded.contains(foldedTerm));
                }
            }
        }
        assertThat(packed).isGreaterThan(10_000);
    }

    @Test
    void queriesOverManyDistinctNamesAnswerAsTheEngine() {
        Random random = new Random(SEED + 1);
        ViewIndex index = new ViewIndex(64, 16);
        IndexPartition partition = index.open(0);
        Map<String, ObjectNode> view = new LinkedHashMap<>();
        Map<String, ClusterState> store = new HashMap<>();
        long sequence = 1;
        for (int i = 0; i < 3000; i++) {
            String id = "cl_" + i;
            ObjectNode cluster = cluster(id, name(random));
            partition.upsert(id, sequence, cluster);
            view.put(id, cluster);
            store.put(id, new ClusterState(sequence++, cluster));
        }
        partition.ready();
        List<String> bodies = List.of(
                "{\"filters\": {\"AND\": [{\"field\": \"cluster_name\", \"operator\": \"regex\", \"value\": \"%s\"}]},"
                        + " \"sort\": {\"field\": \"cluster_name\", \"direction\": \"%s\"}}",
                "{\"filters\": {\"AND\": [{\"field\": \"cluster_name\", \"operator\": \"contains\", \"value\": \"%s\"}]},"
                        + " \"sort\": {\"field\": \"cluster_name\", \"direction\": \"%s\"}}",
                "{\"search\": \"%s\", \"sort\": {\"field\": \"cluster_name\", \"direction\": \"%s\"}}",
                "{\"filters\": {\"AND\": [{\"field\": \"cluster_name\", \"operator\": \"starts_with\", \"value\": \"%s\"}]},"
                        + " \"sort\": {\"field\": \"created_at\", \"direction\": \"%s\"}}");
        List<String> patterns = List.of("^support", "by topic #1[0-9]*$", "^s.*#2", "école", "STRASSE", "^$", "ß",
                "istanbul", "[0-9]{4}$", "k", "^ÿ", "#(1|2)3", "smile");
        int answered = 0;
        for (int round = 0; round < 6; round++) {
            for (String body : bodies) {
                for (String pattern : patterns) {
                    String direction = random.nextBoolean() ? "asc" : "desc";
                    int offset = random.nextInt(30);
                    ListQuery query = parse(body.formatted(pattern, direction), offset);
                    ListPage expected = ListEngine.run(query, List.copyOf(view.values()));
                    Answer<ListPage> answer = index.list(query, "org_1", "ns_1", List.of(0), store::get);
                    String context = "round " + round + " " + body.formatted(pattern, direction) + " offset " + offset;
                    assertThat(answer).as(context).isInstanceOf(Answer.Found.class);
                    ListPage actual = ((Answer.Found<ListPage>) answer).value();
                    assertThat(EngineFixtures.ids(actual)).as(context).isEqualTo(EngineFixtures.ids(expected));
                    assertThat(actual.total()).as(context).isEqualTo(expected.total());
                    assertThat(actual.stats()).as(context).isEqualTo(expected.stats());
                    answered += expected.total() > 0 ? 1 : 0;
                }
            }
            // renames and deletions between rounds: dead rows, new packed codes, compactions
            List<String> ids = new ArrayList<>(view.keySet());
            for (int i = 0; i < 600; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                if (random.nextInt(5) == 0 && view.containsKey(id)) {
                    partition.upsert(id, sequence++, null);
                    view.remove(id);
                    store.remove(id);
                } else {
                    ObjectNode cluster = cluster(id, name(random));
                    partition.upsert(id, sequence, cluster);
                    view.put(id, cluster);
                    store.put(id, new ClusterState(sequence++, cluster));
                }
            }
        }
        assertThat(answered).as("queries with matches").isGreaterThan(150);
    }

    private static JsonNode value(Random random, int row) {
        return switch (random.nextInt(15)) {
            case 0 -> null;
            case 1 -> Json.NODES.numberNode(random.nextInt(50));
            case 12 -> Json.NODES.numberNode(random.nextLong());
            case 13 -> Json.NODES.numberNode(random.nextInt(100_000) / 8.0);
            case 14 -> Json.NODES.numberNode(random.nextInt(100_000) / 8.0f);
            case 2 -> Json.NODES.nullNode();
            case 3 -> Json.NODES.objectNode().put("k", row);
            case 4 -> Json.NODES.textNode(STEMS[random.nextInt(STEMS.length)]);
            default -> Json.NODES.textNode(name(random));
        };
    }

    private static String name(Random random) {
        return STEMS[random.nextInt(STEMS.length)] + " by topic #" + random.nextInt(1, 10_000);
    }

    private static ObjectNode cluster(String id, String name) {
        ObjectNode cluster = Json.NODES.objectNode();
        cluster.put("cluster_id", id).put("namespace_id", "ns_1").put("organization_id", "org_1")
                .put("cluster_name", name).put("status", "PENDING").put("created_at", "2026-01-01T00:00:00Z")
                .put("updated_at", "2026-01-01T00:00:00Z").putNull("completed_at")
                .put("num_documents_clustered", name.length());
        cluster.putObject("metadata").put("team", "t" + (id.hashCode() & 3));
        return cluster;
    }

    private static ListQuery parse(String body, int offset) {
        try {
            ParsedRequest parsed = ListRequestParser.parse(Json.MAPPER.readTree(body), "20", String.valueOf(offset));
            return ((ParsedRequest.Valid) parsed).query();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
