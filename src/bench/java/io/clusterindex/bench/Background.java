package io.clusterindex.bench;

import io.clusterindex.bench.QueryMix.Query;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * List traffic that runs beside a measured phase (the "point reads while list queries run"): one closed
 * loop of {@code concurrency} threads, each request one of the background queries drawn at random, from
 * {@link #start} until {@link #stop}.
 */
final class Background {
    /** The loop's own deadline, far beyond any run: {@link #stop} ends it. */
    private static final double UNTIL_STOPPED_S = 1e6;

    private final String names;
    private final int concurrency;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<ClosedLoop.Result> result = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private Background(QueryClient client, List<Query> queries, int concurrency, long seed) {
        this.names = queries.stream().map(Query::name).collect(Collectors.joining(","));
        this.concurrency = concurrency;
        Query mixed = new Query("background", "background " + names, QueryMix.Kind.LIST,
                random -> queries.get(random.nextInt(queries.size())).draws().apply(random), true);
        this.thread = new Thread(() -> {
            try {
                result.set(ClosedLoop.run(List.of(client), mixed, concurrency, UNTIL_STOPPED_S, 0,
                        body -> mixed.looksValid(body, false), seed, "background", () -> { }, stop::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, "background-" + names);
        thread.setDaemon(true);
    }

    /** Starts {@code concurrency} threads sending {@code queries} (drawn at random per request). */
    static Background start(QueryClient client, List<Query> queries, int concurrency, long seed) {
        Background background = new Background(client, queries, concurrency, seed);
        background.thread.start();
        return background;
    }

    /** Stops issuing requests, waits for those in flight, and answers what the background loop measured. */
    ClosedLoop.Result stop() throws InterruptedException {
        stop.set(true);
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the background loop failed: " + failure.get(), failure.get());
        }
        return result.get();
    }

    /** "q8,q9 (2 threads)", for the report. */
    String describe() {
        return String.format(Locale.ROOT, "%s (%d thread%s)", names, concurrency, concurrency == 1 ? "" : "s");
    }
}
