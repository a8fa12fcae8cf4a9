package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.generate.Outcome;
import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.topology.DeadLetterHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Comparisons of what the indexer holds (stores, output topics) with {@link ExpectedView}. */
final class ViewAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 25;

    private ViewAssertions() {
    }

    /** Collects mismatches and fails once with all of them (the first {@value #SHOWN}). */
    static final class Problems {
        private final String what;
        private final List<String> problems = new ArrayList<>();

        Problems(String what) {
            this.what = what;
        }

        void add(String problem) {
            problems.add(problem);
        }

        void check() {
            assertThat(problems.size() > SHOWN ? problems.subList(0, SHOWN) : problems)
                    .as("%s: %d mismatches", what, problems.size())
                    .isEmpty();
        }
    }

    /** Every cluster by id, every namespace scan and every namespace's stats through the local queries. */
    static void assertQueries(LocalViewQueries queries, ExpectedView expected, Collection<String> clusterIds) {
        Problems problems = new Problems("local queries vs model");
        Set<String> ids = new TreeSet<>(clusterIds);
        ids.addAll(expected.liveClusters().keySet());
        ids.addAll(expected.deletedClusters().keySet());
        SortedMap<String, ObjectNode> live = expected.liveClusters();
        for (String id : ids) {
            Answer<ObjectNode> actual = queries.cluster(id);
            ObjectNode want = live.get(id);
            if (want == null) {
                if (!(actual instanceof Answer.NotFound)) {
                    problems.add("cluster " + id + ": expected NotFound, got " + actual);
                }
            } else if (!(actual instanceof Answer.Found<ObjectNode> found)) {
                problems.add("cluster " + id + ": expected Found, got " + actual);
            } else if (!found.value().equals(want)) {
                problems.add("cluster " + id + ": got " + found.value() + "\n   expected " + want);
            }
        }
        SortedMap<String, ExpectedView.Stats> stats = expected.stats();
        for (Namespace namespace : EventStream.TEST_NAMESPACES) {
            String ns = namespace.id();
            Answer<List<ObjectNode>> scan = queries.activeEventPartitions().flatMap(active ->
                    queries.scanNamespace(ns, active, ViewAssertions::inClusterIdOrder));
            List<ObjectNode> want = expected.namespace(ns);
            if (!(scan instanceof Answer.Found<List<ObjectNode>> found)) {
                problems.add("namespace " + ns + ": expected Found, got " + scan);
            } else if (!found.value().equals(want)) {
                problems.add("namespace " + ns + ": got " + ids(found.value()) + "\n   expected, in cluster id order "
                        + ids(want));
            }
            Answer<NamespaceStats> actualStats = queries.namespaceStats(EventStream.organizationOf(ns), ns);
            ExpectedView.Stats wantStats = stats.get(ns);
            if (wantStats == null) {
                if (!(actualStats instanceof Answer.NotFound)) {
                    problems.add("stats " + ns + ": expected NotFound, got " + actualStats);
                }
            } else if (!(actualStats instanceof Answer.Found<NamespaceStats> found)) {
                problems.add("stats " + ns + ": expected Found, got " + actualStats);
            } else {
                NamespaceStats s = found.value();
                ExpectedView.Stats got = new ExpectedView.Stats(s.namespaceId(), s.totalClusters(), s.totalDocuments(),
                        s.avgDocumentsPerCluster(), new TreeMap<>(s.clustersByStatus()));
                if (!got.equals(wantStats)) {
                    problems.add("stats " + ns + ": got " + got + "\n   expected " + wantStats);
                }
            }
        }
        problems.check();
    }

    private static List<ObjectNode> inClusterIdOrder(Iterable<ObjectNode> clusters) {
        List<ObjectNode> all = new ArrayList<>();
        clusters.forEach(all::add);
        all.sort(Comparator.comparing(cluster -> cluster.get("cluster_id").textValue()));
        return all;
    }

    /** Last value per key of {@code clusters-view} (read_committed) against the model. */
    static void assertViewTopic(Map<String, ConsumerRecord<String, byte[]>> lastPerKey, ExpectedView expected) {
        Problems problems = new Problems("clusters-view vs model");
        SortedMap<String, ObjectNode> live = expected.liveClusters();
        Set<String> tombstoned = new TreeSet<>();
        for (Map.Entry<String, ConsumerRecord<String, byte[]>> e : lastPerKey.entrySet()) {
            String id = e.getKey();
            byte[] value = e.getValue().value();
            if (value == null) {
                tombstoned.add(id);
                if (live.containsKey(id)) {
                    problems.add("clusters-view " + id + ": tombstone, but the cluster is live: " + live.get(id));
                }
                continue;
            }
            JsonNode got = parse(value);
            ObjectNode want = live.get(id);
            if (want == null) {
                problems.add("clusters-view " + id + ": " + got + ", but the cluster is not live");
            } else if (!got.equals(want)) {
                problems.add("clusters-view " + id + ": got " + got + "\n   expected " + want);
            }
        }
        for (String id : live.keySet()) {
            if (!lastPerKey.containsKey(id)) {
                problems.add("clusters-view has no record for live cluster " + id);
            }
        }
        if (!tombstoned.equals(expected.deletedClusters().keySet())) {
            problems.add("clusters-view tombstones " + tombstoned + "\n   expected deleted " + expected.deletedClusters().keySet());
        }
        problems.check();
    }

    /** Last value per key of {@code cluster-stats} (read_committed) against a recount over the live clusters. */
    static void assertStatsTopic(Map<String, ConsumerRecord<String, byte[]>> lastPerKey, ExpectedView expected) {
        Problems problems = new Problems("cluster-stats vs recount");
        SortedMap<String, ExpectedView.Stats> stats = expected.stats();
        for (Map.Entry<String, ConsumerRecord<String, byte[]>> e : lastPerKey.entrySet()) {
            String ns = e.getKey();
            ExpectedView.Stats want = stats.get(ns);
            byte[] value = e.getValue().value();
            if (value == null) {
                if (want != null) {
                    problems.add("cluster-stats " + ns + ": tombstone, expected " + want);
                }
                continue;
            }
            JsonNode got = parse(value);
            if (want == null) {
                problems.add("cluster-stats " + ns + ": " + got + ", but the namespace has no live cluster");
                continue;
            }
            Set<String> fields = new TreeSet<>();
            got.fieldNames().forEachRemaining(fields::add);
            if (!fields.equals(Set.of("namespace_id", "total_clusters", "total_documents", "avg_documents_per_cluster",
                    "clusters_by_status"))) {
                problems.add("cluster-stats " + ns + ": unexpected fields " + fields);
                continue;
            }
            SortedMap<String, Long> byStatus = new TreeMap<>();
            got.get("clusters_by_status").properties().forEach(s -> byStatus.put(s.getKey(), s.getValue().longValue()));
            ExpectedView.Stats actual = new ExpectedView.Stats(got.get("namespace_id").textValue(),
                    got.get("total_clusters").longValue(), got.get("total_documents").longValue(),
                    got.get("avg_documents_per_cluster").doubleValue(), byStatus);
            if (!actual.equals(want)) {
                problems.add("cluster-stats " + ns + ": got " + got + "\n   expected " + want);
            }
        }
        for (String ns : stats.keySet()) {
            if (!lastPerKey.containsKey(ns)) {
                problems.add("cluster-stats has no record for namespace " + ns);
            }
        }
        problems.check();
    }

    /**
     * The DLQ holds exactly one record per expected dead letter (matched by the source.* headers), with the original
     * key, value and headers, and the expected error.code / event_id.
     */
    static void assertDeadLetters(List<ConsumerRecord<String, byte[]>> dlq, ExpectedView expected) {
        Problems problems = new Problems("cluster-events-dlq vs model");
        Map<String, ExpectedView.DeadLetter> want = expected.deadLetters();
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : dlq) {
            String topic = KafkaIO.header(record, DeadLetterHeaders.SOURCE_TOPIC);
            String position = KafkaIO.header(record, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                    + KafkaIO.header(record, DeadLetterHeaders.SOURCE_OFFSET);
            String where = "DLQ " + record.partition() + "@" + record.offset() + " (source " + position + ")";
            if (!KafkaIO.EVENTS.equals(topic)) {
                problems.add(where + ": source.topic is " + topic);
            }
            int count = seen.merge(position, 1, Integer::sum);
            if (count > 1) {
                problems.add(where + ": dead-lettered " + count + " times");
                continue;
            }
            ExpectedView.DeadLetter letter = want.get(position);
            if (letter == null) {
                problems.add(where + ": not expected in the DLQ; code " + KafkaIO.header(record, DeadLetterHeaders.ERROR_CODE)
                        + ", value " + text(record.value()));
                continue;
            }
            ExpectedView.Input input = letter.input();
            if (!java.util.Objects.equals(record.key(), input.key())) {
                problems.add(where + ": key " + record.key() + ", expected " + input.key());
            }
            if (!Arrays.equals(record.value(), input.value())) {
                problems.add(where + ": value " + text(record.value()) + ", expected the original " + text(input.value()));
            }
            String code = KafkaIO.header(record, DeadLetterHeaders.ERROR_CODE);
            if (!letter.code().name().equals(code)) {
                problems.add(where + ": error.code " + code + ", expected " + letter.code() + " for " + text(input.value())
                        + " (message: " + KafkaIO.header(record, DeadLetterHeaders.ERROR_MESSAGE) + ")");
            }
            String message = KafkaIO.header(record, DeadLetterHeaders.ERROR_MESSAGE);
            if (message == null || message.isBlank()) {
                problems.add(where + ": no error.message");
            }
            String eventId = KafkaIO.header(record, DeadLetterHeaders.EVENT_ID);
            if (!java.util.Objects.equals(eventId, letter.eventId())) {
                problems.add(where + ": event_id header " + eventId + ", expected " + letter.eventId());
            }
            String index = KafkaIO.header(record, KafkaIO.INDEX_HEADER);
            if (input.index() >= 0 && !Long.toString(input.index()).equals(index)) {
                problems.add(where + ": original header " + KafkaIO.INDEX_HEADER + " is " + index + ", expected "
                        + input.index());
            }
            for (String name : List.of(DeadLetterHeaders.ERROR_CODE, DeadLetterHeaders.ERROR_MESSAGE,
                    DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET)) {
                if (KafkaIO.headerCount(record, name) != 1) {
                    problems.add(where + ": header " + name + " appears " + KafkaIO.headerCount(record, name) + " times");
                }
            }
        }
        for (Iterator<String> it = want.keySet().iterator(); it.hasNext(); ) {
            String position = it.next();
            if (!seen.containsKey(position)) {
                ExpectedView.DeadLetter letter = want.get(position);
                problems.add("missing in DLQ: source " + position + " " + letter.code() + " " + text(letter.input().value()));
            }
        }
        problems.check();
    }

    /** Every replayed input the filter selects got the outcome its generator intended. */
    static void assertIntendedOutcomes(ExpectedView expected, Map<Long, GeneratedRecord> generated,
                                       Predicate<ExpectedView.Input> considered) {
        Problems problems = new Problems("model outcome vs generator intent");
        for (Map.Entry<ExpectedView.Input, Outcome> e : expected.outcomes()) {
            ExpectedView.Input input = e.getKey();
            if (!considered.test(input)) {
                continue;
            }
            GeneratedRecord record = generated.get(input.index());
            if (record == null) {
                problems.add("input " + input.position() + " has unknown index " + input.index());
            } else if (!record.expected().equals(e.getValue())) {
                problems.add("input " + input.position() + ": model says " + e.getValue() + " for " + record);
            }
        }
        problems.check();
    }

    private static String ids(List<ObjectNode> clusters) {
        return clusters.stream().map(c -> c.get("cluster_id").textValue()).toList().toString();
    }

    static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] value) {
        if (value == null) {
            return "null";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
