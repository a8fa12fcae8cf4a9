package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The seven requests of the query benchmark (the q1..q7) over the clusters of {@link QueryDataset}, with
 * what each response must look like. Every list request asks for {@value #LIMIT} results.
 *
 * <p>For q1..q5 the mix also knows which clusters should match ({@link Query#matches}, evaluated on the cluster's
 * final state while the dataset is generated, and on every result of a probe response) and in which order
 * ({@link Query#order}), so the benchmark checks the engine's answers, not just the status codes.
 */
final class QueryMix {
    static final int LIMIT = 50;
    /** q2's {@code created_at gte}: the last 46 of 213 days of the dataset's creation window. */
    static final String Q2_CREATED_FROM = "2026-10-15T00:00:00Z";
    static final String Q3_SEARCH = "tickets";
    static final String Q3_TEAM = "support-analytics";
    static final String Q4_REGEX = "by (topic|intent) #[1-4][0-9]*$";

    enum Kind {
        /** POST /v1/clusters/list: a page of results, a total and stats. */
        LIST,
        /** GET /v1/clusters/{id}. */
        GET,
        /** GET /v1/clusters/stats. */
        STATS
    }

    /**
     * One query of the mix.
     *
     * @param requests the request to send, drawn per call (q6 picks a random cluster id)
     * @param matches  for LIST queries: whether a cluster (a final state from the dataset, or a result) matches
     * @param order    for LIST queries: the order of the results (ties by cluster_id ascending)
     * @param offset   the offset of a LIST query
     */
    record Query(String name, String description, Kind kind, Function<SplittableRandom, QueryClient.Request> requests,
                 Predicate<JsonNode> matches, Comparator<JsonNode> order, int offset) {
        /** Cheap check of a measured response's bytes (the probe checks the parsed JSON). */
        boolean looksValid(byte[] body, boolean expectResults) {
            return switch (kind) {
                case LIST -> startsWith(body, expectResults ? NON_EMPTY_LIST : LIST_PREFIX);
                case GET -> startsWith(body, GET_PREFIX);
                case STATS -> startsWith(body, STATS_PREFIX);
            };
        }
    }

    private static final byte[] LIST_PREFIX = "{\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NON_EMPTY_LIST = "{\"results\":[{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_PREFIX = "{\"cluster_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATS_PREFIX = "{\"total_clusters\":".getBytes(StandardCharsets.US_ASCII);

    private QueryMix() {
    }

    static List<Query> all(QueryDataset dataset) {
        List<Query> queries = new ArrayList<>();
        Comparator<JsonNode> byId = Comparator.comparing(c -> text(c, "cluster_id"));

        queries.add(new Query("q1", "no body, limit " + LIMIT + " (default sort created_at desc)", Kind.LIST,
                fixed(list(LIMIT, 0, null)), c -> true,
                Comparator.comparing((JsonNode c) -> Instant.parse(text(c, "created_at"))).reversed()
                        .thenComparing(byId), 0));

        Instant q2From = Instant.parse(Q2_CREATED_FROM);
        queries.add(new Query("q2", "status in [COMPLETED, FAILED] AND created_at gte " + Q2_CREATED_FROM
                + ", sort num_documents_clustered desc, offset 500", Kind.LIST,
                fixed(list(LIMIT, 500, """
                        {"filters": {"AND": [
                            {"field": "status", "operator": "in", "value": ["COMPLETED", "FAILED"]},
                            {"field": "created_at", "operator": "gte", "value": "%s"}]},
                         "sort": {"field": "num_documents_clustered", "direction": "desc"}}"""
                        .formatted(Q2_CREATED_FROM))),
                c -> Set.of("COMPLETED", "FAILED").contains(text(c, "status"))
                        && !Instant.parse(text(c, "created_at")).isBefore(q2From),
                Comparator.comparing((JsonNode c) -> number(c, "num_documents_clustered"),
                        Comparator.nullsLast(Comparator.<Long>reverseOrder())).thenComparing(byId), 500));

        queries.add(new Query("q3", "search \"" + Q3_SEARCH + "\" AND metadata.team eq " + Q3_TEAM, Kind.LIST,
                fixed(list(LIMIT, 0, """
                        {"search": "%s",
                         "filters": {"AND": [{"field": "metadata.team", "operator": "eq", "value": "%s"}]}}"""
                        .formatted(Q3_SEARCH, Q3_TEAM))),
                c -> Q3_TEAM.equals(text(c.path("metadata"), "team")) && searchMatches(c, Q3_SEARCH),
                Comparator.comparing((JsonNode c) -> Instant.parse(text(c, "created_at"))).reversed()
                        .thenComparing(byId), 0));

        Pattern q4 = Pattern.compile(Q4_REGEX, Pattern.CASE_INSENSITIVE);
        queries.add(new Query("q4", "cluster_name regex '" + Q4_REGEX + "', sort cluster_name asc", Kind.LIST,
                fixed(list(LIMIT, 0, """
                        {"filters": {"AND": [{"field": "cluster_name", "operator": "regex", "value": "%s"}]},
                         "sort": {"field": "cluster_name", "direction": "asc"}}""".formatted(Q4_REGEX))),
                c -> q4.matcher(text(c, "cluster_name")).find(),
                Comparator.comparing((JsonNode c) -> text(c, "cluster_name"), QueryMix::compareCodePoints)
                        .thenComparing(byId), 0));

        queries.add(new Query("q5", "3-level AND/OR/NOT over cluster_type, metadata.env, metadata.tier,"
                + " num_documents_clustered, algorithm, status", Kind.LIST,
                fixed(list(LIMIT, 0, """
                        {"filters": {"AND": [
                            {"field": "cluster_type", "operator": "eq", "value": "vector"},
                            {"OR": [
                                {"field": "metadata.env", "operator": "eq", "value": "staging"},
                                {"AND": [
                                    {"field": "metadata.tier", "operator": "in", "value": ["gold", "platinum"]},
                                    {"field": "num_documents_clustered", "operator": "gte", "value": 50000}]}]},
                            {"NOT": [
                                {"field": "algorithm", "operator": "eq", "value": "dbscan"},
                                {"field": "status", "operator": "eq", "value": "FAILED"}]}]}}""")),
                c -> "vector".equals(text(c, "cluster_type"))
                        && ("staging".equals(text(c.path("metadata"), "env"))
                            || Set.of("gold", "platinum").contains(text(c.path("metadata"), "tier"))
                               && number(c, "num_documents_clustered") != null
                               && number(c, "num_documents_clustered") >= 50_000)
                        && !"dbscan".equals(text(c, "algorithm")) && !"FAILED".equals(text(c, "status")),
                Comparator.comparing((JsonNode c) -> Instant.parse(text(c, "created_at"))).reversed()
                        .thenComparing(byId), 0));

        queries.add(new Query("q6", "GET /v1/clusters/{id}, a random id of the namespace", Kind.GET,
                random -> new QueryClient.Request("GET", "/v1/clusters/"
                        + dataset.clusterId(random.nextInt(dataset.clusters())), null), null, null, 0));

        queries.add(new Query("q7", "GET /v1/clusters/stats", Kind.STATS,
                fixed(new QueryClient.Request("GET", "/v1/clusters/stats", null)), null, null, 0));
        return queries;
    }

    private static Function<SplittableRandom, QueryClient.Request> fixed(QueryClient.Request request) {
        return random -> request;
    }

    private static QueryClient.Request list(int limit, int offset, String body) {
        byte[] bytes = null;
        if (body != null) {
            try {
                // compact and check the JSON once
                bytes = Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new QueryClient.Request("POST", "/v1/clusters/list?limit=" + limit + "&offset=" + offset, bytes);
    }

    /** api.md's search: the term, case-folded, is a substring of cluster_id, cluster_name, algorithm or a metadata string. */
    static boolean searchMatches(JsonNode cluster, String term) {
        String folded = term.toLowerCase(Locale.ROOT);
        for (String field : new String[] {"cluster_id", "cluster_name", "algorithm"}) {
            String value = text(cluster, field);
            if (value != null && value.toLowerCase(Locale.ROOT).contains(folded)) {
                return true;
            }
        }
        return anyString(cluster.path("metadata"), folded);
    }

    private static boolean anyString(JsonNode node, String folded) {
        if (node.isTextual()) {
            return node.textValue().toLowerCase(Locale.ROOT).contains(folded);
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (anyString(child, folded)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isIntegralNumber() ? null : value.longValue();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A cluster's final state as far as the mix looks at it, built by the dataset for the expected totals. */
    static ObjectNode facts(String clusterId, ObjectNode createdData, ObjectNode metadata, String status,
                            String createdAt, Long documents) {
        ObjectNode facts = Json.NODES.objectNode();
        facts.put("cluster_id", clusterId);
        facts.set("cluster_name", createdData.get("cluster_name"));
        facts.set("cluster_type", createdData.get("cluster_type"));
        facts.set("algorithm", createdData.get("algorithm"));
        facts.set("metadata", metadata);
        facts.put("status", status);
        facts.put("created_at", createdAt);
        if (documents == null) {
            facts.putNull("num_documents_clustered");
        } else {
            facts.put("num_documents_clustered", documents.longValue());
        }
        return facts;
    }
}
