package io.clusterindex.scatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Another instance's share of a request, asked over its internal endpoint ({@link InternalApi}) with
 * {@link HttpClient#sendAsync}: no thread waits for the answer. Every call is bounded: the connection by the
 * client's connect time-out, the whole exchange by the request's wait plus {@code timeout}. A failure, a time-out or
 * an answer that is not 200 is a {@link Answer.NotServed} ({@link FailureReason#UNREACHABLE} when it could not be
 * reached or timed out, {@link FailureReason#BUSY} when it answered 429), never an exception.
 */
public final class PeerShard implements Shard {
    private final HttpClient http;
    private final HostInfo host;
    private final InternalCredential credential;
    private final Duration timeout;

    public PeerShard(HttpClient http, HostInfo host, InternalCredential credential, Duration timeout) {
        this.http = http;
        this.host = host;
        this.credential = credential;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
        return exchange(post(InternalApi.LIST, tenant, request, consistency).build(), ShardCodec::decodeList);
    }

    @Override
    public CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request,
                                                          SortedSet<Integer> partitions, Consistency consistency) {
        return exchange(post(InternalApi.LIST_COPIES, tenant, request, consistency)
                .header(InternalApi.PARTITIONS, LocalShard.join(partitions)).build(), ShardCodec::decodeList);
    }

    /** From {@link InternalApi#KEYS}, or, if this instance does not know it yet (404), from {@link InternalApi#LIST}. */
    @Override
    public CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
        SortOrder order = SortOrder.of(request.query().sort());
        HttpRequest keys = post(InternalApi.KEYS, tenant, request, consistency).build();
        return http.sendAsync(keys, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) ->
                failure == null && response.statusCode() == 404 ? null
                        : failure == null ? answer(who(), response, body -> ShardCodec.decodeKeys(body, order))
                        : PeerShard.<KeyPage>failed(who(), keys, failure))
                .thenCompose(answer -> answer != null ? CompletableFuture.completedFuture(answer)
                        : Shard.super.keys(tenant, request, consistency));
    }

    @Override
    public CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
        byte[] body;
        try {
            body = Json.TRUSTED.writeValueAsBytes(ShardCodec.fetchRequest(wanted));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange(builder(InternalApi.FETCH, tenant, Consistency.none(Duration.ZERO)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), ShardCodec::decodeFetched);
    }

    /** The public list request's body and query string, unchanged, to {@code path}. */
    private HttpRequest.Builder post(String path, Tenant tenant, ListRequest request, Consistency consistency) {
        String query = request.queryString().isEmpty() ? "" : "?" + request.queryString();
        return builder(path + query, tenant, consistency)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    }

    @Override
    public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
        String path = InternalApi.CLUSTER + "?" + InternalApi.CLUSTER_ID + "="
                + URLEncoder.encode(clusterId, StandardCharsets.UTF_8);
        return exchange(builder(path, tenant, consistency).GET().build(), ShardCodec::decodeCluster);
    }

    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        return exchange(builder(InternalApi.STATS, tenant, consistency).GET().build(), ShardCodec::decodeStats);
    }

    private HttpRequest.Builder builder(String pathAndQuery, Tenant tenant, Consistency consistency) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .timeout(timeout.plus(consistency.maxWait()))
                .header(InternalCredential.HEADER, credential.value())
                .header(InternalApi.ORGANIZATION, tenant.organizationId())
                .header(InternalApi.NAMESPACE, tenant.namespaceId())
                .header(InternalApi.WAIT_MS, Long.toString(consistency.maxWait().toMillis()));
        if (consistency.waits()) {
            builder.header(InternalApi.MIN_OFFSETS, LocalShard.pairs(consistency.minimum()));
        }
        return builder;
    }

    /** The exchange, asynchronously: no thread waits for the peer. */
    private <T> CompletableFuture<Answer<T>> exchange(HttpRequest request, Function<byte[], Answer<T>> decode) {
        String who = who();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) ->
                failure == null ? answer(who, response, decode) : failed(who, request, failure));
    }

    private String who() {
        return "instance " + host.host() + ":" + host.port();
    }

    /** A failed exchange, in the words {@link HttpClient#send} would have used. */
    private static <T> Answer<T> failed(String who, HttpRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HttpTimeoutException) {
            return Answer.notServed(FailureReason.UNREACHABLE, who + " did not answer within "
                    + request.timeout().orElseThrow().toMillis() + " ms");
        }
        if (cause instanceof CancellationException) {
            return Answer.notServed(FailureReason.INTERRUPTED, "interrupted while asking " + who);
        }
        IOException thrown = cause instanceof ConnectException ? new ConnectException(cause.getMessage())
                : new IOException(cause.getMessage(), cause);
        return Answer.notServed(FailureReason.UNREACHABLE, who + " cannot be reached: " + thrown);
    }

    private static <T> Answer<T> answer(String who, HttpResponse<byte[]> response, Function<byte[], Answer<T>> decode) {
        if (response.statusCode() != 200) {
            try {
                return failure(who, response.statusCode(), Json.TRUSTED.readTree(response.body()));
            } catch (IOException e) {
                return withoutJson(who, response.statusCode());
            }
        }
        try {
            return decode.apply(response.body());
        } catch (ShardCodec.NotJsonException e) {
            return withoutJson(who, response.statusCode());
        } catch (RuntimeException e) {
            return Answer.notServed(FailureReason.REFUSED, who + " answered an unreadable share: " + e.getMessage());
        }
    }

    private static <T> Answer<T> withoutJson(String who, int status) {
        return Answer.notServed(FailureReason.REFUSED, who + " answered " + status + " without JSON");
    }

    private static <T> Answer<T> failure(String who, int status, JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        String message = error != null && error.hasNonNull("message") ? error.get("message").asText() : "no message";
        SortedSet<Integer> partitions = new TreeSet<>();
        JsonNode named = error == null ? null : error.path("details").get("partitions");
        if (named != null && named.isArray()) {
            named.forEach(p -> partitions.add(p.intValue()));
        }
        return Answer.notServed(status == 429 ? FailureReason.BUSY : FailureReason.REFUSED,
                who + " answered " + status + ": " + message, partitions);
    }
}
