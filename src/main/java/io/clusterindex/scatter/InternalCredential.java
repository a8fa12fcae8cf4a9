package io.clusterindex.scatter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The secret instances present to each other's internal endpoint ({@value #HEADER}). Shared without set-up: the
 * first record of the compacted, single-partition topic {@value #TOPIC} holds it. An instance that finds the topic
 * empty writes a fresh random secret under a key of its own, then reads the topic again and takes the record with
 * the lowest offset: when several instances start together and each writes one, they all settle on the same first
 * record, and since every writer uses its own key, compaction never removes that first record.
 * {@code INTERNAL_TOKEN} overrides all this (every instance must then be given the same value).
 */
public final class InternalCredential {
    public static final String TOPIC = "cluster-index-internal";
    public static final String HEADER = "X-Internal-Token";
    private static final String KEY_PREFIX = "internal-token/";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String secret;
    private final byte[] digest;

    private InternalCredential(String secret) {
        this.secret = secret;
        this.digest = sha256(secret);
    }

    public static InternalCredential of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the internal credential must not be blank");
        }
        return new InternalCredential(secret);
    }

    /** The configured secret if any, else the one shared through {@value #TOPIC} (created when there is none). */
    public static InternalCredential resolve(Optional<String> configured, Map<String, Object> clientProps) {
        return resolve(configured, clientProps, TOPIC);
    }

    /** {@link #resolve(Optional, Map)} with the secret kept in {@code topic} (one partition, compacted). */
    public static InternalCredential resolve(Optional<String> configured, Map<String, Object> clientProps, String topic) {
        if (configured.isPresent()) {
            return of(configured.get());
        }
        Optional<String> shared = first(clientProps, topic);
        if (shared.isEmpty()) {
            publish(clientProps, topic, KEY_PREFIX + UUID.randomUUID(), randomSecret());
            shared = first(clientProps, topic);
        }
        return of(shared.orElseThrow(() -> new KafkaException("no internal credential in " + topic + " after writing one")));
    }

    /** The value to send in {@value #HEADER}. */
    public String value() {
        return secret;
    }

    /**
     * Whether {@code presented} (null: absent) is the secret: their SHA-256 digests are compared in constant time,
     * so that neither the time taken nor an early exit on a length mismatch tells anything about the secret.
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    @Override
    public String toString() {
        return "InternalCredential[secret hidden]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<String> first(Map<String, Object> clientProps, String topic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(KEY_PREFIX) && record.value() != null
                            && !record.value().isBlank()) {
                        return Optional.of(record.value());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("cannot read " + topic + " within " + TIMEOUT.toSeconds() + " s");
                }
            }
            return Optional.empty();
        }
    }

    private static void publish(Map<String, Object> clientProps, String topic, String key, String secret) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, secret)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing the internal credential", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot write the internal credential to " + topic + ": " + e, e);
        }
    }
}
