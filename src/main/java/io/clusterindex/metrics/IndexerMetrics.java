package io.clusterindex.metrics;

import io.clusterindex.http.MetricsExposition;
import io.clusterindex.http.RequestObserver;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.scatter.ScatterObserver;
import io.clusterindex.topology.FoldCounters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * This instance's metrics registry and what feeds it: JVM binders from the start, then the parts of the indexer as
 * {@code app} creates them ({@link #bindFold}, {@link #bindView}, {@link #bindStreams}); {@link #requests()} and
 * {@link #scatter()} are the observers {@code http} and {@code scatter} report to, {@link #exposition()} what
 * {@code GET /metrics} serves. Every meter counts since this process started (not exactly-once, unlike the stats).
 */
public final class IndexerMetrics implements AutoCloseable {
    /** {@code METRICS_MAX_NAMESPACES}: namespaces with a series of their own in the clusters-per-namespace gauge. */
    public static final int DEFAULT_MAX_NAMESPACES = 100;
    /** How often Kafka's client metrics are checked for new ones (partitions assigned, threads replaced). */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HttpMetrics requests = new HttpMetrics(registry);
    private final ScatterMetrics scatter = new ScatterMetrics(registry);
    private volatile NamespaceClustersGauge namespaces;
    private ScheduledExecutorService kafkaRefresh;
    private KafkaStreamsMetrics streamsMetrics;

    public IndexerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The fold's counters: applied, duplicates, dead letters by code, rerouted, handed over, adopted. */
    public void bindFold(FoldCounters counters) {
        FoldMetrics.bind(registry, counters);
    }

    /** The view index's memory and loads, and the view positions of each of {@code eventPartitions}. */
    public void bindView(ViewIndex index, int eventPartitions, Supplier<SortedMap<Integer, Long>> positions) {
        ViewMetrics.bind(registry, index, eventPartitions, positions);
    }

    /**
     * Kafka Streams' own metrics (its clients' included: records consumed and lag per input partition) and the
     * clusters per namespace of this instance's stats store, at most {@code maxNamespaces} namespaces by name.
     */
    public synchronized void bindStreams(KafkaStreams streams, int maxNamespaces) {
        kafkaRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaRefresh, KAFKA_METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
        namespaces = new NamespaceClustersGauge(registry, NamespaceClustersGauge.fromStore(streams), maxNamespaces);
    }

    public RequestObserver requests() {
        return requests;
    }

    public ScatterObserver scatter() {
        return scatter;
    }

    /** What {@code GET /metrics} answers: everything above, the clusters per namespace read at that moment. */
    public MetricsExposition exposition() {
        return new PrometheusExposition(registry, () -> {
            NamespaceClustersGauge gauge = namespaces;
            if (gauge != null) {
                gauge.refresh();
            }
        });
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
            kafkaRefresh.shutdownNow();
        }
        gc.close();
        registry.close();
    }
}
