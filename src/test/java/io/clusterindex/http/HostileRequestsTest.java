package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.live.LiveStats;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.NamespaceReads;
import io.clusterindex.testkit.HostileRequests;
import io.clusterindex.testkit.RawExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The fuzz run of issue 15 item 5 in the suite: a few thousand hostile requests (a fixed seed) against a real server
 * over a small real view (the query engine over 200 generated clusters), with valid requests in between. Every answer
 * is a documented status with the error envelope (or a 200 list where the request is in fact valid), never a 5xx,
 * never a hang.
 */
class HostileRequestsTest {
    private static final String KEY = "sk_fuzz";
    /** The statuses api.md documents for these routes (503 cannot happen over this view; 429 neither). */
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 413, 414, 415, 422, 431);
    private static final Duration HANG = Duration.ofSeconds(10);

    private final List<ObjectNode> view = RandomListing.view(new Random(15), 200);

    /** The namespace's reads, answered by the query engine over {@link #view}. */
    private final class ViewReads implements NamespaceReads {
        @Override
        public int eventPartitions() {
            return 1;
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return CompletableFuture.completedFuture(new Answer.Found<>(ListEngine.run(request.query(), view),
                    Basis.at(new TreeMap<>(Map.of(0, 1L)))));
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency) {
            return CompletableFuture.completedFuture(view.stream()
                    .filter(cluster -> cluster.path("cluster_id").asText().equals(identifier)).findFirst()
                    .<Answer<ViewDocument>>map(cluster -> new Answer.Found<>(ViewDocument.of(cluster), Basis.NONE))
                    .orElse(new Answer.NotFound<>(Basis.NONE)));
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            return CompletableFuture.completedFuture(new Answer.Found<>(ListEngine.run(ListQuery.defaults(), view)
                    .stats(), Basis.NONE));
        }
    }

    @Test
    void thousandsOfHostileRequestsGetOnlyDocumentedStatusesWithTheEnvelopeAndNeverHang() {
        HttpServer.Services services = new HttpServer.Services(new ViewReads(), Unused.service(
                io.clusterindex.scatter.Shard.class), InternalCredential.of("internal"),
                new Authenticator(new OneTenant(KEY)), TreeMap::new, () -> Health.Ready.of(true, "RUNNING", 0, 0, 0,
                0, 0, 0));
        List<HostileRequests.Request> requests = new HostileRequests(15, KEY, "default").generate(3000);
        RandomListing valid = new RandomListing(new Random(15), view);
        List<String> wrong = new ArrayList<>();
        int answered = 0;
        try (HttpServer server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE,
                new LiveStats(), StatsStreamSettings.DEFAULTS).start(0)) {
            for (int i = 0; i < requests.size(); i++) {
                HostileRequests.Request request = requests.get(i);
                RawExchange.Response response = RawExchange.send(server.port(), request, HANG);
                String problem = response.problem(DOCUMENTED);
                if (problem != null) {
                    wrong.add(request + " -> " + problem);
                }
                answered += response.outcome() == RawExchange.Outcome.ANSWERED ? 1 : 0;
                if (i % 10 == 0) {
                    RawExchange.Response normal = RawExchange.send(server.port(), validRequest(valid.next()), HANG);
                    assertThat(normal.status()).as("a valid request between the hostile ones: " + normal.bodyText())
                            .isEqualTo(200);
                }
            }
        }
        assertThat(wrong).as("answers that are not a documented status with the envelope").isEmpty();
        assertThat(answered).as("requests answered (the others were cut for a body that is too large)")
                .isGreaterThan(requests.size() - 20);
    }

    @Test
    void duplicateKeysDeepNestingAndLongNumbersAre400sNamingTheProblem() {
        HttpTest.test(Unused.services(KEY), http -> {
            Map<String, String> caller = Map.of("Authorization", "Bearer " + KEY, "X-Namespace", "default");
            assertBadRequest(http.send("POST", "/v1/clusters/list", caller, "{\"search\":\"a\",\"search\":\"b\"}"),
                    "Duplicate field 'search'");
            assertBadRequest(http.send("POST", "/v1/clusters/list", caller, "[".repeat(33) + "]".repeat(33)),
                    "Document nesting depth (33) exceeds the maximum allowed (32");
            assertBadRequest(http.send("POST", "/v1/clusters/list", caller, "{\"filters\":{\"num_clusters\":"
                    + "9".repeat(101) + "}}"), "Number value length (101) exceeds the maximum allowed (100");
        });
    }

    private static void assertBadRequest(RawHttp.Response response, String says) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"success\":false,\"status\":400,\"error\":{\"type\":"
                + "\"BadRequestError\",\"message\":\"request body is not valid JSON: ").contains(says);
    }

    private static HostileRequests.Request validRequest(RandomListing.Request request) {
        StringBuilder target = new StringBuilder("/v1/clusters/list?");
        if (request.limit() != null) {
            target.append("limit=").append(request.limit()).append('&');
        }
        if (request.offset() != null) {
            target.append("offset=").append(request.offset());
        }
        return new HostileRequests.Request("valid", "POST", target.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8), List.of("Authorization: Bearer sk_fuzz".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "X-Namespace: default".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), request.body().toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8), false);
    }
}
