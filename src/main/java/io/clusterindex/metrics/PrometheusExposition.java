package io.clusterindex.metrics;

import io.clusterindex.http.MetricsExposition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * The registry's scrape in the format the scraper asks for: OpenMetrics 1.0 when its {@code Accept} names
 * {@code application/openmetrics-text} (as Prometheus sends by default), else the Prometheus text format 0.0.4.
 * Never the protobuf format. {@code beforeScrape} runs first, on the scraping thread (gauges read there).
 */
final class PrometheusExposition implements MetricsExposition {
    /** The Prometheus text format (the client's {@code PrometheusTextFormatWriter.CONTENT_TYPE}). */
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0 (the client's {@code OpenMetricsTextFormatWriter.CONTENT_TYPE}). */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    PrometheusExposition(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    @Override
    public Exposition scrape(String accept) {
        beforeScrape.run();
        String contentType = contentType(accept);
        return new Exposition(contentType, registry.scrape(contentType));
    }

    static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS : TEXT;
    }
}
