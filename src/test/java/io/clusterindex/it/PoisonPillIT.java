package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.generate.EventStream;
import io.clusterindex.testkit.ExpectedView;
import io.clusterindex.testkit.PoisonKind;
import io.clusterindex.testkit.PoisonRecord;
import io.clusterindex.testkit.PoisonStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The poison-pill stream against the embedded broker: records of every {@link PoisonKind}, those at the broker's
 * size limit included (published to a partition their cluster does not hash to, so that they also travel the
 * rerouted-events topic), mixed into a generated lifecycle stream. The stream thread never fails, every bad record
 * is in the DLQ once ({@code read_committed}) with its bytes and code, and the view, stats and local queries equal
 * the independent replay. One broker and one indexer for the class.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonPillIT {
    /** {@code max.message.bytes} of {@code cluster-events} (topics/cluster-events.json). */
    static final int EVENTS_LIMIT = 1_048_576;
    /** The batch and record framing of one record with a short key and one header, with room to spare. */
    static final int FRAMING = 256;
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    private final Path stateDir = Path.of("target", "it-poison-" + UUID.randomUUID()).toAbsolutePath();
    private ClusterIndexApp app;

    @BeforeAll
    void startApp() {
        app = ClusterIndexApp.start(Config.fromEnvironment(Map.of("EMBEDDED_KAFKA_PORT", "0",
                "STATE_DIR", stateDir.toString(), "HTTP_PORT", "0")));
        await("indexer ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> app.queries().ready());
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyPoisonPillIsDeadLetteredOnceAndEveryValidEventAppliedWithoutAStreamThreadFailing() {
        List<PoisonRecord> records = PoisonStream.all(new PoisonStream.Options(20261203L, 1_200, 60, 0.4, 0.02,
                EVENTS_LIMIT - FRAMING, EventStream.TEST_NAMESPACES));
        assertThat(records).filteredOn(r -> r.kind().equals(PoisonKind.VALID_AT_LIMIT.name()))
                .allSatisfy(r -> assertThat(r.value()).hasSize(EVENTS_LIMIT - FRAMING));

        List<ExpectedView.Input> published = publish(app.bootstrapServers(), records);
        ExpectedView expected = ExpectedView.replay(published);
        for (var outcome : expected.outcomes()) {
            PoisonRecord record = records.get((int) outcome.getKey().index());
            assertThat(outcome.getValue()).as("replayed outcome of %s", record).isEqualTo(record.expected());
        }

        String bootstrap = app.bootstrapServers();
        KafkaIO.awaitGroupCaughtUp(bootstrap, CATCH_UP, this::assertNoStreamThreadFailed);
        await("the DLQ holds each bad record once").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertDeadLetters(
                        KafkaIO.readAll(bootstrap, KafkaIO.DLQ, Duration.ofSeconds(30)), expected));
        await("clusters-view equals the model").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertViewTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.VIEW), expected));
        await("cluster-stats equals the recount").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ViewAssertions.assertStatsTopic(KafkaIO.lastPerKey(bootstrap, KafkaIO.STATS), expected));
        await("local queries equal the model").atMost(CATCH_UP).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> ViewAssertions.assertQueries(app.queries(), expected, List.of()));

        assertThat(expected.liveClusters().keySet()).as("ids that differ in normalisation only are two clusters")
                .anyMatch(id -> id.contains("_norm_"));
        assertThat(expected.deadLetters().values()).extracting(letter -> letter.input().value() == null ? 0
                : letter.input().value().length).as("a dead letter at the size limit").contains(EVENTS_LIMIT - FRAMING);
        assertNoStreamThreadFailed();
        assertThat(app.counters().appliedCount()).isEqualTo(expected.appliedCount());
    }

    @Test
    void aRecordOverTheLimitIsRefusedByTheBrokerAndTheIndexerCarriesOn() {
        byte[] value = new byte[EVENTS_LIMIT + 1_024];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = producer(app.bootstrapServers())) {
            Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(KafkaIO.EVENTS, utf8("too_big"), value));
            assertThatThrownBy(() -> ack.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordTooLargeException.class);
        }
        assertNoStreamThreadFailed();
        assertThat(app.queries().ready()).isTrue();
    }

    private void assertNoStreamThreadFailed() {
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        app.streams().metrics().forEach((name, metric) -> {
            if (name.name().equals("failed-stream-threads")) {
                assertThat(((Number) metric.metricValue()).doubleValue()).as("failed stream threads").isZero();
            }
        });
    }

    /**
     * Publishes the records in order, each with its index in header {@link KafkaIO#INDEX_HEADER}; the large ones to
     * a partition their key does not hash to. Returns them as they sit in the topic.
     */
    private static List<ExpectedView.Input> publish(String bootstrap, List<PoisonRecord> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (PoisonRecord r : records) {
                RecordHeaders headers = new RecordHeaders();
                r.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
                headers.add(KafkaIO.INDEX_HEADER, utf8(Long.toString(r.index())));
                boolean large = r.size() > 64 * 1024 && r.key() != null;
                Integer partition = large ? (Utils.toPositive(Utils.murmur2(r.key())) + 1) % PARTITIONS : null;
                acks.add(producer.send(new ProducerRecord<>(KafkaIO.EVENTS, partition, r.key(), r.value(), headers)));
            }
            List<ExpectedView.Input> inputs = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata at = acks.get(i).get(30, TimeUnit.SECONDS);
                PoisonRecord r = records.get(i);
                inputs.add(new ExpectedView.Input(at.partition(), at.offset(), r.keyText(), r.value(), r.index()));
            }
            return inputs;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing the poison stream failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * EVENTS_LIMIT,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
