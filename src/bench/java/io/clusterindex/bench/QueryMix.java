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
 * The requests of the query benchmark over the clusters of {@link QueryDataset}, with what each response must look
 * like: the seven fixed ones (the q1..q7, {@link #all}) and the varied ones ({@link VariedQueries}). Every
 * list request asks for {@value #LIMIT} results.
 *
 * <p>For the list queries each {@link Draw} also knows which clusters should match ({@link Draw#matches}, evaluated
 * on the cluster's final state while the dataset is generated, and on every result of a probe response) and in
 * which order ({@link Draw#order}), so the benchmark checks the engine's answers, not just the status codes.
 */
final class QueryMix {
    static final int LIMIT = 50;
    /** How many draws of a varied query the probe checks against the dataset's final states. */
    static final int PROBE_DRAWS = 4;
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
     * One request of a query with what its answer must hold.
     *
     * @param matches for LIST queries: whether a cluster (a final state from the dataset, or a result) matches
     * @param order   for LIST queries: the order of the results (ties by cluster_id ascending)
     * @param offset  the offset of a LIST query
     */
    record Draw(QueryClient.Request request, Predicate<JsonNode> matches, Comparator<JsonNode> order, int offset) {
    }

    /**
     * One query of the mix: a fixed request (q1..q7: the same body every time, q6 a random id) or a varied one
     * (new values every request, drawn from the dataset's distributions).
     *
     * @param draws  the request to send with its expectations, drawn per call
     * @param varied whether every draw asks something new (the probe then checks {@value #PROBE_DRAWS} draws)
     */
    record Query(String name, String description, Kind kind, Function<SplittableRandom, Draw> draws, boolean varied) {
        QueryClient.Request request(SplittableRandom random) {
            return draws.apply(random).request();
        }

        /**
         * The draws the probe checks against the dataset's final states: the fixed request once, or for a varied
         * query {@value #PROBE_DRAWS} draws of a sequence fixed by {@code seed} and the query's name.
         */
        List<Draw> probeDraws(long seed) {
            if (!varied) {
                return List.of(draws.apply(new SplittableRandom(seed)));
            }
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + name.hashCode());
            List<Draw> drawn = new ArrayList<>();
            for (int i = 0; i < PROBE_DRAWS; i++) {
                drawn.add(draws.apply(random));
            }
            return drawn;
        }

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
        queries.add(fixed("q1", "no body, limit " + LIMIT + " (default sort created_at desc)", Kind.LIST,
                list(LIMIT, 0, null), c -> true, NEWEST_FIRST, 0));

        Instant q2From = Instant.parse(Q2_CREATED_FROM);
        queries.add(fixed("q2", "status in [COMPLETED, FAILED] AND created_at gte " + Q2_CREATED_FROM
                + ", sort num_documents_clustered desc, offset 500", Kind.LIST,
                list(LIMIT, 500, """
                        {"filters": {"AND": [
                            {"field": "status", "operator": "in", "value": ["COMPLETED", "FAILED"]},
                            {"field": "created_at", "operator": "gte", "value": "%s"}]},
                         "sort": {"field": "num_documents_clustered", "direction": "desc"}}"""
                        .formatted(Q2_CREATED_FROM)),
                c -> Set.of("COMPLETED", "FAILED").contains(text(c, "status"))
                        && !Instant.parse(text(c, "created_at")).isBefore(q2From),
                order("num_documents_clustered", true), 500));

        queries.add(fixed("q3", "search \"" + Q3_SEARCH + "\" AND metadata.team eq " + Q3_TEAM, Kind.LIST,
                list(LIMIT, 0, """
                        {"search": "%s",
                         "filters": {"AND": [{"field": "metadata.team", "operator": "eq", "value": "%s"}]}}"""
                        .formatted(Q3_SEARCH, Q3_TEAM)),
                c -> Q3_TEAM.equals(text(c.path("metadata"), "team")) && searchMatches(c, Q3_SEARCH), NEWEST_FIRST,
                0));

        Pattern q4 = Pattern.compile(Q4_REGEX, Pattern.CASE_INSENSITIVE);
        queries.add(fixed("q4", "cluster_name regex '" + Q4_REGEX + "', sort cluster_name asc", Kind.LIST,
                list(LIMIT, 0, """
                        {"filters": {"AND": [{"field": "cluster_name", "operator": "regex", "value": "%s"}]},
                         "sort": {"field": "cluster_name", "direction": "asc"}}""".formatted(Q4_REGEX)),
                c -> q4.matcher(text(c, "cluster_name")).find(), order("cluster_name", false), 0));

        queries.add(fixed("q5", "3-level AND/OR/NOT over cluster_type, metadata.env, metadata.tier,"
                + " num_documents_clustered, algorithm, status", Kind.LIST,
                list(LIMIT, 0, """
                        {"filters": {"AND": [
                            {"field": "cluster_type", "operator": "eq", "value": "vector"},
                            {"OR": [
                                {"field": "metadata.env", "operator": "eq", "value": "staging"},
                                {"AND": [
                                    {"field": "metadata.tier", "operator": "in", "value": ["gold", "platinum"]},
                                    {"field": "num_documents_clustered", "operator": "gte", "value": 50000}]}]},
                            {"NOT": [
                                {"field": "algorithm", "operator": "eq", "value": "dbscan"},
                                {"field": "status", "operator": "eq", "value": "FAILED"}]}]}}"""),
                c -> "vector".equals(text(c, "cluster_type"))
                        && ("staging".equals(text(c.path("metadata"), "env"))
                            || Set.of("gold", "platinum").contains(text(c.path("metadata"), "tier"))
                               && number(c, "num_documents_clustered") != null
                               && number(c, "num_documents_clustered") >= 50_000)
                        && !"dbscan".equals(text(c, "algorithm")) && !"FAILED".equals(text(c, "status")),
                NEWEST_FIRST, 0));

        queries.add(new Query("q6", "GET /v1/clusters/{id}, a random id of the namespace", Kind.GET,
                random -> new Draw(new QueryClient.Request("GET", "/v1/clusters/"
                        + dataset.clusterId(random.nextInt(dataset.clusters())), null), null, null, 0), false));

        queries.add(fixed("q7", "GET /v1/clusters/stats", Kind.STATS,
                new QueryClient.Request("GET", "/v1/clusters/stats", null), null, null, 0));
        return queries;
    }

    /** q1..q7 and the varied queries q1v..q5v, q8, q9 ({@link VariedQueries}), in the order they are measured. */
    static List<Query> withVaried(QueryDataset dataset) {
        List<Query> queries = new ArrayList<>(all(dataset));
        queries.addAll(VariedQueries.all());
        return List.copyOf(queries);
    }

    private static Query fixed(String name, String description, Kind kind, QueryClient.Request request,
                               Predicate<JsonNode> matches, Comparator<JsonNode> order, int offset) {
        Draw draw = new Draw(request, matches, order, offset);
        return new Query(name, description, kind, random -> draw, false);
    }

    /** Newest first: the default order of a list. */
    static final Comparator<JsonNode> NEWEST_FIRST = order("created_at", true);

    /**
     * api.md's order on {@code field} (created_at, updated_at, cluster_name or num_documents_clustered): timestamps
     * as instants, strings by code point, numbers numerically, null last in both directions, ties by cluster_id.
     */
    static Comparator<JsonNode> order(String field, boolean descending) {
        Comparator<JsonNode> byValue = switch (field) {
            case "created_at", "updated_at" -> nullsLast(c -> text(c, field), QueryMix::compareTimestamps, descending);
            case "cluster_name" -> nullsLast(c -> text(c, field), QueryMix::compareCodePoints, descending);
            case "num_documents_clustered" -> nullsLast(c -> number(c, field), Long::compare, descending);
            default -> throw new IllegalArgumentException("no order on " + field);
        };
        return byValue.thenComparing(c -> text(c, "cluster_id"));
    }

    private static <T> Comparator<JsonNode> nullsLast(Function<JsonNode, T> value, Comparator<T> natural,
                                                      boolean descending) {
        return Comparator.comparing(value, Comparator.nullsLast(descending ? natural.reversed() : natural));
    }

    /**
     * Compares two RFC 3339 UTC timestamps as instants; {@code ISO_INSTANT}'s form ({@code ...:ss[.fff]Z}) without
     * parsing, since the fill compares millions of them.
     */
    static int compareTimestamps(String a, String b) {
        if (a.length() >= 20 && b.length() >= 20 && a.endsWith("Z") && b.endsWith("Z")) {
            int seconds = a.substring(0, 19).compareTo(b.substring(0, 19));
            if (seconds != 0) {
                return seconds;
            }
            return fraction(a).compareTo(fraction(b));
        }
        return Instant.parse(a).compareTo(Instant.parse(b));
    }

    /** The fraction of a second of {@code ...:ssZ} or {@code ...:ss.fffZ}, as 9 digits. */
    private static String fraction(String timestamp) {
        String digits = timestamp.length() > 20 ? timestamp.substring(20, timestamp.length() - 1) : "";
        return (digits + "000000000").substring(0, 9);
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
                            String createdAt, String updatedAt, Long documents) {
        ObjectNode facts = Json.NODES.objectNode();
        facts.put("cluster_id", clusterId);
        facts.set("cluster_name", createdData.get("cluster_name"));
        facts.set("cluster_type", createdData.get("cluster_type"));
        facts.set("algorithm", createdData.get("algorithm"));
        facts.set("metadata", metadata);
        facts.put("status", status);
        facts.put("created_at", createdAt);
        facts.put("updated_at", updatedAt);
        if (documents == null) {
            facts.putNull("num_documents_clustered");
        } else {
            facts.put("num_documents_clustered", documents.longValue());
        }
        return facts;
    }
}
