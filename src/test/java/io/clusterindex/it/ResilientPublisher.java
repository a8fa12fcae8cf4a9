package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.generate.GeneratedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * An idempotent producer that tolerates the broker going away: sends never throw, and {@link #drain()} returns, in
 * send order, every record whose send was not acknowledged, for the caller to re-send with a new publisher once the
 * broker is back. Short timeouts keep the wait after a broker kill to a few seconds.
 */
final class ResilientPublisher implements AutoCloseable {
    private record Pending(GeneratedRecord record, Future<RecordMetadata> ack, KafkaException sendError) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final List<Pending> pending = new ArrayList<>();
    private KafkaException sendFailure;

    ResilientPublisher(String bootstrap) {
        producer = KafkaIO.producer(bootstrap, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    /**
     * Sends asynchronously. Once a send has failed at once (typically: no metadata within max.block.ms because the
     * broker is gone), later sends of this publisher fail at once instead of blocking each for max.block.ms.
     */
    void send(GeneratedRecord record) {
        if (sendFailure != null) {
            pending.add(new Pending(record, null, sendFailure));
            return;
        }
        try {
            Future<RecordMetadata> ack = producer.send(KafkaIO.toProducerRecord(record));
            pending.add(new Pending(record, ack, null));
            if (ack.isDone()) {
                // send() reports a metadata timeout through an already failed future, not by throwing
                ack.get();
            }
        } catch (KafkaException e) {
            sendFailure = e;
            pending.add(new Pending(record, null, e));
        } catch (ExecutionException e) {
            sendFailure = new KafkaException("send failed at once", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void sendAll(List<GeneratedRecord> records) {
        records.forEach(this::send);
    }

    /**
     * Sends and waits for every acknowledgement while the broker is up, re-sending a failed send up to 3 times (its
     * index is added to {@code resent}); fails the test if sends still fail.
     */
    void sendAcknowledged(List<GeneratedRecord> records, Collection<Long> resent) {
        sendAll(records);
        List<GeneratedRecord> failed = drain();
        for (int attempt = 0; !failed.isEmpty() && attempt < 3; attempt++) {
            failed.forEach(r -> resent.add(r.index()));
            sendAll(failed);
            failed = drain();
        }
        assertThat(failed).as("sends failing while the broker is up").isEmpty();
    }

    /** Records of the current batch acknowledged so far. */
    int acknowledged() {
        int acked = 0;
        for (Pending p : pending) {
            if (p.ack() != null && p.ack().isDone()) {
                try {
                    p.ack().get();
                    acked++;
                } catch (ExecutionException e) {
                    // failed: not acknowledged
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return acked;
                }
            }
        }
        return acked;
    }

    /** Waits for every pending send and returns the records that were not acknowledged, in send order. */
    List<GeneratedRecord> drain() {
        producer.flush();
        List<GeneratedRecord> failed = new ArrayList<>();
        for (Pending p : pending) {
            if (p.sendError() != null) {
                failed.add(p.record());
                continue;
            }
            try {
                p.ack().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed.add(p.record());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        pending.clear();
        return failed;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
