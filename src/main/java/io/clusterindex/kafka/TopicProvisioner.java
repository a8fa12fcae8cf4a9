package io.clusterindex.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics that are declared but missing; never alters a topic that exists. */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicProvisioner() {
    }

    /**
     * Creates every topic of {@code defs} that does not exist yet.
     *
     * @param admin              client of the target cluster
     * @param defs               declared topics
     * @param defaultReplication replication factor for definitions without one; {@code <= 0} means the
     *                           broker's {@code default.replication.factor}
     * @return names of the topics this call created, in the order of {@code defs}
     * @throws KafkaException if listing or creating topics fails or takes longer than 60 seconds
     */
    public static List<String> ensureTopics(Admin admin, List<TopicDefinition> defs, short defaultReplication) {
        Set<String> existing = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "list topics");
        List<NewTopic> missing = new ArrayList<>();
        for (TopicDefinition def : defs) {
            if (!existing.contains(def.name())) {
                missing.add(newTopic(def, defaultReplication));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        List<String> created = new ArrayList<>();
        for (NewTopic topic : missing) {
            if (create(results.get(topic.name()), topic)) {
                created.add(topic.name());
            }
        }
        return List.copyOf(created);
    }

    /**
     * Creates {@code def} if it is missing, and gives an existing one more partitions when it has fewer than
     * {@code def} says (the indexer's own topics whose partitions must match another topic's).
     *
     * @throws KafkaException if the topic has more partitions than {@code def}, or the brokers cannot be asked
     */
    public static void ensurePartitions(Admin admin, TopicDefinition def, short defaultReplication) {
        if (!ensureTopics(admin, List.of(def), defaultReplication).isEmpty()) {
            return;
        }
        int existing = partitionsOf(admin, def.name());
        if (existing > def.partitions()) {
            throw new KafkaException("topic " + def.name() + " has " + existing + " partitions, more than the "
                    + def.partitions() + " it must have; delete it (it holds only records in transit) and start again");
        }
        if (existing < def.partitions()) {
            await(admin.createPartitions(Map.of(def.name(), NewPartitions.increaseTo(def.partitions()))).all(),
                    "add partitions to " + def.name());
            LOG.info("Topic {} now has {} partitions (was {})", def.name(), def.partitions(), existing);
        }
    }

    /**
     * The topic's partition count; retried while the brokers do not know a topic that was just created (its metadata
     * reaches the brokers a moment after the controller created it).
     *
     * @throws KafkaException if the brokers cannot be asked, or still do not know the topic after the timeout
     */
    public static int partitionsOf(Admin admin, String topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
                        .get(topic).partitions().size();
            } catch (KafkaException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static NewTopic newTopic(TopicDefinition def, short defaultReplication) {
        Optional<Short> replication = def.replicationFactor()
                .or(() -> defaultReplication > 0 ? Optional.of(defaultReplication) : Optional.empty());
        return new NewTopic(def.name(), Optional.of(def.partitions()), replication).configs(def.configs());
    }

    private static boolean create(KafkaFuture<Void> result, NewTopic topic) {
        try {
            await(result, "create topic " + topic.name());
        } catch (KafkaException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            if (e.getCause() instanceof TopicAuthorizationException denied && denied.unauthorizedTopics().isEmpty()) {
                throw new KafkaException(e.getMessage(),
                        new TopicAuthorizationException(denied.getMessage(), Set.of(topic.name())));
            }
            throw e;
        }
        LOG.info("Created topic {} ({} partitions, replication {}, configs {})", topic.name(),
                topic.numPartitions(), topic.replicationFactor() < 0 ? "broker default" : topic.replicationFactor(),
                topic.configs());
        return true;
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot " + what + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while trying to " + what, e);
        }
    }
}
