package io.clusterindex.cli;

import io.clusterindex.auth.DevRegistration;
import io.clusterindex.auth.TenancyRecords;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import io.clusterindex.topology.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --demo}: registers namespace {@value #NAMESPACE_ID} of the development organization through the
 * {@code namespaces} topic, then publishes {@value #EVENTS_PER_SECOND} generated events a second on a thread of its
 * own, round after round: each round's {@value #CLUSTERS_PER_ROUND} clusters are created, run, completed, updated
 * and finally all deleted, so that the namespace never holds more than one round's clusters.
 */
final class DemoFeed implements AutoCloseable {
    static final String NAMESPACE_ID = "ns_demo";
    static final String NAMESPACE_NAME = "demo";
    static final String ORGANIZATION = DevRegistration.ORGANIZATION;
    static final int EVENTS_PER_SECOND = 5;
    static final int CLUSTERS_PER_ROUND = 12;
    static final int EVENTS_PER_ROUND = 120;
    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);
    private static final Namespace NAMESPACE = new Namespace(NAMESPACE_ID, ORGANIZATION);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ScheduledExecutorService thread;
    private final Queue<GeneratedRecord> pending = new ArrayDeque<>();
    private long round;

    private DemoFeed(KafkaProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "cluster-index-demo-feed");
            t.setDaemon(true);
            return t;
        });
        this.round = System.currentTimeMillis();
    }

    /** Registers the demo namespace (waiting for its acknowledgement), then starts feeding. */
    static DemoFeed start(Map<String, Object> clientProps, Topics topics) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        try {
            producer.send(new ProducerRecord<>(topics.namespaces(), NAMESPACE_ID,
                    TenancyRecords.namespace(NAMESPACE_ID, NAMESPACE_NAME, ORGANIZATION))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            producer.close(Duration.ZERO);
            throw new KafkaException("cannot register namespace " + NAMESPACE_ID + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            producer.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while registering namespace " + NAMESPACE_ID, e);
        }
        DemoFeed feed = new DemoFeed(producer, topics.events());
        feed.thread.scheduleAtFixedRate(feed::publishNext, 0, 1000 / EVENTS_PER_SECOND, TimeUnit.MILLISECONDS);
        return feed;
    }

    static String description() {
        return EVENTS_PER_SECOND + " events/s into namespace " + NAMESPACE_ID + " (name '" + NAMESPACE_NAME + "', "
                + ORGANIZATION + "): rounds of " + CLUSTERS_PER_ROUND
                + " clusters created, started, completed, updated, then deleted";
    }

    /** One event; a failure is logged and the next tick tries the next event (a scheduled task must not throw). */
    private void publishNext() {
        try {
            if (pending.isEmpty()) {
                pending.addAll(nextRound(round++));
            }
            GeneratedRecord record = pending.remove();
            producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (ack, e) -> {
                if (e != null) {
                    LOG.warn("demo feed: cannot publish an event: {}", e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("demo feed: {}", e.toString());
        }
    }

    /** A round: its clusters' planned events, then a deletion of every cluster still live. */
    static List<GeneratedRecord> nextRound(long seed) {
        EventStream stream = EventStream.of(EventStream.Profile.DEMO, seed, CLUSTERS_PER_ROUND, EVENTS_PER_ROUND,
                List.of(NAMESPACE));
        List<GeneratedRecord> records = new ArrayList<>(stream.next(EVENTS_PER_ROUND));
        records.addAll(stream.deleteAllLive(NAMESPACE_ID));
        return records;
    }

    /** Stops publishing and closes the producer (its last records are sent first). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
