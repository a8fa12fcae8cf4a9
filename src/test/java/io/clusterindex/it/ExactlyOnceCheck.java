package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.api.ApiClient;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.testkit.ExpectedView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The end-of-run check of a kill loop, against one clean pass computed independently ({@link ExpectedView}, a replay
 * of what {@code cluster-events} holds): once the indexer's group has caught up, {@code clusters-view} and
 * {@code cluster-stats} (latest per key, read_committed), the DLQ (each bad record once, by source partition and
 * offset) and the API (every namespace listed in full, and its stats) equal the replay; every generated record is in
 * the topic, and a record is there twice only if its send was retried.
 */
public final class ExactlyOnceCheck {
    /** One raw API key per organization of {@link EventStream#TEST_NAMESPACES}. */
    static final Map<String, String> KEYS = Map.of("org_1", "sk_it_killloop_org1", "org_2", "sk_it_killloop_org2");
    private static final int PAGE = 1000;

    /** What the check compared. */
    public record Summary(int inputs, int generated, int resent, long applied, long skipped, int deadLetters, int live,
                   int deleted) {
    }

    private ExactlyOnceCheck() {
    }

    /**
     * Waits up to {@code catchUp} for the group, then checks; {@code alive} runs at each poll and throws when the
     * indexer has died.
     */
    static Summary verify(String bootstrap, Map<Long, GeneratedRecord> generated, Set<Long> resent, ApiClient api,
                          Duration catchUp, Runnable alive) {
        KafkaIO.awaitGroupCaughtUp(bootstrap, catchUp, alive);
        List<ExpectedView.Input> inputs = KafkaIO.inputs(KafkaIO.readAll(bootstrap, KafkaIO.EVENTS, catchUp));
        assertNothingLostAndOnlyResentDuplicated(inputs, generated, resent);
        ExpectedView expected = ExpectedView.replay(inputs);
        Set<String> keysWithResends = new HashSet<>();
        resent.forEach(index -> keysWithResends.add(generated.get(index).key()));
        ViewAssertions.assertIntendedOutcomes(expected, generated,
                input -> !resent.contains(input.index()) && !keysWithResends.contains(input.key()));
        Duration settle = Duration.ofSeconds(120);
        await("clusters-view equals the replay").atMost(settle).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    alive.run();
                    ViewAssertions.assertViewTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.VIEW), expected);
                });
        await("cluster-stats equals the recount").atMost(settle).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    alive.run();
                    ViewAssertions.assertStatsTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.STATS), expected);
                });
        await("the DLQ holds each bad record exactly once").atMost(settle).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    alive.run();
                    ViewAssertions.assertDeadLetters(KafkaIO.readAll(bootstrap, KafkaIO.DLQ, catchUp), expected);
                });
        await("the API answers the replay").atMost(settle).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    alive.run();
                    assertApi(api, expected);
                });
        return new Summary(inputs.size(), generated.size(), resent.size(), expected.appliedCount(),
                expected.skippedCount(), expected.deadLetters().size(), expected.liveClusters().size(),
                expected.deletedClusters().size());
    }

    /** Every namespace's clusters, listed page by page, and its stats, as the API answers them. */
    static void assertApi(ApiClient api, ExpectedView expected) {
        ViewAssertions.Problems problems = new ViewAssertions.Problems("API vs replay");
        SortedMap<String, ExpectedView.Stats> stats = expected.stats();
        for (Namespace namespace : EventStream.TEST_NAMESPACES) {
            String ns = namespace.id();
            String key = KEYS.get(namespace.organizationId());
            List<JsonNode> listed = listAll(api, key, ns);
            listed.sort(Comparator.comparing(cluster -> cluster.get("cluster_id").textValue()));
            List<ObjectNode> want = expected.namespace(ns);
            if (!listed.equals(want)) {
                problems.add("list " + ns + ": " + listed.size() + " clusters, expected " + want.size()
                        + firstDifference(listed, want));
            }
            ApiClient.Response answer = api.get(ApiClient.STATS, ApiClient.caller(key, ns));
            ExpectedView.Stats wantStats = stats.get(ns);
            long wantTotal = wantStats == null ? 0 : wantStats.totalClusters();
            if (answer.status() != 200) {
                problems.add("stats " + ns + ": " + answer);
            } else if (answer.json().get("total_clusters").longValue() != wantTotal
                    || wantStats != null && !sameStats(answer.json(), wantStats)) {
                problems.add("stats " + ns + ": got " + answer.text() + "\n   expected " + wantStats);
            }
        }
        problems.check();
    }

    private static boolean sameStats(JsonNode got, ExpectedView.Stats want) {
        SortedMap<String, Long> byStatus = new TreeMap<>();
        got.get("clusters_by_status").properties().forEach(s -> {
            if (s.getValue().longValue() != 0) {
                byStatus.put(s.getKey(), s.getValue().longValue());
            }
        });
        SortedMap<String, Long> wantByStatus = new TreeMap<>(want.clustersByStatus());
        wantByStatus.values().removeIf(count -> count == 0);
        return got.get("total_documents").longValue() == want.totalDocuments()
                && got.get("avg_documents_per_cluster").doubleValue() == want.avgDocumentsPerCluster()
                && byStatus.equals(wantByStatus);
    }

    private static List<JsonNode> listAll(ApiClient api, String key, String ns) {
        List<JsonNode> all = new ArrayList<>();
        String query = "limit=" + PAGE;
        while (true) {
            ApiClient.Response page = api.list(key, ns, query, "{}");
            assertThat(page.status()).as("list %s (%s): %s", ns, query, page).isEqualTo(200);
            page.json().get("results").forEach(all::add);
            JsonNode cursor = page.json().get("pagination").get("next_cursor");
            if (cursor == null || cursor.isNull()) {
                return all;
            }
            query = "limit=" + PAGE + "&cursor=" + cursor.textValue();
        }
    }

    private static String firstDifference(List<JsonNode> got, List<ObjectNode> want) {
        for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
            if (!got.get(i).equals(want.get(i))) {
                return "; first difference at " + i + ": got " + got.get(i) + "\n   expected " + want.get(i);
            }
        }
        return "";
    }

    /** Every generated record is in the topic; a record appears twice only if its send was retried. */
    static void assertNothingLostAndOnlyResentDuplicated(List<ExpectedView.Input> inputs,
                                                                 Map<Long, GeneratedRecord> generated,
                                                                 Set<Long> resent) {
        Map<Long, Integer> copies = new HashMap<>();
        for (ExpectedView.Input input : inputs) {
            assertThat(generated).as("input %s carries a generated index", input.position()).containsKey(input.index());
            copies.merge(input.index(), 1, Integer::sum);
        }
        assertThat(copies.keySet()).as("generated records present in %s", KafkaIO.EVENTS)
                .containsExactlyInAnyOrderElementsOf(generated.keySet());
        copies.forEach((index, count) -> {
            if (count > 1) {
                assertThat(resent).as("record %d appears %d times but was never re-sent", index, count).contains(index);
            }
        });
    }
}
