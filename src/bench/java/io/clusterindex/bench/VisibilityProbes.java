package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Measures, for sampled events, the time from the producer's send acknowledgement to the event being visible
 * through {@code GET /v1/clusters/{cluster_id}}: its {@code updated_at} at or after the event's {@code occurred_at}
 * (a later event of the same cluster implies this one, since both are in the same partition, in order).
 *
 * <p>{@link Mode#POLL}: a probe sends the GET as soon as the acknowledgement arrives, then again one poll interval
 * after the previous request started, until the answer shows the event; the interval is the configured one, or
 * {@value #BACKOFF_SHARE} of the time since the acknowledgement when that is longer (so that a lagging pipeline
 * does not multiply the polling load). The latency is the time the first showing answer arrived: it overstates the
 * true moment by at most one interval plus one request, the measurement resolution. {@link Mode#MIN_OFFSETS}: one
 * GET with {@code X-Min-Offsets: partition:offset} that waits in the server; its answer must show the event.
 *
 * <p>Polls are tasks of a scheduled pool of {@code threads} threads, so at most that many requests are in flight;
 * a probe waits between polls without holding a thread. A first request that starts more than one interval after
 * the acknowledgement (all threads busy) counts as a late start. Latencies go into an HdrHistogram in microseconds.
 */
final class VisibilityProbes implements AutoCloseable {
    enum Mode {
        POLL("poll"), MIN_OFFSETS("min-offsets");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** A sampled event: which cluster, what {@code updated_at} shows it, where it landed, when it was acknowledged. */
    record Probe(String clusterId, Instant occurredAt, int partition, long offset, long ackNanos) {
    }

    /** What the probes of one phase measured. */
    record Result(Histogram latencyMicros, Histogram requestMicros, long probes, long timedOut, long errors,
                  long lateStarts, long firstAnswerVisible, long requests, String firstError) {
        double ms(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
        }
    }

    static final double BACKOFF_SHARE = 0.05;
    private static final long HISTOGRAM_MAX_MICROS = 3_600_000_000L;

    private final QueryClient client;
    private final Mode mode;
    private final long pollNanos;
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor pool;
    private final int threads;
    private final Histogram latency = new Histogram(HISTOGRAM_MAX_MICROS, 3);
    private final Histogram requestTimes = new Histogram(HISTOGRAM_MAX_MICROS, 3);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lateStarts = new AtomicLong();
    private final AtomicLong firstAnswerVisible = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    VisibilityProbes(QueryClient client, Mode mode, int threads, Duration pollInterval, Duration timeout) {
        this.client = client;
        this.mode = mode;
        this.pollNanos = pollInterval.toNanos();
        this.timeout = timeout;
        this.threads = threads;
        AtomicLong names = new AtomicLong();
        this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread thread = new Thread(r, "visibility-probe-" + names.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a probe; never blocks (called on the producer's I/O thread). */
    void submit(Probe probe) {
        submitted.incrementAndGet();
        pool.execute(() -> attempt(probe, 1));
    }

    long inFlight() {
        return submitted.get() - finished.get();
    }

    /** Waits until every submitted probe has finished, at most {@code wait}; true when they all did. */
    boolean awaitAll(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return inFlight() == 0;
    }

    synchronized Result result() {
        return new Result(latency.copy(), requestTimes.copy(), finished.get(), timedOut.get(), errors.get(),
                lateStarts.get(), firstAnswerVisible.get(), requests.get(), firstError.get());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private void attempt(Probe probe, int polls) {
        long sent = System.nanoTime();
        if (polls == 1 && sent - probe.ackNanos() > pollNanos) {
            lateStarts.incrementAndGet();
        }
        try {
            if (mode == Mode.POLL) {
                poll(probe, polls, sent);
            } else {
                waitForOffsets(probe, sent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.incrementAndGet();
        } catch (RuntimeException e) {
            error(e.toString());
            finished.incrementAndGet();
        }
    }

    private void poll(Probe probe, int polls, long sent) throws InterruptedException {
        QueryClient.Request request = new QueryClient.Request("GET", "/v1/clusters/" + probe.clusterId(), null);
        Boolean visible = visible(request, probe, sent);
        long received = System.nanoTime();
        if (visible == null) {
            finished.incrementAndGet();
        } else if (visible) {
            record(received - probe.ackNanos(), polls == 1);
        } else if (received - probe.ackNanos() >= timeout.toNanos()) {
            timedOut.incrementAndGet();
            finished.incrementAndGet();
        } else {
            long interval = Math.max(pollNanos, (long) ((sent - probe.ackNanos()) * BACKOFF_SHARE));
            pool.schedule(() -> attempt(probe, polls + 1), Math.max(0, sent + interval - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void waitForOffsets(Probe probe, long sent) throws InterruptedException {
        QueryClient.Request request = new QueryClient.Request("GET", "/v1/clusters/" + probe.clusterId(), null,
                Map.of("X-Min-Offsets", probe.partition() + ":" + probe.offset(),
                        "X-Wait-Ms", Long.toString(timeout.toMillis())));
        Boolean visible = visible(request, probe, sent);
        long received = System.nanoTime();
        if (Boolean.TRUE.equals(visible)) {
            record(received - probe.ackNanos(), true);
            return;
        }
        if (Boolean.FALSE.equals(visible)) {
            error("the answer to X-Min-Offsets " + probe.partition() + ":" + probe.offset() + " does not show "
                    + probe.clusterId() + " at " + probe.occurredAt());
        }
        finished.incrementAndGet();
    }

    /** Whether the answer shows the probe's event; null after an error or time-out (already counted). */
    private Boolean visible(QueryClient.Request request, Probe probe, long sent) throws InterruptedException {
        QueryClient.Response response;
        try {
            response = client.send(request);
        } catch (IOException e) {
            error(e.toString());
            return null;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
        requests.incrementAndGet();
        synchronized (this) {
            requestTimes.recordValue(Math.min(HISTOGRAM_MAX_MICROS, micros));
        }
        if (response.status() == 404 && mode == Mode.POLL) {
            return false;
        }
        if (response.status() == 503 && mode == Mode.MIN_OFFSETS) {
            timedOut.incrementAndGet();
            return null;
        }
        if (response.status() != 200) {
            error("GET " + request.path() + ": status " + response.status());
            return null;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            Instant updated = Instant.parse(body.path("updated_at").asText());
            return !updated.isBefore(probe.occurredAt());
        } catch (IOException | DateTimeParseException e) {
            error("GET " + request.path() + ": unexpected body: " + e.getMessage());
            return null;
        }
    }

    private void record(long nanos, boolean firstAnswer) {
        synchronized (this) {
            latency.recordValue(Math.max(0, Math.min(HISTOGRAM_MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
        }
        if (firstAnswer) {
            firstAnswerVisible.incrementAndGet();
        }
        finished.incrementAndGet();
    }

    private void error(String message) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, message);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d probe threads, poll interval %.1f ms (or %.0f%% of the time since"
                        + " the acknowledgement when longer), time-out %d s", mode.label, threads, pollNanos / 1e6,
                BACKOFF_SHARE * 100, timeout.toSeconds());
    }
}
