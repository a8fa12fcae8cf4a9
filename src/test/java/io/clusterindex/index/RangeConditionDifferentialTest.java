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
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Randomised differential test of ordering and {@code eq} conditions (the ones {@link RangeScan} answers through
 * the sorted columns) against {@link ListEngine}: instants of the four timestamp fields, integers, decimals and
 * numbers beyond {@code long} and {@code double}, a {@code metadata} key holding numbers of every representation
 * beside strings, booleans, nulls, arrays, objects and nothing, combined in AND, OR and NOT, sorted on those
 * columns. The view changes between rounds (so the orders keep merging new codes and rows), while another thread
 * keeps writing clusters of a batch that no query selects into the same segments (so readers meet orders the
 * writer is merging, and compactions). The seed is printed; rerun one with {@code -Drange.seed=<seed>}.
 */
class RangeConditionDifferentialTest {
    private static final long DEFAULT_SEED = 0x5EED_2026_1203L;
    private static final List<Integer> PARTITIONS = List.of(0, 1);
    private static final List<String> NUMBER_FIELDS = List.of("num_documents_clustered", "execution_time_seconds",
            "learning_quality_score", "metadata.priority");
    private static final List<String> TIME_FIELDS = List.of("created_at", "updated_at", "completed_at",
            "last_executed_at");
    private static final List<String> OPERATORS = List.of("gt", "gte", "lt", "lte", "eq");
    private static final List<String> SORTS = List.of("created_at", "completed_at", "num_documents_clustered",
            "execution_time_seconds", "learning_quality_score", "metadata.priority", "cluster_name");
    private static final int ROUNDS = 12;
    private static final int QUERIES_PER_ROUND = 60;

    private final Map<String, ClusterState> store = new ConcurrentHashMap<>();
    private final List<ObjectNode> view = new ArrayList<>();
    private final List<IndexPartition> partitions = new ArrayList<>();

    @Test
    void rangeConditionsAnswerExactlyLikeTheEngineWhileAnotherThreadWrites() throws Exception {
        long seed = Long.getLong("range.seed", DEFAULT_SEED);
        System.out.println("RangeConditionDifferentialTest seed=" + seed);
        Random random = new Random(seed);
        ViewIndex index = new ViewIndex(32, 16);
        PARTITIONS.forEach(p -> partitions.add(index.open(p)));
        long sequence = 1;
        for (ObjectNode cluster : RandomClusterView.generate(random, 600)) {
            ranged(random, cluster, 0);
            view.add(cluster);
            put(cluster, sequence++);
        }
        partitions.forEach(IndexPartition::ready);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> writeOtherBatch(new Random(seed + 1), stop, failure), "other-batch");
        writer.start();
        int nonEmpty = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (int q = 0; q < QUERIES_PER_ROUND; q++) {
                    ObjectNode body = body(random);
                    String context = "seed=" + seed + " round=" + round + " body=" + body;
                    ListQuery query = EngineFixtures.query(body, "25", String.valueOf(random.nextInt(3) * 10));
                    Answer<ListPage> answer = index.list(query, "org_1", "ns_1", PARTITIONS, store::get);
                    assertThat(answer).as(context).isInstanceOf(Answer.Found.class);
                    ListPage actual = ((Answer.Found<ListPage>) answer).value();
                    ListPage expected = ListEngine.run(query, view);
                    assertThat(List.of(EngineFixtures.ids(actual), actual.total(), actual.stats())).as(context)
                            .isEqualTo(List.of(EngineFixtures.ids(expected), expected.total(), expected.stats()));
                    nonEmpty += expected.total() > 0 ? 1 : 0;
                }
                for (int i = 0; i < 60; i++) {
                    int replaced = random.nextInt(view.size());
                    ObjectNode fresh = view.get(replaced).deepCopy();
                    ranged(random, fresh, 0);
                    view.set(replaced, fresh);
                    put(fresh, sequence++);
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("the other writer failed", failure.get());
        }
        assertThat(nonEmpty).as("most conditions match some clusters").isGreaterThan(ROUNDS * QUERIES_PER_ROUND / 3);
    }

    private void put(ObjectNode cluster, long sequence) {
        String id = cluster.get("cluster_id").textValue();
        store.put(id, new ClusterState(sequence, cluster));
        partitions.get(Math.floorMod(id.hashCode(), partitions.size())).upsert(id, sequence, cluster);
    }

    /** Keeps replacing 300 clusters of batch 1 (new values, so new codes and rows) until told to stop. */
    private void writeOtherBatch(Random random, AtomicBoolean stop, AtomicReference<Throwable> failure) {
        try {
            List<ObjectNode> others = RandomClusterView.generate(random, 300);
            long sequence = 1;
            while (!stop.get()) {
                ObjectNode other = others.get(random.nextInt(others.size())).deepCopy();
                other.put("cluster_id", "other_" + other.get("cluster_id").textValue());
                ranged(random, other, 1);
                String id = other.get("cluster_id").textValue();
                partitions.get(Math.floorMod(id.hashCode(), partitions.size())).upsert(id, sequence++, other);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** Random values in the fields the conditions test, and {@code metadata.batch}. */
    private static void ranged(Random random, ObjectNode cluster, int batch) {
        for (String field : TIME_FIELDS) {
            switch (random.nextInt(8)) {
                case 0 -> cluster.remove(field);
                case 1 -> cluster.putNull(field);
                default -> cluster.put(field, Timestamps.format(instant(random)));
            }
        }
        cluster.set("num_documents_clustered", random.nextInt(6) == 0 ? hugeInteger(random)
                : Json.NODES.numberNode((long) random.nextInt(50) * (random.nextInt(4) == 0 ? 1_000_000_007L : 1)));
        cluster.set("execution_time_seconds", decimal(random));
        cluster.set("learning_quality_score", number(random));
        ObjectNode metadata = cluster.get("metadata") instanceof ObjectNode known ? known : cluster.putObject("metadata");
        metadata.put("batch", batch);
        switch (random.nextInt(10)) {
            case 0 -> metadata.remove("priority");
            case 1 -> metadata.putNull("priority");
            case 2 -> metadata.put("priority", random.nextBoolean() ? "high" : String.valueOf(random.nextInt(9)));
            case 3 -> metadata.put("priority", random.nextBoolean());
            case 4 -> metadata.set("priority", Json.NODES.arrayNode().add(number(random)).add("low"));
            case 5 -> metadata.putObject("priority").set("level", number(random));
            default -> metadata.set("priority", number(random));
        }
    }

    private static Instant instant(Random random) {
        long second = 1_700_000_000L + random.nextInt(40) * 86_400L + random.nextInt(3);
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000_000);
            default -> 500_000_000;
        };
        return random.nextInt(30) == 0 ? Instant.ofEpochSecond(-62_000_000_000L + random.nextInt(1000), nano)
                : Instant.ofEpochSecond(second, nano);
    }

    /** A number in any of the representations JSON gives: small integers, decimals, beyond long and double. */
    private static JsonNode number(Random random) {
        int small = random.nextInt(21) - 10;
        return switch (random.nextInt(7)) {
            case 0 -> Json.NODES.numberNode(small);
            case 1 -> Json.NODES.numberNode((double) small);
            case 2 -> Json.NODES.numberNode(small + 0.5);
            case 3 -> Json.NODES.numberNode(new BigDecimal(small).add(new BigDecimal("1e-30")));
            case 4 -> hugeInteger(random);
            case 5 -> Json.NODES.numberNode((long) small << 60);
            default -> Json.NODES.numberNode(new BigDecimal(small + ".000"));
        };
    }

    private static JsonNode hugeInteger(Random random) {
        BigInteger huge = BigInteger.TWO.pow(64 + random.nextInt(3)).add(BigInteger.valueOf(random.nextInt(3)));
        return Json.NODES.numberNode(random.nextBoolean() ? huge : huge.negate());
    }

    private static JsonNode decimal(Random random) {
        return random.nextInt(5) == 0 ? Json.NODES.numberNode(random.nextInt(100))
                : Json.NODES.numberNode(random.nextInt(10_000) / 100.0);
    }

    /** AND of a random tree of range conditions and {@code metadata.batch eq 0}, last, with a sort. */
    private ObjectNode body(Random random) {
        ObjectNode body = Json.NODES.objectNode();
        ObjectNode filters = body.putObject("filters");
        ArrayNode all = filters.putArray("AND");
        all.add(tree(random, 0));
        all.add(Json.NODES.objectNode().put("field", "metadata.batch").put("value", 0));
        ObjectNode sort = body.putObject("sort");
        sort.put("field", SORTS.get(random.nextInt(SORTS.size())));
        sort.put("direction", random.nextBoolean() ? "asc" : "desc");
        return body;
    }

    private JsonNode tree(Random random, int depth) {
        int roll = random.nextInt(10);
        if (depth >= 2 || roll < 6) {
            return condition(random);
        }
        ObjectNode group = Json.NODES.objectNode();
        ArrayNode items = group.putArray(roll < 8 ? "AND" : roll == 8 ? "OR" : "NOT");
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            items.add(tree(random, depth + 1));
        }
        return group;
    }

    private ObjectNode condition(Random random) {
        boolean time = random.nextInt(5) < 2;
        String field = time ? TIME_FIELDS.get(random.nextInt(TIME_FIELDS.size()))
                : NUMBER_FIELDS.get(random.nextInt(NUMBER_FIELDS.size()));
        ObjectNode condition = Json.NODES.objectNode();
        condition.put("field", field);
        condition.put("operator", OPERATORS.get(random.nextInt(OPERATORS.size())));
        JsonNode sample = sample(random, field);
        condition.set("value", sample != null && random.nextInt(3) > 0 ? sample
                : time ? Json.NODES.textNode(Timestamps.format(instant(random))) : number(random));
        return condition;
    }

    /** The value of {@code field} in a random cluster of the view (a number or a date-time), or null. */
    private JsonNode sample(Random random, String field) {
        ObjectNode cluster = view.get(random.nextInt(view.size()));
        JsonNode value = field.startsWith("metadata.") ? cluster.get("metadata").get("priority") : cluster.get(field);
        return value != null && (value.isNumber() || value.isTextual()) ? value : null;
    }
}
