package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One request of a query of the mix, parsed and checked in full against what was published: the total against the
 * expected count, the filter and order of every result, the page size; for a get the id, for the stats the counts.
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
     * Sends {@code query}'s request drawn from {@code random} and checks the answer; {@code warn} receives remarks
     * that are not errors (a query matching an unusual share of the namespace).
     */
    static Probe probe(QueryClient client, QueryMix.Query query, SplittableRandom random,
                       DatasetFill.Published published, Consumer<String> warn) throws InterruptedException {
        ObjectNode json = Json.NODES.objectNode();
        List<String> problems = new ArrayList<>();
        QueryClient.Request request = query.requests().apply(random);
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
                summary = check(query, body, request, published, json, problems, warn);
            }
        }
        ArrayNode problemsNode = json.putArray("problems");
        problems.forEach(problemsNode::add);
        return new Probe(response, ms, summary, List.copyOf(problems), json);
    }

    private static String check(QueryMix.Query query, JsonNode body, QueryClient.Request request,
                                DatasetFill.Published published, ObjectNode probe, List<String> problems,
                                Consumer<String> warn) {
        switch (query.kind()) {
            case LIST -> {
                long total = body.path("total_count").asLong(-1);
                long expected = published.expectedTotals().get(query.name());
                double share = 100.0 * total / published.clusters();
                probe.put("total_count", total);
                probe.put("expected_total", expected);
                probe.put("match_percent", share);
                if (total != expected) {
                    problems.add("total_count " + total + ", expected " + expected);
                }
                if (total == 0) {
                    problems.add("the query matches nothing");
                } else if (!query.name().equals("q1") && (share < 5 || share > 30)) {
                    warn.accept(String.format(Locale.ROOT, "%s matches %.1f%% of the namespace (aimed at 5..30%%)",
                            query.name(), share));
                }
                JsonNode results = body.path("results");
                long page = Math.max(0, Math.min(QueryMix.LIMIT, total - query.offset()));
                if (results.size() != page) {
                    problems.add(results.size() + " results, expected " + page);
                }
                int wrong = 0;
                int unordered = 0;
                JsonNode previous = null;
                for (JsonNode cluster : results) {
                    if (!query.matches().test(cluster)) {
                        wrong++;
                    }
                    if (previous != null && query.order().compare(previous, cluster) > 0) {
                        unordered++;
                    }
                    previous = cluster;
                }
                if (wrong > 0) {
                    problems.add(wrong + " result(s) do not match the filter");
                }
                if (unordered > 0) {
                    problems.add(unordered + " result(s) out of order");
                }
                return String.format(Locale.ROOT, "total %,d (%.1f%%), %d results", total, share, results.size());
            }
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
