package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.live.LiveStats;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalApi;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.ListingShard;
import io.clusterindex.scatter.NamespaceReads;
import io.clusterindex.scatter.PeerShard;
import io.clusterindex.scatter.ShardCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The two phases over the wire: {@link PeerShard} against the internal routes of a real server, and an older one. */
class TwoPhaseWireTest {
    private static final String TOKEN = "internal-secret";
    private static final Tenant TENANT = new Tenant("org_1", "ns_1");
    private static final TreeMap<Integer, Long> AT = new TreeMap<>(Map.of(0, 10L, 1, 11L));
    private static final TreeSet<Integer> COVERED = new TreeSet<>(List.of(1));
    private static final ObjectNode FIRST = json("{\"cluster_id\":\"c1\",\"created_at\":\"2026-01-02T00:00:00Z\"}");
    private static final ObjectNode SECOND = json("{\"cluster_id\":\"c2\",\"created_at\":\"2026-01-01T00:00:00Z\"}");
    private static final Stats STATS = new Stats(2, 0, new TreeMap<>(Map.of("PENDING", 2L)));
    private static final SortOrder ORDER = SortOrder.of(ListQuery.defaults().sort());
    private static final ListRequest REQUEST = new ListRequest("{}".getBytes(StandardCharsets.UTF_8), "limit=2",
            ListQuery.defaults());

    /** Answers keys without documents and fetches only {@code FIRST} at sequence 5. */
    private static class KeyedShard extends ListingShard {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
            asked.add("keys " + tenant.namespaceId());
            return CompletableFuture.completedFuture(new Answer.Found<>(new KeyPage(List.of(
                    new KeyPage.PageKey(ORDER.keyOf(FIRST), 5, null), new KeyPage.PageKey(ORDER.keyOf(SECOND), 6, null)),
                    2, STATS, 0), new Basis(AT, COVERED, new TreeMap<>())));
        }

        @Override
        public CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
            asked.add("fetch " + wanted.stream().map(key -> key.clusterId() + "@" + key.sequence()).toList());
            List<ViewDocument> documents = new ArrayList<>();
            wanted.forEach(key -> documents.add(key.clusterId().equals("c1") && key.sequence() == 5
                    ? ViewDocument.of(FIRST) : null));
            return CompletableFuture.completedFuture(new Answer.Found<>(documents, Basis.NONE));
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                              SortedSet<Integer> partitions, Consistency consistency) {
            throw new UnsupportedOperationException();
        }
    }

    private static final NamespaceReads NO_READS = new NamespaceReads() {
        @Override
        public int eventPartitions() {
            return 2;
        }

        @Override
        public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
            return CompletableFuture.completedFuture(Answer.notServed(FailureReason.REFUSED, "not here"));
        }

        @Override
        public CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency) {
            return CompletableFuture.completedFuture(Answer.notServed(FailureReason.REFUSED, "not here"));
        }

        @Override
        public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
            return CompletableFuture.completedFuture(Answer.notServed(FailureReason.REFUSED, "not here"));
        }
    };

    @Test
    void keysComeWithoutDocumentsAndAFetchGivesOnlyTheClustersStillAtTheirSequences() {
        KeyedShard shard = new KeyedShard();
        HttpServer.Services services = new HttpServer.Services(NO_READS, shard, InternalCredential.of(TOKEN),
                new Authenticator(new OneTenant("sk_wire")), () -> AT, () -> Health.Ready.of(true, "RUNNING", 1, 2,
                3, 4, 5, 6));
        try (HttpServer server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE,
                new LiveStats(), StatsStreamSettings.DEFAULTS).start(0)) {
            PeerShard peer = peer(server.port(), TOKEN);

            Answer<KeyPage> keys = peer.keys(TENANT, REQUEST, Consistency.none(Duration.ZERO)).join();
            assertThat(keys.basis()).isEqualTo(new Basis(AT, COVERED, new TreeMap<>()));
            KeyPage page = ((Answer.Found<KeyPage>) keys).value();
            assertThat(page.keys()).extracting(KeyPage.PageKey::clusterId).containsExactly("c1", "c2");
            assertThat(page.keys()).extracting(KeyPage.PageKey::sequence).containsExactly(5L, 6L);
            assertThat(page.keys()).extracting(KeyPage.PageKey::document).containsOnlyNulls();
            assertThat(ORDER.compare(page.keys().get(0).key(), ORDER.keyOf(FIRST))).isZero();

            KeyPage.PageKey stale = new KeyPage.PageKey(page.keys().get(1).key(), 5, null);
            Answer<List<ViewDocument>> fetched = peer.fetch(TENANT, List.of(page.keys().get(0), stale)).join();
            assertThat(((Answer.Found<List<ViewDocument>>) fetched).value()).containsExactly(ViewDocument.of(FIRST), null);
            assertThat(shard.asked).containsExactly("keys ns_1", "fetch [c1@5, c2@5]");

            Answer<List<ViewDocument>> refused = peer(server.port(), "guess").fetch(TENANT, List.of(stale)).join();
            assertThat(refused).isInstanceOfSatisfying(Answer.NotServed.class, failure ->
                    assertThat(failure.message()).contains("401"));
            assertThat(shard.asked).hasSize(2);
        }
    }

    @Test
    void aShareRefusedForLoadCrossesTheWireAsA429ThatThePeerReadsAsBusy() {
        KeyedShard busy = new KeyedShard() {
            @Override
            public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
                return CompletableFuture.completedFuture(Answer.notServed(FailureReason.BUSY,
                        "too many list queries at once: 1 running and 0 waiting; retry in a moment", COVERED));
            }
        };
        HttpServer.Services services = new HttpServer.Services(NO_READS, busy, InternalCredential.of(TOKEN),
                new Authenticator(new OneTenant("sk_wire")), () -> AT, () -> Health.Ready.of(true, "RUNNING", 1, 2,
                3, 4, 5, 6));
        try (HttpServer server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE,
                new LiveStats(), StatsStreamSettings.DEFAULTS).start(0)) {
            Answer<KeyPage> keys = peer(server.port(), TOKEN).keys(TENANT, REQUEST, Consistency.none(Duration.ZERO))
                    .join();

            assertThat(keys).isInstanceOfSatisfying(Answer.NotServed.class, refused -> {
                assertThat(refused.reason()).isEqualTo(FailureReason.BUSY);
                assertThat(refused.message()).contains("answered 429: too many list queries at once");
            });
        }
    }

    @Test
    void aFetchWhoseBodyDoesNotNameTheClustersIsA400WithoutAskingTheShard() throws Exception {
        KeyedShard shard = new KeyedShard();
        HttpServer.Services services = new HttpServer.Services(NO_READS, shard, InternalCredential.of(TOKEN),
                new Authenticator(new OneTenant("sk_wire")), () -> AT, () -> Health.Ready.of(true, "RUNNING", 1, 2,
                3, 4, 5, 6));
        try (HttpServer server = HttpServer.create(services, RequestObserver.NONE, MetricsExposition.NONE,
                new LiveStats(), StatsStreamSettings.DEFAULTS).start(0)) {
            for (String body : List.of("", "not json", "[]", "{}", "{\"ids\": [\"c1\"]}",
                    "{\"ids\": [\"c1\", \"c2\"], \"sequences\": [5]}", "{\"ids\": \"c1\", \"sequences\": 5}",
                    "{\"ids\": [\"c1\"], \"sequences\": [\"five\"]}", "{\"ids\": [{}], \"sequences\": [5]}")) {
                HttpResponse<String> response = fetch(server.port(), body);
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(response.body()).contains("\"error\"").contains("the body must name the clusters to fetch");
            }
            HttpResponse<String> huge = fetch(server.port(),
                    "{\"ids\": [" + "\"c\",".repeat(200_000) + "\"c\"], \"sequences\": [1]}");
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(huge.body()).contains("\"error\"");
            assertThat(shard.asked).isEmpty();
        }
    }

    private static HttpResponse<String> fetch(int port, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + InternalApi.FETCH))
                .header(InternalCredential.HEADER, TOKEN).header(InternalApi.ORGANIZATION, "org_1")
                .header(InternalApi.NAMESPACE, "ns_1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInstanceWithoutTheKeysEndpointIsAskedForItsShareWithDocuments() throws IOException {
        List<String> paths = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer older = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("localhost", 0), 0);
        older.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().equals("/internal/v1/clusters/list")) {
                respond(exchange, 200, Json.MAPPER.writeValueAsBytes(ShardCodec.encodeList(new Answer.Found<>(
                        ListPage.ofTrees(List.of(FIRST, SECOND), 2, STATS, 0), Basis.of(AT, COVERED)))));
            } else {
                respond(exchange, 404, "{\"error\":{\"message\":\"Endpoint not found\"}}".getBytes(StandardCharsets.UTF_8));
            }
        });
        older.start();
        try {
            Answer<KeyPage> keys = peer(older.getAddress().getPort(), TOKEN).keys(TENANT, REQUEST,
                    Consistency.none(Duration.ZERO)).join();

            KeyPage page = ((Answer.Found<KeyPage>) keys).value();
            assertThat(page.keys()).extracting(KeyPage.PageKey::document)
                    .containsExactly(ViewDocument.of(FIRST), ViewDocument.of(SECOND));
            assertThat(keys.basis().covered()).isEqualTo(COVERED);
            assertThat(paths).containsExactly("/internal/v2/clusters/keys", "/internal/v1/clusters/list");
        } finally {
            older.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static PeerShard peer(int port, String token) {
        return new PeerShard(HttpClient.newHttpClient(), new HostInfo("localhost", port), InternalCredential.of(token),
                Duration.ofSeconds(5));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
