package io.clusterindex.http;

import io.clusterindex.auth.Tenant;
import io.clusterindex.live.LiveStats;
import io.clusterindex.live.StatsVersion;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/clusters/stats/stream}: Server-Sent Events of the caller's organization's namespace from
 * {@link LiveStats} (the same scope as {@code GET /v1/clusters/stats}), after the same authentication as every
 * {@code /v1} route. Bounded: at most {@code maxOpenStreams} open (429 beyond), one pending state per stream, a
 * watchdog that drops clients whose writes do not finish in time; {@link #close} ends every stream cleanly.
 */
final class StatsStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsStreams.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final LiveStats board;
    private final StatsStreamSettings settings;
    private final Semaphore slots;
    private final Set<StatsStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

    StatsStreams(LiveStats board, StatsStreamSettings settings) {
        this.board = board;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxOpenStreams());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stats-stream-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, settings.writeTimeout().toMillis() / 4);
        watchdog.scheduleAtFixedRate(this::dropSlowReaders, period, period, TimeUnit.MILLISECONDS);
    }

    void stream(Context ctx) {
        if (closed) {
            throw ApiException.unavailable("this instance is shutting down");
        }
        if (!board.caughtUp()) {
            throw ApiException.unavailable("live stats are still being read; retry shortly");
        }
        if (!slots.tryAcquire()) {
            throw new ApiException(ErrorType.TOO_MANY_REQUESTS, "this instance already serves "
                    + settings.maxOpenStreams() + " stats streams; retry later or on another instance", null);
        }
        try {
            serve(ctx, ClusterRoutes.tenant(ctx));
        } finally {
            slots.release();
        }
    }

    private void serve(Context ctx, Tenant tenant) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        StatsStream stream;
        try {
            stream = new StatsStream(res.getOutputStream(), () -> abort(ctx), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the response of a stats stream", e);
        }
        open.add(stream);
        Runnable unsubscribe = board.subscribe(tenant.organizationId(), tenant.namespaceId(), stream::offer);
        try {
            if (closed) {
                stream.close();
            }
            stream.run(board.current(tenant.organizationId(), tenant.namespaceId()),
                    StatsVersion.parse(ctx.header("Last-Event-ID")));
        } finally {
            unsubscribe.run();
            open.remove(stream);
        }
    }

    private void dropSlowReaders() {
        long limit = settings.writeTimeout().toNanos();
        for (StatsStream stream : open) {
            if (stream.stuckFor(limit)) {
                LOG.info("dropping a stats stream whose client took longer than {} to take one write",
                        settings.writeTimeout());
                stream.drop();
            }
        }
    }

    private static void abort(Context ctx) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close();
        } catch (RuntimeException e) {
            LOG.warn("closing the connection of a slow stats stream failed", e);
        }
    }

    /**
     * Ends every open stream and refuses new ones; waits up to {@link #CLOSE_WAIT} for their responses to end, so
     * that each client sees the end of its stream before the server stops.
     */
    @Override
    public void close() {
        closed = true;
        open.forEach(StatsStream::close);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!open.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        watchdog.shutdownNow();
    }
}
