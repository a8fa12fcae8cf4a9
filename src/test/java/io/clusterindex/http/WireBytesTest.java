package io.clusterindex.http;

import static io.clusterindex.index.ViewPositionsFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListEngine;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.Stats;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.query.ReadYourWrites;
import io.clusterindex.query.Scheduler;
import io.clusterindex.scatter.ClusterReads;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.Membership;
import io.clusterindex.scatter.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of every kind of answer (status, header lines but {@code Date}, body) as the HTTP layer wrote them
 * when its bodies were built node by node, so that any later way of writing them must write exactly these.
 */
class WireBytesTest {
    private static final String KEY = "sk_wire";
    private static final HostInfo SELF = new HostInfo("localhost", 1);
    private static final List<ObjectNode> CLUSTERS = List.of(
            cluster("{\"cluster_id\":\"c1\",\"cluster_name\":\"alpha\",\"status\":\"COMPLETED\","
                    + "\"num_documents_clustered\":4,\"created_at\":\"2026-01-01T00:00:01Z\",\"metadata\":{\"team\":\"a\"}}"),
            cluster("{\"cluster_id\":\"c2\",\"cluster_name\":\"beta\",\"status\":\"FAILED\","
                    + "\"num_documents_clustered\":null,\"created_at\":\"2026-01-01T00:00:02Z\",\"metadata\":{}}"),
            cluster("{\"cluster_id\":\"c3\",\"cluster_name\":\"gamma\",\"status\":\"COMPLETED\","
                    + "\"num_documents_clustered\":3,\"created_at\":\"2026-01-01T00:00:03Z\",\"metadata\":null}"));

    private final ViewPositions positions = new ViewPositions(3);
    private final Fake shard = new Fake();
    private HttpServer server;
    private RawHttp http;

    @BeforeEach
    void start() {
        started(positions, 0, 10);
        started(positions, 1, 11);
        started(positions, 2, -1);
        Membership membership = new Membership() {
            @Override
            public Map<HostInfo, SortedSet<Integer>> activePartitions(String topic) {
                return Map.of(SELF, new TreeSet<>(List.of(0, 1, 2)));
            }

            @Override
            public Map<HostInfo, SortedSet<Integer>> standbyPartitions(String topic) {
                return Map.of();
            }

            @Override
            public Optional<HostInfo> owner(String store, String key) {
                return Optional.of(SELF);
            }
        };
        ClusterReads reads = new ClusterReads(membership, SELF, "cluster-events", 3, "stats-topic", shard,
                host -> shard, Duration.ofSeconds(1), Clock.systemUTC(), Scheduler.system());
        server = HttpServer.create(new HttpServer.Services(reads, shard, InternalCredential.of("secret"),
                new Authenticator(new OneTenant(KEY)), new ReadYourWrites(positions, () -> true)::positions,
                () -> Health.Ready.of(true, "RUNNING", 0, 0, 0, 0, 0, 0))).start(0);
        http = new RawHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyKindOfAnswerIsWrittenExactlyAsPinned() throws IOException {
        Map<String, String> answers = new LinkedHashMap<>();
        RawHttp.Response first = post("/v1/clusters/list?limit=2", "{\"sort\":{\"field\":\"cluster_name\"}}");
        answers.put("list, first page", text(first));
        String cursor = Json.MAPPER.readTree(first.body()).path("pagination").path("next_cursor").textValue();
        answers.put("list, by cursor", text(post("/v1/clusters/list?limit=2&cursor=" + cursor,
                "{\"sort\":{\"field\":\"cluster_name\"}}")));
        answers.put("list, last page", text(post("/v1/clusters/list?limit=2&offset=2", null)));
        answers.put("list, nothing matches", text(post("/v1/clusters/list",
                "{\"filters\":{\"cluster_name\":\"none\"}}")));
        answers.put("get by id", text(get("/v1/clusters/c2", caller())));
        answers.put("get by name", text(get("/v1/clusters/gamma", caller())));
        answers.put("get, not found", text(get("/v1/clusters/nope", caller())));
        answers.put("stats", text(get("/v1/clusters/stats", caller())));
        answers.put("stats, waiting for offsets", text(get("/v1/clusters/stats", with(caller(), "X-Min-Offsets", "0:5"))));
        answers.put("health, live", text(get("/health/live", Map.of())));
        answers.put("no Authorization", text(http.send("POST", "/v1/clusters/list", Map.of(), null)));
        answers.put("not Bearer", text(http.send("POST", "/v1/clusters/list", Map.of("Authorization", "Basic x"), null)));
        answers.put("unknown key", text(http.send("POST", "/v1/clusters/list", Map.of("Authorization", "Bearer no"), null)));
        answers.put("no X-Namespace", text(http.send("GET", "/v1/clusters/stats",
                Map.of("Authorization", "Bearer " + KEY), null)));
        answers.put("unknown namespace", text(get("/v1/clusters/stats", with(caller(), "X-Namespace", "prod"))));
        answers.put("unknown path, unauthenticated", text(http.send("GET", "/v1/nothing", Map.of(), null)));
        answers.put("unknown path", text(get("/v1/nothing", caller())));
        answers.put("body not JSON", text(post("/v1/clusters/list", "{\"filters\":")));
        answers.put("invalid request", text(post("/v1/clusters/list?limit=0", "{\"sort\":{\"field\":\"status\","
                + "\"direction\":\"up\"},\"filters\":{\"AND\":[{\"field\":\"status\",\"operator\":\"nope\"}]}}")));
        answers.put("list with GET", text(get("/v1/clusters/list", caller())));
        answers.put("list with PUT", text(http.send("PUT", "/v1/clusters/list", caller(), "{}")));
        answers.put("body too large", text(post("/v1/clusters/list", "{\"search\":\"" + "x".repeat(70_000) + "\"}")));
        answers.put("bad X-Min-Offsets", text(get("/v1/clusters/stats", with(caller(), "X-Min-Offsets", "zero:1"))));
        answers.put("bad X-Wait-Ms", text(get("/v1/clusters/stats", with(caller(), "X-Wait-Ms", "30001"))));
        answers.put("X-Min-Offsets beyond the partitions", text(get("/v1/clusters/stats",
                with(caller(), "X-Min-Offsets", "0:1,7:1"))));
        answers.put("undecodable path", text(http.send("GET", "/v1/clusters/%ZZ", caller(), null)));
        answers.put("internal endpoint without the credential", text(http.send("POST", "/internal/v1/clusters/list",
                Map.of(), "{}")));
        shard.copyLag = 1L;
        shard.failing = true;
        answers.put("list, from copies", text(post("/v1/clusters/list?limit=1", null)));
        answers.put("get, from copies", text(get("/v1/clusters/c1", caller())));
        answers.put("get, not found in copies", text(get("/v1/clusters/nope", caller())));
        shard.copyLag = null;
        answers.put("list, not served", text(post("/v1/clusters/list", null)));
        answers.put("get, not served", text(get("/v1/clusters/c1", caller())));
        answers.put("stats, not served", text(get("/v1/clusters/stats", caller())));
        shard.throwing = true;
        answers.put("a bug", text(post("/v1/clusters/list", null)));

        StringBuilder all = new StringBuilder();
        answers.forEach((name, answer) -> all.append("### ").append(name).append('\n').append(answer).append("\n\n"));
        Path pinned = Path.of("src/test/resources/wire/http-answers.txt");
        if (Boolean.getBoolean("wire.record")) {
            Files.createDirectories(pinned.getParent());
            Files.writeString(pinned, all);
        }
        assertThat(all.toString()).isEqualTo(Files.readString(pinned));
    }

    private RawHttp.Response post(String target, String body) {
        return http.send("POST", target, caller(), body);
    }

    private RawHttp.Response get(String target, Map<String, String> headers) {
        return http.send("GET", target, headers, null);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static String text(RawHttp.Response response) {
        return response.status() + "\n" + String.join("\n", response.headers()) + "\n\n" + response.body();
    }

    private static Map<String, String> caller() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + KEY);
        headers.put("X-Namespace", "default");
        return headers;
    }

    private static ObjectNode cluster(String json) {
        try {
            ObjectNode cluster = (ObjectNode) Json.MAPPER.readTree(json);
            cluster.put("namespace_id", "ns_1").put("organization_id", "org_1");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This instance, holding every partition at positions 20, 21, 22: serves {@link #CLUSTERS}, or fails (then its
     * copies serve with lags when {@code copyLag} is set).
     */
    private static final class Fake implements Shard {
        private static final TreeMap<Integer, Long> AT = new TreeMap<>(Map.of(0, 20L, 1, 21L, 2, 22L));
        private static final TreeSet<Integer> ALL = new TreeSet<>(List.of(0, 1, 2));
        boolean failing;
        boolean throwing;
        Long copyLag;

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return page(ListRequest.shareOf(request.query()));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listAlone(Tenant tenant, ListRequest request,
                                                             Consistency consistency) {
            return page(request.query());
        }

        private CompletableFuture<Answer<ListPage>> page(ListQuery query) {
            if (throwing) {
                throw new IllegalStateException("a bug");
            }
            return done(failing ? Answer.notServed(FailureReason.NOT_ACTIVE, "the store of partition 1 is closed",
                    new TreeSet<>(List.of(1))) : new Answer.Found<>(ListEngine.run(query, CLUSTERS), Basis.of(AT, ALL)));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> partitions, Consistency consistency) {
            if (copyLag == null) {
                return done(Answer.notServed(FailureReason.NO_COPY, "no copy of partitions " + partitions + " here",
                        partitions));
            }
            TreeMap<Integer, Long> lags = new TreeMap<>();
            partitions.forEach(p -> lags.put(p, copyLag));
            return done(new Answer.Found<>(ListEngine.run(ListRequest.shareOf(request.query()), CLUSTERS),
                    new Basis(AT, partitions, lags)));
        }

        private static ViewDocument stored(ObjectNode cluster) {
            try {
                return ViewDocument.json(Json.MAPPER.writeValueAsBytes(cluster));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
            if (failing) {
                return done(Answer.notServed(FailureReason.NOT_ACTIVE, "the store is closed"));
            }
            return done(CLUSTERS.stream().filter(c -> c.get("cluster_id").textValue().equals(clusterId)).findFirst()
                    // as the store holds it, so that the pinned answer also shows stored bytes written as they are
                    .<Answer<ViewDocument>>map(c -> new Answer.Found<>(stored(c), Basis.of(AT, ALL)))
                    .orElse(new Answer.NotFound<>(Basis.of(AT, ALL))));
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            return done(failing ? Answer.notServed(FailureReason.NOT_ACTIVE, "the stats store is closed")
                    : new Answer.Found<>(new Stats(3, 7, new TreeMap<>(Map.of("COMPLETED", 2L, "FAILED", 1L))),
                            Basis.of(AT, new TreeSet<>(List.of(0)))));
        }

        private static <T> CompletableFuture<Answer<T>> done(Answer<T> answer) {
            return CompletableFuture.completedFuture(answer);
        }
    }
}
