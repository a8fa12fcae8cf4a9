package io.clusterindex.http;

import io.clusterindex.auth.Authenticator;
import io.clusterindex.json.Json;
import io.clusterindex.live.LiveStats;
import io.clusterindex.scatter.InternalApi;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.NamespaceReads;
import io.clusterindex.scatter.Shard;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every route, and the mapping of every failure to the error envelope, is declared here. It is
 * built unstarted from interfaces ({@link #create}), so tests run it over fakes without Kafka; {@code app} starts it.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Where the OpenAPI description of the public API is served, from the jar's {@code openapi.json}. */
    public static final String OPENAPI_PATH = "/openapi.json";
    private static final byte[] OPENAPI = loadOpenApi();
    /** Largest request body accepted (413 above). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Largest body read and dropped before a 413 is answered, so that a client that writes its whole body before it
     * reads gets the answer rather than a reset connection (Tomcat's {@code maxSwallowSize}, same default).
     */
    public static final int SWALLOW_BYTES = 2 * 1024 * 1024;

    private final Javalin app;
    private final StatsStreams statsStreams;

    private HttpServer(Javalin app, StatsStreams statsStreams) {
        this.app = app;
        this.statsStreams = statsStreams;
    }

    /**
     * What the server needs from the rest of the application: {@code reads} answers the public API for the whole
     * namespace, {@code shard} answers other instances on the internal endpoint (which needs {@code credential}),
     * {@code positions} are this instance's view positions (the first {@code X-View-Offsets} of every answer),
     * {@code readiness} what {@code /health/ready} says.
     */
    public record Services(NamespaceReads reads, Shard shard, InternalCredential credential,
                           Authenticator authenticator, Supplier<SortedMap<Integer, Long>> positions,
                           Supplier<Health.Ready> readiness) {
    }

    /**
     * The server with every route, not listening yet: {@code /metrics} serves an empty exposition and the stats stream
     * never has stats ({@code 503}).
     */
    public static HttpServer create(Services services) {
        return create(services, RequestObserver.NONE, MetricsExposition.NONE, new LiveStats(),
                StatsStreamSettings.DEFAULTS);
    }

    /**
     * The server with every route, not listening yet, reporting every request it answers to {@code requests},
     * serving {@code metrics} at {@link MetricsExposition#PATH} and streaming stats from {@code live}.
     */
    public static HttpServer create(Services services, RequestObserver requests, MetricsExposition metrics,
                                    LiveStats live, StatsStreamSettings streamSettings) {
        return create(services, requests, metrics, live, streamSettings, HttpLimits.DEFAULTS);
    }

    /** As above, with the header size and the time-outs of {@code limits}. */
    public static HttpServer create(Services services, RequestObserver requests, MetricsExposition metrics,
                                    LiveStats live, StatsStreamSettings streamSettings, HttpLimits limits) {
        RequestTiming timing = new RequestTiming(requests);
        StatsStreams statsStreams = new StatsStreams(live, streamSettings);
        ClusterRoutes clusters = new ClusterRoutes(services.authenticator(), services.reads());
        InternalRoutes internal = new InternalRoutes(services.credential(), services.shard());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addEventListener(new ConnectorLimits(limits));
            });
            config.jetty.modifyServletContextHandler(context -> context.addFilter(new BodySwallow(SWALLOW_BYTES),
                    "/*", EnumSet.of(DispatcherType.REQUEST)));
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(limits.maxHeaderBytes()));
            config.routes.before(timing::start);
            config.routes.after(timing::finish);
            config.routes.get("/health/live", ctx -> JsonResponses.json(ctx, new Health.Live("UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, services.readiness().get()));
            config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi()));
            config.routes.get(MetricsExposition.PATH, ctx -> {
                MetricsExposition.Exposition exposition = metrics.scrape(ctx.header("Accept"));
                ctx.contentType(exposition.contentType()).result(exposition.body());
            });
            config.routes.get("/", Dashboard::page);
            config.routes.get("/dashboard/{file}", Dashboard::asset);
            config.routes.before("/v1/*", clusters::authenticate);
            config.routes.before("/v1/*", new ReadYourWritesFilter(services.positions(),
                    services.reads().eventPartitions())::before);
            config.routes.post("/v1/clusters/list", clusters::list);
            config.routes.get("/v1/clusters/stats", clusters::stats);
            config.routes.get("/v1/clusters/stats/stream", statsStreams::stream);
            config.routes.get("/v1/clusters/list", ctx -> {
                throw new ApiException(ErrorType.METHOD_NOT_ALLOWED, "method GET is not allowed on /v1/clusters/list; "
                        + "use POST", null);
            });
            config.routes.get("/v1/clusters/{cluster_identifier}", clusters::get);
            config.routes.before(InternalApi.PREFIX + "/*", internal::authenticate);
            config.routes.post(InternalApi.LIST, internal::list);
            config.routes.post(InternalApi.LIST_COPIES, internal::listCopies);
            config.routes.before(InternalApi.PREFIX_V2 + "/*", internal::authenticate);
            config.routes.post(InternalApi.KEYS, internal::keys);
            config.routes.post(InternalApi.FETCH, internal::fetch);
            config.routes.get(InternalApi.CLUSTER, internal::cluster);
            config.routes.get(InternalApi.STATS, internal::stats);
            config.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.retryAfter() > 0) {
                    ctx.header("Retry-After", Integer.toString(e.retryAfter()));
                }
                JsonResponses.json(ctx.status(e.status()), e.envelope());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(),
                    e.getStatus() == 413 ? "request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB" : e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                fail(ctx, 500, "internal error; the request was not answered");
            });
        });
        timing.resolveWith(app.unsafe.internalRouter);
        return new HttpServer(app, statsStreams);
    }

    /** Starts listening on {@code port} (0 = any free port). */
    public HttpServer start(int port) {
        app.start(port);
        return this;
    }

    private static void ready(Context ctx, Health.Ready body) {
        if (!body.ready()) {
            ctx.header("Retry-After", "1");
        }
        JsonResponses.json(ctx.status(body.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE), body);
    }

    private static void fail(Context ctx, int status, String message) {
        JsonResponses.json(ctx.status(status), ErrorEnvelope.of(status, ErrorType.of(status), message, null));
    }

    public int port() {
        return app.port();
    }

    /**
     * Every route, as {@code METHOD /path/template} ({@code GET /v1/clusters/{cluster_identifier}}): what the API
     * description must account for. Filters are not routes.
     */
    public SortedSet<String> routes() {
        SortedSet<String> routes = new TreeSet<>();
        for (ParsedEndpoint entry : app.unsafe.internalRouter.allHttpHandlers()) {
            if (entry.endpoint.method.isHttpMethod()) {
                routes.add(entry.endpoint.method.name() + " " + entry.endpoint.path);
            }
        }
        return routes;
    }

    /** Ends the open stats streams, then stops the server. */
    @Override
    public void close() {
        statsStreams.close();
        app.stop();
    }

    private static byte[] openApi() {
        return OPENAPI;
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = HttpServer.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.json", e);
        }
    }
}
