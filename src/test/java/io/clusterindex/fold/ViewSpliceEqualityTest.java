package io.clusterindex.fold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.json.Json;
import io.clusterindex.stats.Contribution;
import io.clusterindex.topology.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The view JSON that execution events write by reusing the stored JSON ({@link ViewSplice}) equals, byte for byte, the
 * JSON the reference path writes (the whole tree through {@link Json#MAPPER}), over random fold histories that go
 * through the real parser and the store's serde: every event type, merge patches with nested objects and nulls,
 * deletes and re-creates, duplicates, rejections, and values chosen to trip a byte scanner or a re-encoding
 * (keys named {@code status}, escapes, non-ASCII, number spellings that Jackson rewrites).
 */
class ViewSpliceEqualityTest {
    private static final Serde<ClusterState> SERDE = StateSerdes.clusterState();
    private static final String[] TYPES = {"cluster.created", "cluster.updated", "cluster.execution.started",
            "cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted"};
    /** For a live cluster: TYPES[i] when a pick in 0..99 is below LIVE_TYPE_UP_TO[i], any type above the last. */
    private static final int[] LIVE_TYPE_UP_TO = {0, 25, 45, 70, 80, 88, 93};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "2147483648", "9223372036854775807",
            "12345678901234567890123", "1.10", "1E+2", "1e2", "-0.0", "1e-7", "0.30000000000000004", "2.5e300",
            "1e-320", "3.141592653589793238462643", "100.000"};
    private static final String[] STRING_PARTS = {"status", "\\\"status\\\":", ",\\\"status\\\":\\\"X\\\"", "\\\\",
            "\\\\\\\"", "\\u00e9", "é", "\\ud83d\\ude00", "😀", "\\u0000", "\\n", "\\t", "{", "}", "[", "]", ",", ":",
            "\\/", "/", "\\u2028", "plain", " ", "\\ud800"};
    private static final String[] KEYS = {"status", "updated_at", "cluster_id", "a", "b", "", "k\\\"ey", "é",
            "num_documents_clustered"};
    private static final String[] PATCHABLE = {"cluster_name", "cluster_type", "input_collections",
            "source_bucket_ids", "filters", "feature_uris", "multi_feature_strategy", "clustered_attributes",
            "hierarchical_grouping", "aggregation_method", "output_collection_ids", "output_collection_names",
            "algorithm", "algorithm_params", "enrich_source", "source_enrichment_config", "llm_labeling",
            "parent_cluster_id", "metadata"};

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reusingTheStoredJsonWritesTheSameBytesAsWritingTheWholeView(long seed) throws Exception {
        History history = new History(new Random(seed));
        Map<String, byte[]> reference = new HashMap<>();
        Map<String, byte[]> reusing = new HashMap<>();
        int reused = 0;
        int patched = 0;
        for (int i = 0; i < 1_500; i++) {
            String[] clusters = {"c1", "c2", "c3"};
            String clusterId = clusters[history.random.nextInt(clusters.length)];
            byte[] value = history.next(clusterId);
            ParseResult parsed = EventParser.parse(utf8(clusterId), value);
            if (!(parsed instanceof ParseResult.Parsed ok)) {
                continue;
            }
            ClusterEvent event = ok.event();
            ClusterState referenceBefore = SERDE.deserializer().deserialize("t", reference.get(clusterId));
            ClusterState reusingBefore = SERDE.deserializer().deserialize("t", reusing.get(clusterId));
            FoldOutcome expected = ClusterFold.apply(event, referenceBefore, false);
            FoldOutcome actual = ClusterFold.apply(event, reusingBefore, true);
            String step = "seed " + seed + ", step " + i + ": " + new String(value, StandardCharsets.UTF_8);
            assertThat(actual.getClass()).as(step).isEqualTo(expected.getClass());
            if (expected instanceof FoldOutcome.Applied want) {
                FoldOutcome.Applied got = (FoldOutcome.Applied) actual;
                byte[] wantStored = SERDE.serializer().serialize("t", want.state());
                byte[] gotStored = SERDE.serializer().serialize("t", got.state());
                assertThat(gotStored).as(step).isEqualTo(wantStored);
                assertThat(got.state().clusterJson()).as(step).isEqualTo(want.state().clusterJson());
                if (want.state().isLive()) {
                    assertThat(got.state().clusterJson()).as(step)
                            .isEqualTo(Json.MAPPER.writeValueAsBytes(want.state().cluster()));
                }
                assertThat(got.before()).as(step).isEqualTo(want.before());
                assertThat(got.after()).as(step).isEqualTo(want.after());
                assertThat(Contribution.of(got.after())).as(step).isEqualTo(Contribution.of(want.after()));
                if (got.state().isLive()) {
                    assertThat(new Contribution(got.state().header().status(), got.state().header().documents()))
                            .as(step + " (header)").isEqualTo(Contribution.of(want.after()));
                }
                if (got.changes() != null) {
                    for (ClusterField field : ClusterField.values()) {
                        if (!got.changes().containsKey(field)) {
                            assertThat(want.after().get(field.wireName())).as(step + ": " + field + " unchanged")
                                    .isEqualTo(want.before().get(field.wireName()));
                        }
                    }
                }
                reference.put(clusterId, wantStored);
                reusing.put(clusterId, gotStored);
                history.applied(clusterId, event, value);
                if (event.type().wireName().startsWith("cluster.execution")) {
                    assertThat(ViewSplice.keyStarts(reusingBefore.clusterJson())).as(step).isNotNull();
                    reused++;
                } else if (event.type().wireName().equals("cluster.updated")) {
                    assertThat(got.changes()).as(step + ": updates are spliced too").isNotNull();
                    patched++;
                }
            } else {
                assertThat(actual).as(step).isEqualTo(expected);
            }
        }
        assertThat(reused).as("execution events applied").isGreaterThan(150);
        assertThat(patched).as("updated events applied").isGreaterThan(50);
    }

    @Test
    void findsTheTopLevelKeysOnlyWhenTheyAreExactlyTheViewFieldsInOrder() throws Exception {
        ObjectNode view = Json.NODES.objectNode();
        for (ClusterField field : ClusterField.values()) {
            view.set(field.wireName(), field.defaultValue());
        }
        view.set("metadata", TestEvents.object("{\"a\":{\"status\":1},\"b\":[\"status\",\"x\\\\\"],"
                + "\"c\":\"\\\",\\\"status\\\":\"}"));
        byte[] json = Json.MAPPER.writeValueAsBytes(view);
        int[] starts = ViewSplice.keyStarts(json);
        assertThat(starts).isNotNull();
        String text = new String(json, StandardCharsets.UTF_8);
        for (ClusterField field : ClusterField.values()) {
            assertThat(text.substring(starts[field.ordinal()])).startsWith("\"" + field.wireName() + "\":");
        }
        assertThat(starts[ClusterField.STATUS.ordinal()]).isEqualTo(text.lastIndexOf("\"status\":"));
        view.remove("completed_at");
        assertThat(ViewSplice.keyStarts(Json.MAPPER.writeValueAsBytes(view))).isNull();
        view.put("completed_at", "x");
        assertThat(ViewSplice.keyStarts(Json.MAPPER.writeValueAsBytes(view))).as("out of order").isNull();
    }

    /** A random event stream over a few clusters, mostly valid, that remembers enough to make valid events. */
    private static final class History {
        final Random random;
        final Map<String, Long> sequence = new HashMap<>();
        final Map<String, String> task = new HashMap<>();
        final Map<String, Boolean> live = new HashMap<>();
        final List<byte[]> sent = new ArrayList<>();
        int events;

        History(Random random) {
            this.random = random;
        }

        void applied(String clusterId, ClusterEvent event, byte[] value) {
            sequence.put(clusterId, event.sequence());
            switch (event.type()) {
                case CREATED -> {
                    live.put(clusterId, true);
                    task.remove(clusterId);
                }
                case DELETED -> live.put(clusterId, false);
                case EXECUTION_STARTED -> task.put(clusterId, event.data().get("task_id").textValue());
                default -> {
                }
            }
        }

        byte[] next(String clusterId) {
            if (!sent.isEmpty() && random.nextInt(20) == 0) {
                return sent.get(random.nextInt(sent.size()));
            }
            boolean isLive = live.getOrDefault(clusterId, false);
            int pick = random.nextInt(100);
            String type;
            if (!isLive) {
                type = pick < 85 ? TYPES[0] : TYPES[1 + random.nextInt(TYPES.length - 1)];
            } else {
                int index = 0;
                while (index < LIVE_TYPE_UP_TO.length && pick >= LIVE_TYPE_UP_TO[index]) {
                    index++;
                }
                type = index < LIVE_TYPE_UP_TO.length ? TYPES[index] : TYPES[random.nextInt(TYPES.length)];
            }
            long last = sequence.getOrDefault(clusterId, 0L);
            long seq = random.nextInt(30) == 0 ? Math.max(1, last) : last + 1 + (random.nextInt(8) == 0 ? 2 : 0);
            String namespace = random.nextInt(40) == 0 ? "ns_other" : "ns_1";
            String data = switch (type) {
                case "cluster.created" -> createData();
                case "cluster.updated" -> patch();
                case "cluster.execution.started" -> "{\"task_id\":" + (random.nextInt(25) == 0 ? "5"
                        : quoted("task_" + (events + 1) + string())) + "}";
                case "cluster.execution.completed" -> resultData(clusterId);
                case "cluster.execution.failed", "cluster.execution.canceled" -> "{\"task_id\":"
                        + quoted(currentTask(clusterId)) + (random.nextBoolean()
                        ? ",\"llm_labeling_errors\":" + (random.nextInt(10) == 0 ? "{}" : array(2)) : "") + "}";
                default -> "{}";
            };
            events++;
            String envelope = "{\"event_id\":\"evt_" + events + "\",\"event_type\":\"" + type
                    + "\",\"cluster_id\":\"" + clusterId + "\",\"namespace_id\":\"" + namespace
                    + "\",\"organization_id\":\"org_1\",\"sequence\":" + seq + ",\"occurred_at\":\"2026-11-28T10:"
                    + String.format("%02d:%02d.%03d", events / 60 % 60, events % 60, random.nextInt(1000))
                    + (random.nextBoolean() ? "Z" : "+01:00") + "\",\"data\":" + data + "}";
            byte[] value = utf8(envelope);
            sent.add(value);
            return value;
        }

        private String currentTask(String clusterId) {
            String current = task.get(clusterId);
            return current == null || random.nextInt(12) == 0 ? "task_stale" : current;
        }

        private String createData() {
            StringBuilder data = new StringBuilder("{\"cluster_name\":" + quoted("name " + string())
                    + ",\"input_collections\":[\"col_1\"" + (random.nextBoolean() ? ",\"col_2\"" : "")
                    + "],\"cluster_type\":\"" + (random.nextBoolean() ? "vector" : "attribute") + "\"");
            if (random.nextBoolean()) {
                data.append(",\"metadata\":").append(object(3));
            }
            if (random.nextBoolean()) {
                data.append(",\"filters\":").append(object(2));
            }
            if (random.nextBoolean()) {
                data.append(",\"algorithm\":").append(quoted(string())).append(",\"algorithm_params\":")
                        .append(object(2));
            }
            if (random.nextInt(4) == 0) {
                data.append(",\"status\":\"FAILED\",\"colour\":").append(value(1));
            }
            if (random.nextInt(4) == 0) {
                data.append(",\"enrich_source\":true,\"feature_uris\":[").append(quoted(string())).append("]");
            }
            return data.append("}").toString();
        }

        private String patch() {
            StringBuilder patch = new StringBuilder("{");
            int fields = random.nextInt(4);
            for (int i = 0; i < fields; i++) {
                String field = random.nextInt(3) == 0 ? "metadata" : PATCHABLE[random.nextInt(PATCHABLE.length)];
                if (patch.indexOf("\"" + field + "\"") >= 0) {
                    continue;
                }
                patch.append(patch.length() > 1 ? "," : "").append(quoted(field)).append(':')
                        .append(patchValue(field));
            }
            if (random.nextInt(30) == 0) {
                patch.append(patch.length() > 1 ? "," : "").append("\"status\":\"FAILED\"");
            }
            return patch.append('}').toString();
        }

        private String patchValue(String field) {
            if (random.nextInt(8) == 0) {
                return "null";
            }
            if (random.nextInt(25) == 0) {
                return value(1);
            }
            return switch (field) {
                case "cluster_name", "multi_feature_strategy", "aggregation_method", "algorithm", "parent_cluster_id" ->
                        quoted(string());
                case "cluster_type" -> random.nextBoolean() ? "\"vector\"" : "\"attribute\"";
                case "input_collections", "source_bucket_ids", "feature_uris", "clustered_attributes",
                     "output_collection_ids", "output_collection_names" -> "[" + quoted(string()) + "]";
                case "hierarchical_grouping", "enrich_source" -> Boolean.toString(random.nextBoolean());
                default -> object(3);
            };
        }

        private String resultData(String clusterId) {
            StringBuilder data = new StringBuilder("{\"task_id\":" + quoted(currentTask(clusterId)));
            if (random.nextInt(20) != 0) {
                data.append(",\"num_clusters\":").append(random.nextInt(50));
            }
            data.append(",\"num_documents_clustered\":").append(random.nextInt(20) == 0 ? "-1" : random.nextInt(9999))
                    .append(",\"execution_time_seconds\":").append(number());
            if (random.nextBoolean()) {
                data.append(",\"learned_weights\":").append(object(2));
            }
            if (random.nextBoolean()) {
                data.append(",\"learning_quality_score\":").append(random.nextInt(10) == 0 ? "null" : number());
            }
            if (random.nextBoolean()) {
                data.append(",\"effective_feature_method\":").append(quoted(string()));
            }
            if (random.nextBoolean()) {
                data.append(",\"hierarchy_detected\":").append(random.nextBoolean())
                        .append(",\"child_cluster_ids\":[").append(quoted(string())).append(']')
                        .append(",\"hierarchy_relationships\":[").append(object(2)).append(']');
            }
            if (random.nextBoolean()) {
                data.append(",\"llm_labeling_errors\":").append(array(2));
            }
            if (random.nextBoolean()) {
                data.append(",\"with_errors\":").append(random.nextInt(15) == 0 ? "\"yes\"" : random.nextBoolean());
            }
            return data.append('}').toString();
        }

        private String value(int depth) {
            int pick = random.nextInt(depth > 0 ? 9 : 6);
            return switch (pick) {
                case 0 -> "null";
                case 1 -> Boolean.toString(random.nextBoolean());
                case 2, 3 -> number();
                case 4, 5 -> quoted(string());
                case 6, 7 -> object(depth - 1);
                default -> array(depth - 1);
            };
        }

        private String object(int depth) {
            StringBuilder object = new StringBuilder("{");
            int fields = random.nextInt(4);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                if (keys.contains(key)) {
                    continue;
                }
                keys.add(key);
                object.append(object.length() > 1 ? "," : "").append('"').append(key).append("\":")
                        .append(random.nextInt(5) == 0 ? "null" : value(Math.max(depth, 0)));
            }
            return object.append('}').toString();
        }

        private String array(int depth) {
            StringBuilder array = new StringBuilder("[");
            int items = random.nextInt(3);
            for (int i = 0; i < items; i++) {
                array.append(i > 0 ? "," : "").append(value(Math.max(depth, 0)));
            }
            return array.append(']').toString();
        }

        private String number() {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }

        private String string() {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(4);
            for (int i = 0; i < parts; i++) {
                text.append(STRING_PARTS[random.nextInt(STRING_PARTS.length)]);
            }
            return text.toString();
        }

        /** {@code text} is already escaped for JSON. */
        private static String quoted(String text) {
            return "\"" + text + "\"";
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
