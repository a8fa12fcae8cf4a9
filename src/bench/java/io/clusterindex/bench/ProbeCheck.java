package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One request of a query of the mix (for a varied query a few draws of a fixed sequence), parsed and checked in full
 * against what was published: the total against the expected count, the page's ids against the final states' first
 * matches in order, the filter and order of every result, the page size; for a get the id, for the stats the counts.
 */
final class ProbeCheck {
    private ProbeCheck() {
    }

    /** The outcome: the response (null after an I/O failure), a one-line summary, the problems found, as JSON too. */
    record Probe(QueryClient.Response response, double ms, String summary, List<String> problems, ObjectNode json) {
        boolean ok() {
            return problems.isEmpty();
        }

        String verdict() {
            return ok() ? "ok" : "PROBLEM: " + String.join("; ", problems);
        }
    }

    /**
     * Sends {@code query}'s request and checks the answer: for a LIST query each of its probe draws (the fixed
     * request once, a varied query's {@value QueryMix#PROBE_DRAWS} draws) against what the dataset's final states
     * say, for a get the id drawn from {@code random}, for the stats the counts; {@code warn} receives remarks that
     * are not errors (a fixed query matching an unusual share of the namespace). Several draws answer as one probe:
     * the latency of the first, the problems of all, the last response.
     */
    static Probe probe(QueryClient client, QueryMix.Query query, SplittableRandom random,
                       DatasetFill.Published published, Consumer<String> warn) throws InterruptedException {
        if (query.kind() != QueryMix.Kind.LIST) {
            return probeOne(client, query, query.draws().apply(random), null, published, warn);
        }
        List<Expectation> expected = published.expectations().get(query.name());
        if (expected.size() == 1) {
            return probeOne(client, query, expected.get(0).draw(), expected.get(0), published, warn);
        }
        ObjectNode json = Json.NODES.objectNode();
        ArrayNode draws = json.putArray("draws");
        List<String> problems = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        Probe last = null;
        double firstMs = Double.NaN;
        for (int i = 0; i < expected.size(); i++) {
            Probe probe = probeOne(client, query, expected.get(i).draw(), expected.get(i), published, warn);
            firstMs = i == 0 ? probe.ms() : firstMs;
            String body = new String(expected.get(i).draw().request().body(), StandardCharsets.UTF_8);
            draws.add(probe.json().put("body", body));
            for (String problem : probe.problems()) {
                problems.add("draw " + (i + 1) + " (" + body + "): " + problem);
            }
            summaries.add(probe.json().path("total_count").asText("?"));
            last = probe;
        }
        json.put("first_request_ms", firstMs);
        ArrayNode problemsNode = json.putArray("problems");
        problems.forEach(problemsNode::add);
        return new Probe(last.response(), firstMs, expected.size() + " draws, totals " + String.join("/", summaries),
                List.copyOf(problems), json);
    }

    private static Probe probeOne(QueryClient client, QueryMix.Query query, QueryMix.Draw draw,
                                  Expectation expected, DatasetFill.Published published, Consumer<String> warn)
            throws InterruptedException {
        ObjectNode json = Json.NODES.objectNode();
        List<String> problems = new ArrayList<>();
        QueryClient.Request request = draw.request();
        long t = System.nanoTime();
        QueryClient.Response response;
        try {
            response = client.send(request);
        } catch (IOException e) {
            problems.add("request failed: " + e);
            response = null;
        }
        double ms = (System.nanoTime() - t) / 1e6;
        json.put("first_request_ms", ms);
        String summary = "";
        if (response != null && response.status() != 200) {
            problems.add("status " + response.status() + " " + BenchSupport.abbreviate(response.body()));
        } else if (response != null) {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                body = null;
                problems.add("body is not JSON: " + e.getMessage());
            }
            if (body != null) {
                summary = query.kind() == QueryMix.Kind.LIST
                        ? checkList(query, body, expected, published, json, problems, warn)
                        : check(query, body, request, published, problems);
            }
        }
        ArrayNode problemsNode = json.putArray("problems");
        problems.forEach(problemsNode::add);
        return new Probe(response, ms, summary, List.copyOf(problems), json);
    }

    private static String checkList(QueryMix.Query query, JsonNode body, Expectation expected,
                                    DatasetFill.Published published, ObjectNode probe, List<String> problems,
                                    Consumer<String> warn) {
        QueryMix.Draw draw = expected.draw();
        long total = body.path("total_count").asLong(-1);
        double share = 100.0 * total / published.clusters();
        probe.put("total_count", total);
        probe.put("expected_total", expected.total());
        probe.put("match_percent", share);
        if (total != expected.total()) {
            problems.add("total_count " + total + ", expected " + expected.total());
        }
        if (total == 0 && !query.varied()) {
            problems.add("the query matches nothing");
        } else if (!query.varied() && !query.name().equals("q1") && (share < 5 || share > 30)) {
            warn.accept(String.format(Locale.ROOT, "%s matches %.1f%% of the namespace (aimed at 5..30%%)",
                    query.name(), share));
        }
        JsonNode results = body.path("results");
        long page = Math.max(0, Math.min(QueryMix.LIMIT, total - draw.offset()));
        if (results.size() != page) {
            problems.add(results.size() + " results, expected " + page);
        }
        int wrong = 0;
        int unordered = 0;
        JsonNode previous = null;
        List<String> ids = new ArrayList<>();
        for (JsonNode cluster : results) {
            if (!draw.matches().test(cluster)) {
                wrong++;
            }
            if (previous != null && draw.order().compare(previous, cluster) > 0) {
                unordered++;
            }
            previous = cluster;
            ids.add(QueryMix.text(cluster, "cluster_id"));
        }
        if (wrong > 0) {
            problems.add(wrong + " result(s) do not match the filter");
        }
        if (unordered > 0) {
            problems.add(unordered + " result(s) out of order");
        }
        List<String> expectedIds = expected.pageIds();
        if (!ids.equals(expectedIds)) {
            int first = 0;
            while (first < Math.min(ids.size(), expectedIds.size()) && ids.get(first).equals(expectedIds.get(first))) {
                first++;
            }
            problems.add("the page differs from the final states' from result " + (first + 1) + " on (expected "
                    + expectedIds.size() + " ids)");
        }
        return String.format(Locale.ROOT, "total %,d (%.1f%%), %d results", total, share, results.size());
    }

    private static String check(QueryMix.Query query, JsonNode body, QueryClient.Request request,
                                DatasetFill.Published published, List<String> problems) {
        switch (query.kind()) {
            case GET -> {
                String id = request.path().substring(request.path().lastIndexOf('/') + 1);
                if (!id.equals(QueryMix.text(body, "cluster_id"))) {
                    problems.add("asked for " + id + ", got " + QueryMix.text(body, "cluster_id"));
                }
                return "cluster " + id;
            }
            case STATS -> {
                long clusters = body.path("total_clusters").asLong(-1);
                if (clusters != published.clusters()
                        || !DatasetFill.byStatus(body).equals(published.report().clustersByStatus())) {
                    problems.add("stats " + body + " differ from what was published");
                }
                return String.format(Locale.ROOT, "total_clusters %,d", clusters);
            }
            default -> throw new IllegalStateException("kind " + query.kind());
        }
    }
}
