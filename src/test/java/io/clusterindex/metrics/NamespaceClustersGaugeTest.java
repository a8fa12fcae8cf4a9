package io.clusterindex.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.metrics.NamespaceClusters.Row;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class NamespaceClustersGaugeTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<List<Row>> stats = new AtomicReference<>(List.of());

    private final NamespaceClustersGauge gauge = new NamespaceClustersGauge(registry, () -> {
        List<Row> now = stats.get();
        if (now == null) {
            throw new InvalidStateStoreException("rebalancing");
        }
        return now;
    }, 2);

    /** The gauge's series now, by "organization/namespace". */
    private Map<String, Double> series() {
        Map<String, Double> series = new TreeMap<>();
        for (Gauge row : registry.find("cluster.index.namespace.clusters").gauges()) {
            series.put(row.getId().getTag("organization") + "/" + row.getId().getTag("namespace"), row.value());
        }
        return series;
    }

    private double namespaces() {
        return registry.get("cluster.index.namespaces").gauge().value();
    }

    @Test
    void eachRefreshReplacesTheSeriesWithTheLargestNamespacesAndTheRestUnderOther() {
        stats.set(List.of(new Row("org_1", "ns_a", 4), new Row("org_1", "ns_b", 1)));
        gauge.refresh();
        assertThat(series()).containsExactlyEntriesOf(new TreeMap<>(Map.of("org_1/ns_a", 4.0, "org_1/ns_b", 1.0)));
        assertThat(namespaces()).isEqualTo(2);

        stats.set(List.of(new Row("org_1", "ns_a", 4), new Row("org_1", "ns_b", 1), new Row("org_2", "ns_c", 6),
                new Row("org_2", "ns_d", 2)));
        gauge.refresh();
        assertThat(series()).as("ns_b dropped out of the top 2 and is no longer a series of its own")
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("org_2/ns_c", 6.0, "org_1/ns_a", 4.0,
                        "_other/_other", 3.0)));
        assertThat(namespaces()).isEqualTo(4);
    }

    @Test
    void theSeriesStayAtTheLimitPlusOneHoweverManyNamespacesThereAre() {
        List<Row> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new Row("org_1", "ns_" + i, 1 + i % 5));
        }
        stats.set(many);
        gauge.refresh();

        assertThat(series()).hasSize(3);
        assertThat(series().values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(3000.0);
        assertThat(namespaces()).isEqualTo(1000);
    }

    @Test
    void whileTheStoreCannotBeReadTheLastRowsStay() {
        stats.set(List.of(new Row("org_1", "ns_a", 4)));
        gauge.refresh();
        stats.set(null);
        gauge.refresh();

        assertThat(series()).containsExactlyEntriesOf(Map.of("org_1/ns_a", 4.0));
        assertThat(namespaces()).isEqualTo(1);
    }

    @Test
    void aNamespaceWithoutClustersLeftLosesItsSeries() {
        stats.set(List.of(new Row("org_1", "ns_a", 4), new Row("org_1", "ns_b", 2)));
        gauge.refresh();
        stats.set(List.of(new Row("org_1", "ns_b", 2)));
        gauge.refresh();

        assertThat(series()).containsExactlyEntriesOf(Map.of("org_1/ns_b", 2.0));
    }
}
