package io.clusterindex.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes {@link LiveEvents} at a steady rate from one thread of its own (LiveEvents is not thread-safe): every
 * {@link #TICK_NANOS} it sends what the rate owes since the start. When the producer cannot keep up, sends block
 * and {@link #sent} falls behind the rate: the figures report what was actually published.
 */
final class PacedPublisher implements AutoCloseable {
    private static final long TICK_NANOS = 10_000_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    private PacedPublisher(Map<String, Object> producerProperties, String topic, LiveEvents live, int perSecond) {
        this.producer = new KafkaProducer<>(producerProperties);
        this.thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                while (!stop) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                    while (sent.get() < due && !stop) {
                        LiveEvents.Event event = live.next();
                        producer.send(new ProducerRecord<>(topic, event.key(), event.value()), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                        sent.incrementAndGet();
                    }
                    LockSupport.parkNanos(TICK_NANOS);
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "paced-publisher");
        thread.setDaemon(true);
    }

    /** Starts publishing {@code perSecond} events a second to {@code topic}. */
    static PacedPublisher start(Map<String, Object> producerProperties, String topic, LiveEvents live, int perSecond) {
        PacedPublisher publisher = new PacedPublisher(producerProperties, topic, live, perSecond);
        publisher.thread.start();
        return publisher;
    }

    /** Events handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** Throws when a send failed or the publishing thread stopped on its own. */
    void requireHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("publishing the live events failed: " + failure.get(), failure.get());
        }
        if (!stop && !thread.isAlive()) {
            throw new IllegalStateException("the live events' publisher stopped");
        }
    }

    /** Stops publishing, and waits until every event sent is acknowledged. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close();
        requireHealthy();
    }
}
