package io.clusterindex.app;

import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.topology.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka permissions the indexer needs (README "Secured Kafka"), checked before the stream processor starts, and
 * Kafka's refusals turned into one line that names the missing permission. A refusal is not transient: retrying
 * would only hang, so the indexer stops and says what to grant.
 */
final class KafkaAccess {
    static final String GRANT_HINT = "grant it (README 'Secured Kafka')";
    private static final long TIMEOUT_SECONDS = 60;

    private final String principal;
    private final String applicationId;

    /** {@code principal} as messages name it ({@link KafkaPrincipal}); {@code applicationId} is the group's id. */
    KafkaAccess(String principal, String applicationId) {
        this.principal = principal;
        this.applicationId = applicationId;
    }

    static KafkaAccess of(Config config) {
        return new KafkaAccess(KafkaPrincipal.of(config.kafkaOverrides()), config.applicationId());
    }

    /**
     * The operations the indexer performs on each of its topics (DESCRIBE is implied by each); the Streams
     * internal topics are not listed, since they may not exist yet.
     */
    static Map<String, List<AclOperation>> topicOperations(Topics topics) {
        Map<String, List<AclOperation>> needed = new LinkedHashMap<>();
        needed.put(topics.events(), List.of(AclOperation.READ));
        needed.put(topics.namespaces(), List.of(AclOperation.READ));
        needed.put(topics.apiKeys(), List.of(AclOperation.READ));
        needed.put(topics.view(), List.of(AclOperation.WRITE));
        needed.put(topics.deadLetters(), List.of(AclOperation.WRITE));
        needed.put(topics.stats(), List.of(AclOperation.READ, AclOperation.WRITE));
        needed.put(topics.rerouted(), List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE));
        needed.put(InternalCredential.TOPIC, List.of(AclOperation.READ, AclOperation.WRITE));
        return needed;
    }

    /**
     * Before topics are created: fails naming the first operation needed on a topic that exists but that the
     * principal may not even see (without DESCRIBE, Kafka answers as if it were missing, and creating it would be
     * refused for the wrong reason).
     */
    void checkVisible(Admin admin, Topics topics) {
        Map<String, List<AclOperation>> needed = topicOperations(topics);
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(needed.keySet()).topicNameValues();
        for (Map.Entry<String, List<AclOperation>> topic : needed.entrySet()) {
            try {
                described.get(topic.getKey()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw denied(topic.getValue().get(0) + " on topic " + topic.getKey(), e.getCause());
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw translate(e.getCause()).<KafkaException>map(denied -> denied).orElseGet(
                            () -> new KafkaException("cannot describe topic " + topic.getKey() + ": " + e.getCause(),
                                    e.getCause()));
                }
            } catch (TimeoutException e) {
                throw new KafkaException("cannot describe topic " + topic.getKey() + " within " + TIMEOUT_SECONDS
                        + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while describing the indexer's topics", e);
            }
        }
    }

    /**
     * Once the topics exist: fails with a {@link KafkaAccessDeniedException} naming the first operation the
     * principal may not perform on one of them.
     */
    void checkTopics(Admin admin, Topics topics) {
        Map<String, List<AclOperation>> needed = topicOperations(topics);
        Map<String, TopicDescription> described = describeWithOperations(admin, needed.keySet());
        for (Map.Entry<String, List<AclOperation>> topic : needed.entrySet()) {
            Set<AclOperation> granted = described.get(topic.getKey()).authorizedOperations();
            if (granted == null) {
                return;
            }
            for (AclOperation operation : topic.getValue()) {
                if (!granted.contains(operation)) {
                    throw denied(operation + " on topic " + topic.getKey(), null);
                }
            }
        }
    }

    /** The topics with the operations the principal may perform; retried while a new topic is not yet known. */
    private Map<String, TopicDescription> describeWithOperations(Admin admin, Set<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(names, new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw translate(e.getCause()).<KafkaException>map(denied -> denied).orElseGet(
                            () -> new KafkaException("cannot describe the indexer's topics: " + e.getCause(),
                                    e.getCause()));
                }
            } catch (TimeoutException e) {
                throw new KafkaException("cannot describe the indexer's topics within " + TIMEOUT_SECONDS + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while describing the indexer's topics", e);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while describing the indexer's topics", e);
        }
    }

    /**
     * The refusal in {@code failure}'s causes, as a {@link KafkaAccessDeniedException} naming the permission; empty
     * when Kafka refused nothing.
     */
    Optional<KafkaAccessDeniedException> translate(Throwable failure) {
        return translate(failure, "access to");
    }

    /** As {@link #translate(Throwable)}; {@code topicOperation} names what was refused on a topic. */
    Optional<KafkaAccessDeniedException> translate(Throwable failure, String topicOperation) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KafkaAccessDeniedException denied) {
                return Optional.of(denied);
            }
            if (t instanceof AuthenticationException) {
                return Optional.of(new KafkaAccessDeniedException("Kafka refused the credentials of " + principal
                        + " (" + t.getMessage() + "); check KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG", t));
            }
            Optional<String> what = refused(t, topicOperation);
            if (what.isPresent()) {
                return Optional.of(denied(what.get(), t));
            }
        }
        return Optional.empty();
    }

    private Optional<String> refused(Throwable t, String topicOperation) {
        if (t instanceof TopicAuthorizationException topic) {
            List<String> names = new ArrayList<>(topic.unauthorizedTopics());
            names.sort(null);
            return Optional.of(topicOperation + " topic " + (names.isEmpty() ? "(unnamed)" : String.join(", ", names)));
        }
        if (t instanceof GroupAuthorizationException group) {
            return Optional.of("READ on group " + (group.groupId() == null ? applicationId : group.groupId()));
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return Optional.of("WRITE on transactional ids with prefix " + applicationId + "-");
        }
        if (t instanceof ClusterAuthorizationException) {
            return Optional.of("an operation on the cluster (" + t.getMessage() + ")");
        }
        return Optional.empty();
    }

    private KafkaAccessDeniedException denied(String what, Throwable cause) {
        return new KafkaAccessDeniedException("not authorized: " + what + " for " + principal + "; " + GRANT_HINT,
                cause);
    }
}
