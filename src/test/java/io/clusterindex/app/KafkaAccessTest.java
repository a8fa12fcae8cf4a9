package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class KafkaAccessTest {
    private final KafkaAccess access = new KafkaAccess("User:indexer", "cluster-index");

    @Test
    void aRefusedTransactionalIdDeepInAStreamsExceptionNamesWriteOnTheApplicationsPrefix() {
        StreamsException failure = new StreamsException("Error encountered trying to initialize transactions",
                new KafkaException("Cannot execute transactional method because we are in an error state",
                        new TransactionalIdAuthorizationException("Transactional Id authorization failed.")));
        assertThat(message(access.translate(failure))).isEqualTo("not authorized: WRITE on transactional ids with "
                + "prefix cluster-index- for User:indexer; grant it (README 'Secured Kafka')");
    }

    @Test
    void aRefusedGroupNamesReadOnThatGroup() {
        assertThat(message(access.translate(new StreamsException(GroupAuthorizationException.forGroupId("g1")))))
                .isEqualTo("not authorized: READ on group g1 for User:indexer; grant it (README 'Secured Kafka')");
    }

    @Test
    void aRefusedTopicNamesTheOperationTheCallerKnowsAndTheTopics() {
        TopicAuthorizationException refused = new TopicAuthorizationException(Set.of("b-topic", "a-topic"));
        assertThat(message(access.translate(new KafkaException("cannot create", refused), "CREATE on")))
                .startsWith("not authorized: CREATE on topic a-topic, b-topic for User:indexer;");
    }

    @Test
    void aRefusedClusterOperationIsNamedAsSuch() {
        assertThat(message(access.translate(new ClusterAuthorizationException("Cluster authorization failed."))))
                .startsWith("not authorized: an operation on the cluster (Cluster authorization failed.)");
    }

    @Test
    void refusedCredentialsPointToTheSaslVariablesWithoutTheJaasConfiguration() {
        assertThat(message(access.translate(new KafkaException(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials")))))
                .isEqualTo("Kafka refused the credentials of User:indexer (Authentication failed during authentication"
                        + " due to invalid credentials); check KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void otherFailuresAreNotRefusals() {
        assertThat(access.translate(new KafkaException("broker unreachable", new IllegalStateException())))
                .isEmpty();
    }

    @Test
    void aStreamThreadRefusedAPermissionStopsTheClientAtOnceInsteadOfReplacingTheThread() {
        ThreadFailurePolicy policy = new ThreadFailurePolicy(access);
        assertThat(policy.handle(new StreamsException(GroupAuthorizationException.forGroupId("cluster-index"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(new ThreadFailurePolicy(access).handle(new StreamsException("transient")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void messagesNameTheSaslUserAndNeverThePassword() {
        Map<String, String> settings = Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"indexer-7\" password=\"hunter2\";");
        assertThat(KafkaPrincipal.of(settings)).isEqualTo("User:indexer-7");
        assertThat(KafkaPrincipal.of(Map.of())).isEqualTo("the indexer's principal");
    }

    private static String message(Optional<KafkaAccessDeniedException> denied) {
        assertThat(denied).isPresent();
        return denied.get().getMessage();
    }
}
