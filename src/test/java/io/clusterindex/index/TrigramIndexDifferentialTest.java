package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.EngineFixtures;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomClusterView;
import io.clusterindex.filter.AllOf;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.Fold;
import io.clusterindex.filter.Search;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Randomised differential test of the trigram index: thousands of values built from adversarial pieces (long s,
 * Kelvin sign, dotted and dotless i, sigmas, sharp s, surrogate pairs and a lone surrogate, mixed case), random
 * text conditions and regexes. The candidates must include every exact match, the index must narrow a good
 * share of the conditions, and whole queries through the {@link ViewIndex} must answer exactly like
 * {@link ListEngine}. The seed is printed; rerun one with {@code -Dtrigram.seed=<seed>}.
 */
class TrigramIndexDifferentialTest {
    private static final long DEFAULT_SEED = 0x7819_2026_1203L;
    private static final String[] PIECES = {"sup", "port", "Tick", "ets", "by", "TOPIC", "#", "12", "34", "-", "_",
        ".", "ſ", "K", "k", "S", "s", "İ", "ı", "i", "I", "Σ", "σ", "ς", "ß", "SS", "\uD83D\uDE00", "\uD800", "é", "É",
        " ", "\t", "abc", "ABC", "a.b", "x", "stop", "ſtop", "\u212Aelvin", "kelvin"};
    private static final String[] REGEX_PARTS = {".", "\\d", "[a-c]", "[^x]", "(sup|tick)", "(?i)", "^", "$", "\\b",
        "\\x{17F}", "\\QTOPIC\\E", "[sſ]", "k?", "(ets)*", "(por)+", "[[:digit:]]", "\\w", "[K-M]", "(?i:stop)",
        "Σ", "ς", "\\pL", "{1,2}", "|"};
    private static final String[] OPERATORS = {"regex", "regex", "regex", "contains", "starts_with", "ends_with",
        "text", "eq"};

    private static String piece(Random random) {
        return PIECES[random.nextInt(PIECES.length)];
    }

    private static String text(Random random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(maxPieces); i > 0; i--) {
            text.append(piece(random));
        }
        return text.toString();
    }

    private static String regex(Random random) {
        StringBuilder regex = new StringBuilder();
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            regex.append(random.nextInt(3) == 0 ? REGEX_PARTS[random.nextInt(REGEX_PARTS.length)]
                    : piece(random).replace(".", random.nextBoolean() ? "." : "\\.").replace("#", "\\#"));
        }
        return regex.toString();
    }

    private static JsonNode randomValue(Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return Json.NODES.numberNode(random.nextInt(100));
        }
        if (kind == 1) {
            ArrayNode array = Json.NODES.arrayNode();
            array.add(text(random, 4)).add(random.nextInt(5));
            return array;
        }
        return Json.NODES.textNode(text(random, 8));
    }

    /** A random text condition on {@code field} as a request body, or a search. */
    private static ObjectNode randomBody(Random random, String field) {
        ObjectNode body = Json.NODES.objectNode();
        if (random.nextInt(6) == 0) {
            body.put("search", text(random, 2) + (random.nextBoolean() ? " " + text(random, 2) : ""));
            return body;
        }
        String operator = OPERATORS[random.nextInt(OPERATORS.length)];
        String value = operator.equals("regex") ? regex(random) : text(random, 3);
        ObjectNode condition = Json.NODES.objectNode().put("field", field).put("operator", operator)
                .put("value", value);
        ObjectNode filters = body.putObject("filters").put("case_sensitive", random.nextBoolean());
        filters.putArray(random.nextInt(4) == 0 ? "NOT" : "AND").add(condition);
        return body;
    }

    private static ListQuery parse(ObjectNode body) {
        ParsedRequest parsed = ListRequestParser.parse(body, "1000", "0");
        return parsed instanceof ParsedRequest.Valid valid ? valid.query() : null;
    }

    @Test
    void candidatesIncludeEveryExactMatchAndNarrowMostConditions() {
        long seed = Long.getLong("trigram.seed", DEFAULT_SEED);
        System.out.println("TrigramIndexDifferentialTest seed=" + seed);
        Random random = new Random(seed);
        int values = 2 * TrigramIndex.BLOCK + 500;
        DictColumn column = new DictColumn(values, 64);
        for (int row = 0; row < values; row++) {
            column.set(row, randomValue(random));
        }
        int size = column.size();
        DictEntries entries = column.entries();
        int conditions = 0;
        int narrowed = 0;
        int matched = 0;
        for (int c = 0; c < 1500; c++) {
            ObjectNode body = randomBody(random, "cluster_name");
            ListQuery query = parse(body);
            if (query == null) {
                continue;
            }
            TrigramQuery trigrams;
            Predicate<JsonNode> exact;
            if (query.search() != Search.NONE) {
                String term = query.search().terms().get(0);
                trigrams = TextConditions.ofTerm(term);
                exact = value -> Search.contains(value, value.isTextual() ? Fold.fold(value.textValue()) : null,
                        term);
            } else {
                Filter leaf = leafOf(query.filter());
                trigrams = TextConditions.of(leaf);
                exact = exactTest(leaf);
            }
            TrigramIndex.Candidates candidates = column.trigrams().candidates(trigrams);
            conditions++;
            if (candidates != null) {
                narrowed++;
            }
            for (int code = 1; code < size; code++) {
                if (exact.test(entries.value(code))) {
                    matched++;
                    assertThat(candidates == null || candidates.mayMatch(code))
                            .as("seed=%d body=%s value=%s query=%s", seed, body, entries.value(code), trigrams).isTrue();
                }
            }
        }
        System.out.printf("TrigramIndexDifferentialTest: %d conditions, %d narrowed, %d exact matches%n",
                conditions, narrowed, matched);
        assertThat(narrowed).isGreaterThan(conditions / 3);
        assertThat(matched).isGreaterThan(conditions);
    }

    /** The condition on a cluster whose {@code cluster_name} is the value. */
    private static Predicate<JsonNode> exactTest(Filter leaf) {
        return value -> leaf.matches(Json.NODES.objectNode().set("cluster_name", value));
    }

    private static Filter leafOf(Filter filter) {
        Filter leaf = filter;
        while (leaf instanceof AllOf all && all.items().size() == 1) {
            leaf = all.items().get(0);
        }
        if (leaf instanceof io.clusterindex.filter.NoneOf none) {
            return leafOf(none.items().get(0));
        }
        return leaf;
    }

    /**
     * After the load, a history: with {@code history}, every cluster gets new versions (new rows holding its id
     * number, the {@code cluster_id} trigrams posted once per cluster), {@code deletedPercent} of them are deleted
     * and clusters come after them; the fold compacts on the way, keeping the id numbers and their trigram index
     * while few are gone and packing them once many are (40%).
     */
    @ParameterizedTest(name = "history: {0}, deleted: {1}%")
    @CsvSource({"false, 0", "true, 0", "true, 40"})
    void queriesThroughTheIndexAnswerExactlyLikeTheEngine(boolean history, int deletedPercent) {
        long seed = Long.getLong("trigram.seed", DEFAULT_SEED) + 1;
        Random random = new Random(seed);
        List<ObjectNode> generated = RandomClusterView.generate(random, TrigramIndex.BLOCK + 600);
        ViewIndex index = new ViewIndex(history ? 1 : 1_000_000, 64, false);
        IndexPartition partition = index.open(0);
        Map<String, ClusterState> store = new HashMap<>();
        Map<String, ObjectNode> view = new LinkedHashMap<>();
        long[] sequence = {1};
        for (ObjectNode cluster : generated) {
            String id = text(random, 3) + "-" + sequence[0];
            cluster.put("cluster_id", id);
            upsert(partition, store, view, varied(random, cluster), sequence);
        }
        partition.ready();
        IndexSegment loaded = partition.segment("org_1", "ns_1");
        if (history) {
            for (int round = 0; round < 2; round++) {
                for (String id : List.copyOf(view.keySet())) {
                    if (random.nextInt(100) < deletedPercent / 2) {
                        partition.upsert(id, sequence[0]++, null);
                        store.remove(id);
                        view.remove(id);
                    } else {
                        upsert(partition, store, view, varied(random, view.get(id).deepCopy()), sequence);
                    }
                }
            }
            for (ObjectNode cluster : RandomClusterView.generate(random, 300)) {
                cluster.put("cluster_id", text(random, 3) + "-" + sequence[0]);
                upsert(partition, store, view, varied(random, cluster), sequence);
            }
            IndexSegment segment = partition.segment("org_1", "ns_1");
            assertThat(segment).as("compacted on the way").isNotSameAs(loaded);
            if (deletedPercent == 0) {
                assertThat(segment.idTrigrams()).as("no id number gone: the index is kept").isSameAs(loaded.idTrigrams());
            } else {
                assertThat(segment.idTrigrams()).as("many id numbers gone: packed").isNotSameAs(loaded.idTrigrams());
            }
        }
        String[] fields = {"cluster_name", "cluster_id", "metadata.note", "algorithm"};
        List<ObjectNode> current = List.copyOf(view.values());
        int answered = 0;
        int nonEmpty = 0;
        for (int r = 0; r < 400; r++) {
            ObjectNode body = randomBody(random, fields[random.nextInt(fields.length)]);
            ListQuery query = parse(body);
            if (query == null) {
                continue;
            }
            Answer<ListPage> answer = index.list(query, "org_1", "ns_1", List.of(0), store::get);
            assertThat(answer).as("seed=%d body=%s", seed, body).isInstanceOf(Answer.Found.class);
            ListPage actual = ((Answer.Found<ListPage>) answer).value();
            ListPage expected = ListEngine.run(query, current);
            assertThat(EngineFixtures.ids(actual)).as("seed=%d body=%s", seed, body)
                    .isEqualTo(EngineFixtures.ids(expected));
            assertThat(actual.total()).as("seed=%d body=%s", seed, body).isEqualTo(expected.total());
            answered++;
            nonEmpty += actual.results().isEmpty() ? 0 : 1;
        }
        assertThat(answered).isGreaterThan(300);
        assertThat(nonEmpty).isGreaterThan(answered / 10);
    }

    /** {@code cluster} with a new random {@code cluster_name} and {@code metadata.note}. */
    private static ObjectNode varied(Random random, ObjectNode cluster) {
        cluster.put("cluster_name", text(random, 8));
        if (cluster.get("metadata") instanceof ObjectNode metadata) {
            metadata.set("note", randomValue(random));
        }
        return cluster;
    }

    private static void upsert(IndexPartition partition, Map<String, ClusterState> store, Map<String, ObjectNode> view,
                               ObjectNode cluster, long[] sequence) {
        String id = cluster.get("cluster_id").textValue();
        ClusterState previous = store.get(id);
        partition.upsert(id, sequence[0], cluster, previous == null ? 0 : previous.sequence(),
                previous == null ? null : previous.cluster());
        store.put(id, new ClusterState(sequence[0], cluster));
        view.put(id, cluster);
        sequence[0]++;
    }
}
