package io.clusterindex.http;

import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.topology.FoldCounters;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP server: all routes are declared here. */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening on {@code port} (0 = any free port). */
    public static HttpServer start(int port, LocalViewQueries queries, FoldCounters counters,
                                   Supplier<String> streamsState) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = port;
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> {
                boolean ready = queries.ready();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", ready ? "READY" : "NOT_READY");
                body.put("streams_state", streamsState.get());
                body.put("events_applied", counters.appliedCount());
                body.put("events_skipped_duplicates", counters.duplicateCount());
                body.put("events_dead_lettered", counters.deadLetteredCount());
                ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
                if (!ready) {
                    ctx.header("Retry-After", "1");
                }
            });
        });
        app.start();
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
