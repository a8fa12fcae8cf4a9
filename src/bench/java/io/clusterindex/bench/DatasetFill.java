package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.bulkProducer;
import static io.clusterindex.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import io.clusterindex.topology.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills the development namespace with {@link QueryDataset}'s clusters through {@code cluster-events}, and waits
 * until {@code GET /v1/clusters/stats} shows exactly what was published. Shared by the query benchmarks.
 */
final class DatasetFill {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(180);

    private DatasetFill() {
    }

    /**
     * What was published: the dataset's report, how long publishing took, and for each LIST query of the mix what
     * its probe draws should answer ({@link QueryMix.Query#probeDraws}: one for a fixed query).
     */
    record Published(QueryDataset.Report report, long clusters, double publishSeconds,
                     Map<String, List<Expectation>> expectations) {
        /** The expected total of each LIST query's first probe draw (its only one for a fixed query). */
        Map<String, Long> expectedTotals() {
            Map<String, Long> totals = new LinkedHashMap<>();
            expectations.forEach((name, drawn) -> totals.put(name, drawn.get(0).total()));
            return totals;
        }
    }

    /**
     * Publishes the dataset with an idempotent bulk producer, counting the expected answers of every LIST query's
     * probe draws (drawn with {@code seed});
     * {@code view} describes what the view holds for the progress lines (every {@link #PROGRESS_EVERY}).
     */
    static Published publish(String bootstrapServers, QueryDataset dataset, List<QueryMix.Query> mix,
                             long seed, Supplier<String> view) {
        BenchSupport.header("fill");
        String topic = Topics.defaults().events();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, List<Expectation>> expectations = expectations(mix, seed);
        List<Expectation> all = expectations.values().stream().flatMap(List::stream).toList();
        long start = System.nanoTime();
        long[] sent = {0};
        long[] lastReport = {start};
        QueryDataset.Report report;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bulkProducer(bootstrapServers))) {
            report = dataset.generate((key, value) -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
                }
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if ((++sent[0] & 4095) == 0 && System.nanoTime() - lastReport[0] >= PROGRESS_EVERY.toNanos()) {
                    lastReport[0] = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %5.1f s  published %,d events; %s%n",
                            seconds(lastReport[0] - start), sent[0], view.get());
                }
            }, state -> all.forEach(expectation -> expectation.offer(state)));
            all.forEach(Expectation::finish);
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
        }
        double publishSeconds = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "published %,d events (%s) in %.1f s: %,.0f events/s; value size avg %.0f B%n",
                report.events(), report.eventsByType(), publishSeconds, report.events() / publishSeconds,
                report.averageValueBytes());
        System.out.printf(Locale.ROOT, "expected stats: %,d clusters, %,d documents, %s%n", dataset.clusters(),
                report.totalDocuments(), report.clustersByStatus());
        return new Published(report, dataset.clusters(), publishSeconds, expectations);
    }

    /**
     * An {@link Expectation} for each probe draw ({@link QueryMix.Query#probeDraws}) of every LIST query of
     * {@code mix}, by query name, to be offered the dataset's final states.
     */
    static Map<String, List<Expectation>> expectations(List<QueryMix.Query> mix, long seed) {
        Map<String, List<Expectation>> expectations = new LinkedHashMap<>();
        for (QueryMix.Query query : mix) {
            if (query.kind() == QueryMix.Kind.LIST) {
                expectations.put(query.name(), query.probeDraws(seed).stream().map(Expectation::new).toList());
            }
        }
        return expectations;
    }

    /**
     * Polls the stats through {@code client} until they show every published cluster, document and status;
     * throws when they stop changing for {@link #STALL_TIMEOUT} ({@code detail} adds to that message).
     * Answers the seconds since {@code startNanos}.
     */
    static double awaitView(QueryClient client, Published published, long startNanos, Supplier<String> detail)
            throws InterruptedException {
        long lastChange = System.nanoTime();
        long lastReport = System.nanoTime();
        String lastSeen = "";
        while (true) {
            JsonNode stats = stats(client);
            long now = System.nanoTime();
            if (stats != null && stats.path("total_clusters").asLong() == published.clusters()
                    && stats.path("total_documents").asLong() == published.report().totalDocuments()
                    && byStatus(stats).equals(published.report().clustersByStatus())) {
                return seconds(System.nanoTime() - startNanos);
            }
            String seen = describe(stats);
            if (!seen.equals(lastSeen)) {
                lastSeen = seen;
                lastChange = now;
            } else if (now - lastChange > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the view made no progress for " + STALL_TIMEOUT.toSeconds()
                        + " s; it holds " + seen + ", expected " + published.clusters() + " clusters, "
                        + published.report().totalDocuments() + " documents, "
                        + published.report().clustersByStatus() + " (" + detail.get() + ")");
            }
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                lastReport = now;
                System.out.printf(Locale.ROOT, "  %5.1f s  all published; the view holds %s%n",
                        seconds(now - startNanos), seen);
            }
            Thread.sleep(250);
        }
    }

    /** The namespace's stats, or null when they are not answered (yet). */
    static JsonNode stats(QueryClient client) {
        try {
            QueryClient.Response response = client.send(new QueryClient.Request("GET", "/v1/clusters/stats", null));
            return response.status() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Map<String, Long> byStatus(JsonNode stats) {
        Map<String, Long> byStatus = new TreeMap<>();
        stats.path("clusters_by_status").properties().forEach(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
        return byStatus;
    }

    /** "the view holds N clusters, D documents", for progress lines. */
    static String describe(JsonNode stats) {
        return stats == null ? "(stats not answered yet)" : String.format(Locale.ROOT, "%,d clusters, %,d documents",
                stats.path("total_clusters").asLong(), stats.path("total_documents").asLong());
    }
}
