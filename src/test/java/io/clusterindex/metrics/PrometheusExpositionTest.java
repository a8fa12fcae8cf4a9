package io.clusterindex.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.http.MetricsExposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger refreshed = new AtomicInteger();
    private final PrometheusExposition exposition = new PrometheusExposition(registry, refreshed::incrementAndGet);

    PrometheusExpositionTest() {
        Counter.builder("cluster.index.example").register(registry).increment(3);
    }

    @Test
    void aScraperAskingForOpenMetricsGetsItWithItsContentTypeAndEofMarker() {
        MetricsExposition.Exposition scrape = exposition.scrape(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(scrape.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(scrape.body()).contains("cluster_index_example_total 3.0").endsWith("# EOF\n");
        assertThat(refreshed).hasValue(1);
    }

    @Test
    void anyOtherScraperGetsTheTextFormatNeverProtobuf() {
        for (String accept : new String[] {null, "*/*", "text/plain", "application/vnd.google.protobuf;"
                + "proto=io.prometheus.client.MetricFamily;encoding=delimited"}) {
            MetricsExposition.Exposition scrape = exposition.scrape(accept);

            assertThat(scrape.contentType()).as(accept).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body()).as(accept).contains("# TYPE cluster_index_example_total counter")
                    .doesNotContain("# EOF");
        }
        assertThat(refreshed).hasValue(4);
    }
}
