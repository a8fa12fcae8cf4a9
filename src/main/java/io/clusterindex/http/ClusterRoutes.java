package io.clusterindex.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.auth.AuthResult;
import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.ListPage;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.NamespaceReads;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Handlers of the {@code /v1/clusters} endpoints: request in, {@link NamespaceReads} call, JSON or error out. */
final class ClusterRoutes {
    private static final String TENANT = "tenant";
    /** JSON nesting a request body may have: a filter nests 8 groups deep, two JSON levels each, and its conditions. */
    static final int MAX_BODY_DEPTH = 32;
    /** Characters a number in a request body may have. */
    static final int MAX_NUMBER_LENGTH = 100;
    /**
     * The parsers of request bodies: those of {@link Json#MAPPER} (duplicate keys are errors) with the request limits,
     * so that a body nested deeper, or holding a longer number, is a 400 that names the limit before anything is
     * built from it. The body limit bounds arrays and strings.
     */
    private static final JsonFactory REQUESTS = Json.MAPPER.getFactory().rebuild()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_BODY_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH).build())
            .build();

    private final Authenticator authenticator;
    private final NamespaceReads reads;

    ClusterRoutes(Authenticator authenticator, NamespaceReads reads) {
        this.authenticator = authenticator;
        this.reads = reads;
    }

    void authenticate(Context ctx) {
        AuthResult result = authenticator.authenticate(ctx.header("Authorization"), ctx.header("X-Namespace"));
        if (result instanceof AuthResult.Authorized authorized) {
            ctx.attribute(TENANT, authorized.tenant());
        } else if (result instanceof AuthResult.Unauthorized unauthorized) {
            throw ApiException.unauthorized(unauthorized.message());
        } else if (result instanceof AuthResult.MissingNamespace) {
            throw ApiException.badRequest("X-Namespace header is missing; send a namespace id or name");
        } else if (result instanceof AuthResult.NamespaceNotFound notFound) {
            throw ApiException.notFound("namespace '" + notFound.namespace() + "' not found");
        } else {
            throw ApiException.unavailable(((AuthResult.Unavailable) result).reason());
        }
    }

    void list(Context ctx) {
        JsonNode body = readBody(ctx);
        ParsedRequest parsed = ListRequestParser.parse(body, queryParam(ctx, "limit"), queryParam(ctx, "offset"),
                queryParam(ctx, "cursor"));
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            throw validationError(invalid);
        }
        ParsedRequest.Valid valid = (ParsedRequest.Valid) parsed;
        ListPage page = AnswerResponses.value(ctx, reads.list(tenant(ctx), new ListRequest(ctx.bodyAsBytes(),
                ctx.queryString(), valid.query()), ReadYourWritesFilter.consistency(ctx)).join(), () -> "no list");
        JsonResponses.json(ctx, ListClustersResponse.of(valid.query(), page));
    }

    void get(Context ctx) {
        String identifier = ctx.pathParam("cluster_identifier");
        JsonResponses.json(ctx, AnswerResponses.value(ctx, reads.get(tenant(ctx), identifier,
                ReadYourWritesFilter.consistency(ctx)).join(), () -> "cluster '" + identifier + "' not found"));
    }

    void stats(Context ctx) {
        JsonResponses.json(ctx, ListClustersResponse.stats(AnswerResponses.value(ctx, reads.stats(tenant(ctx),
                ReadYourWritesFilter.consistency(ctx)).join(), () -> "no stats")));
    }

    /**
     * The first value of a query parameter, decoded; an undecodable value is returned raw (so that validation
     * refuses it) instead of being dropped as Javalin's own parser does.
     */
    static String queryParam(Context ctx, String name) {
        String query = ctx.queryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name.equals(decodeOrRaw(key))) {
                return decodeOrRaw(value);
            }
        }
        return null;
    }

    private static String decodeOrRaw(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static JsonNode readBody(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            JsonNode body;
            try (JsonParser parser = REQUESTS.createParser(bytes)) {
                body = Json.MAPPER.readTree(parser);
            }
            return body == null || body.isMissingNode() || body.isNull() ? null : body;
        } catch (JacksonException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("request body cannot be read: " + e.getMessage());
        }
    }

    static ApiException validationError(ParsedRequest.Invalid invalid) {
        String first = invalid.errors().get(0).message();
        String message = invalid.errors().size() == 1 ? first
                : first + " (and " + (invalid.errors().size() - 1) + " more problem(s))";
        return new ApiException(ErrorType.VALIDATION, message, new ErrorEnvelope.Validation(invalid.errors()));
    }

    /** The caller that {@link #authenticate} let in. */
    static Tenant tenant(Context ctx) {
        return ctx.attribute(TENANT);
    }
}
