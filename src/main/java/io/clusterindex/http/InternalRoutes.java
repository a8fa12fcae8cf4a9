package io.clusterindex.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalApi;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.Shard;
import io.clusterindex.scatter.ShardCodec;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The internal endpoint ({@link InternalApi}) through which an instance asks another for its share of a request:
 * the caller presents the shared {@link InternalCredential} (else 401) and the tenant it has authenticated; the
 * answer is this instance's {@link Shard} share, or a 503 naming the partitions it could not serve.
 */
final class InternalRoutes {
    private final InternalCredential credential;
    private final Shard shard;

    InternalRoutes(InternalCredential credential, Shard shard) {
        this.credential = credential;
        this.shard = shard;
    }

    void authenticate(Context ctx) {
        if (!credential.matches(ctx.header(InternalCredential.HEADER))) {
            throw ApiException.unauthorized("the internal endpoint needs the instances' shared "
                    + InternalCredential.HEADER);
        }
    }

    void list(Context ctx) {
        respond(ctx, shard.list(tenant(ctx), listRequest(ctx), consistency(ctx)), ShardCodec::encodeList);
    }

    void keys(Context ctx) {
        respond(ctx, shard.keys(tenant(ctx), listRequest(ctx), consistency(ctx)), ShardCodec::encodeKeys);
    }

    void fetch(Context ctx) {
        List<KeyPage.PageKey> wanted;
        try {
            wanted = ShardCodec.wanted(Json.TRUSTED.readValue(ctx.bodyAsBytes(), ShardCodec.FetchRequest.class));
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("the body must name the clusters to fetch: {\"ids\": [...], "
                    + "\"sequences\": [...]}");
        }
        respond(ctx, shard.fetch(tenant(ctx), wanted), ShardCodec::encodeFetched);
    }

    void listCopies(Context ctx) {
        respond(ctx, shard.listCopies(tenant(ctx), listRequest(ctx), partitions(ctx), consistency(ctx)),
                ShardCodec::encodeList);
    }

    private static ListRequest listRequest(Context ctx) {
        JsonNode body = ClusterRoutes.readBody(ctx);
        ParsedRequest parsed = ListRequestParser.parse(body, ClusterRoutes.queryParam(ctx, "limit"),
                ClusterRoutes.queryParam(ctx, "offset"), ClusterRoutes.queryParam(ctx, "cursor"));
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            throw ClusterRoutes.validationError(invalid);
        }
        return new ListRequest(ctx.bodyAsBytes(), ctx.queryString(), ((ParsedRequest.Valid) parsed).query());
    }

    /** The partitions of {@value InternalApi#PARTITIONS}: {@code 0,2}. */
    private static SortedSet<Integer> partitions(Context ctx) {
        String header = ctx.header(InternalApi.PARTITIONS);
        SortedSet<Integer> partitions = new TreeSet<>();
        if (header == null || !header.matches("\\d{1,9}(,\\d{1,9})*")) {
            throw ApiException.badRequest(InternalApi.PARTITIONS + " must list partitions such as 0,2");
        }
        for (String partition : header.split(",")) {
            partitions.add(Integer.parseInt(partition));
        }
        return partitions;
    }

    void cluster(Context ctx) {
        String id = ClusterRoutes.queryParam(ctx, InternalApi.CLUSTER_ID);
        if (id == null) {
            throw ApiException.badRequest("query parameter " + InternalApi.CLUSTER_ID + " is missing");
        }
        respond(ctx, shard.cluster(tenant(ctx), id, consistency(ctx)), ShardCodec::encodeCluster);
    }

    void stats(Context ctx) {
        respond(ctx, shard.stats(tenant(ctx), consistency(ctx)), ShardCodec::encodeStats);
    }

    private static <T> void respond(Context ctx, CompletableFuture<Answer<T>> answer, Function<Answer<T>, ?> encode) {
        JsonResponses.json(ctx, encode.apply(AnswerResponses.served(answer.join())));
    }

    private static Tenant tenant(Context ctx) {
        String organization = ctx.header(InternalApi.ORGANIZATION);
        String namespace = ctx.header(InternalApi.NAMESPACE);
        if (organization == null || namespace == null) {
            throw ApiException.badRequest("internal requests name the tenant in " + InternalApi.ORGANIZATION
                    + " and " + InternalApi.NAMESPACE);
        }
        return new Tenant(organization, namespace);
    }

    private static Consistency consistency(Context ctx) {
        return new Consistency(OffsetHeaders.parseMinOffsets(ctx.header(InternalApi.MIN_OFFSETS)),
                OffsetHeaders.parseWait(ctx.header(InternalApi.WAIT_MS)));
    }
}
