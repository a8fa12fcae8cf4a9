package io.clusterindex.metrics;

import io.clusterindex.http.RequestObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code cluster_index_http_requests_seconds}: a histogram per method, route template and status, with fixed
 * buckets from 1 ms to 30 s (wide enough for {@code X-Wait-Ms} waits), so that latency quantiles can be computed
 * and summed across instances in Prometheus.
 */
final class HttpMetrics implements RequestObserver {
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Meter.MeterProvider<Timer> timers;

    HttpMetrics(MeterRegistry registry) {
        timers = Timer.builder("cluster.index.http.requests")
                .description("HTTP requests answered, by method, route template (_unmatched: no route) and status")
                .serviceLevelObjectives(BUCKETS).withRegistry(registry);
    }

    @Override
    public void served(String method, String route, int status, long nanos) {
        timers.withTags("method", method, "route", route, "status", Integer.toString(status))
                .record(Duration.ofNanos(nanos));
    }
}
