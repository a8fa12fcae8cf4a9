package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import io.clusterindex.generate.Namespace;
import io.clusterindex.kafka.TopicDefinitions;
import io.clusterindex.kafka.TopicProvisioner;
import io.clusterindex.testkit.IndexerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexer against a broker that encrypts (TLS), authenticates (SASL/SCRAM-SHA-512) and authorizes (KRaft
 * {@code StandardAuthorizer}), logged in through the {@code KAFKA_*} pass-through as a principal holding exactly
 * the ACLs of the README's "Secured Kafka" table: it folds events and answers. Without any one of those ACLs, or
 * with a wrong password, {@code serve} exits with status 1 within {@link #EXIT_BOUND}, saying which permission on
 * which resource is missing, without a stack trace: every ACL of the table is needed, and the table is enough.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredKafkaIT {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);
    private static final String ORGANIZATION = "org_secured";
    private static final String NAMESPACE = "ns_secured";
    private static final String API_KEY = "sk_it_secured_" + UUID.randomUUID();

    private final Path root = Path.of("target", "it-secured-" + UUID.randomUUID()).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private SecuredKafka kafka;

    @BeforeAll
    void startBrokerWithTheSharedTopics() throws Exception {
        kafka = SecuredKafka.start(root);
        TopicProvisioner.ensureTopics(kafka.admin(), TopicDefinitions.loadDefault(Path.of("topics")), (short) 1);
        ItTenants.register(kafka.bootstrapServers(), kafka.adminClientSettings(),
                List.of(new Namespace(NAMESPACE, ORGANIZATION)), Map.of(ORGANIZATION, API_KEY));
    }

    @AfterAll
    void stopBroker() {
        ItTenants.closeAll(kafka);
    }

    @Test
    void anIndexerHoldingExactlyTheReadmeAclsFoldsEventsAndAnswers() throws Exception {
        String applicationId = "ci-granted";
        kafka.createUser("indexer", "indexer-secret");
        kafka.grant(ReadmeAcls.forApplication(applicationId).stream()
                .map(acl -> acl.binding("User:indexer")).toList());
        Map<String, String> env = environment(applicationId, "indexer", "indexer-secret");
        env.put("HTTP_PORT", "0");
        try (ClusterIndexApp app = ClusterIndexApp.start(Config.fromEnvironment(env))) {
            publishCreated("clust_secured_1");
            await("the event is folded and served").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        HttpResponse<String> answer = getCluster(app.httpPort(), "clust_secured_1");
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        assertThat(answer.body()).contains("\"cluster_id\":\"clust_secured_1\"");
                    });
            assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
        }
    }

    /** Each ACL of the README's table, left out in turn, with what the indexer must say is missing. */
    Stream<ReadmeAcls.Acl> everyAclOfTheReadme() {
        return ReadmeAcls.forApplication("ci-missing").stream();
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("everyAclOfTheReadme")
    void withoutAnyOneReadmeAclServeExitsNamingTheMissingPermission(ReadmeAcls.Acl missing) throws Exception {
        String label = (missing.operation() + "-" + missing.resource() + "-" + missing.name().replace("ci-missing", "prefix"))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String applicationId = "ci-" + label;
        String user = "user-" + label;
        kafka.createUser(user, "secret-" + label);
        kafka.grant(ReadmeAcls.forApplication(applicationId).stream()
                .filter(acl -> !acl.equals(renamed(missing, applicationId)))
                .map(acl -> acl.binding("User:" + user)).toList());

        String log = serveUntilExit(label, environment(applicationId, user, "secret-" + label));

        String expected = "not authorized: " + expectedPermission(renamed(missing, applicationId)) + " for User:" + user
                + "; grant it (README 'Secured Kafka')";
        assertThat(log).contains(expected);
        assertThat(log.split(java.util.regex.Pattern.quote(expected), -1)).as("said once").hasSize(2);
        assertThat(log.lines().filter(line -> line.startsWith("\tat ")).count())
                .as("no stack-trace flood (Kafka Streams logs the exception it stops on once)").isLessThan(25);
    }

    @Test
    void aWrongPasswordStopsServeWithAnAuthenticationError() throws Exception {
        kafka.createUser("forgetful", "right-password");
        String log = serveUntilExit("wrong-password", environment("ci-wrong-password", "forgetful", "wrong-password"));
        assertThat(log).contains("cluster-index: Kafka refused the credentials of User:forgetful")
                .contains("check KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG")
                .doesNotContain("wrong-password\"");
    }

    /** Runs {@code serve} in a child JVM until it exits by itself (at most {@link #EXIT_BOUND}); answers its log. */
    private String serveUntilExit(String label, Map<String, String> env) throws Exception {
        Path log = root.resolve(label + ".log");
        try (IndexerProcess indexer = IndexerProcess.isolated(root.resolve(label), 0, log, env)) {
            int status = indexer.awaitExit(EXIT_BOUND);
            assertThat(status).as("exit status of serve, or -1 if still running after %s; log:%n%s", EXIT_BOUND,
                    indexer.tail()).isEqualTo(1);
        }
        return java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The ACL as {@link ReadmeAcls#forApplication} gives it for {@code applicationId}. */
    private static ReadmeAcls.Acl renamed(ReadmeAcls.Acl acl, String applicationId) {
        boolean followsApplicationId = acl.resource() == ResourceType.GROUP || acl.pattern() == PatternType.PREFIXED;
        return followsApplicationId
                ? new ReadmeAcls.Acl(acl.resource(), acl.name().replace("ci-missing", applicationId), acl.pattern(),
                        acl.operation())
                : acl;
    }

    private static String expectedPermission(ReadmeAcls.Acl missing) {
        return switch (missing.resource()) {
            case GROUP -> "READ on group " + missing.name();
            case TRANSACTIONAL_ID -> "WRITE on transactional ids with prefix " + missing.name();
            case TOPIC -> switch (missing.pattern()) {
                case PREFIXED -> missing.operation() + " on topic " + missing.name() + "rerouted-events";
                default -> missing.operation() + " on topic " + missing.name();
            };
            default -> throw new IllegalArgumentException("no such ACL in the README: " + missing);
        };
    }

    private Map<String, String> environment(String applicationId, String user, String password) {
        Map<String, String> env = new HashMap<>(kafka.environment(user, password));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("APPLICATION_ID", applicationId);
        env.put("STATE_DIR", root.resolve(applicationId).toString());
        return env;
    }

    private void publishCreated(String clusterId) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaIO.producer(kafka.bootstrapServers(),
                kafka.adminClientSettings())) {
            DevEvents.create(producer, ORGANIZATION, NAMESPACE, clusterId, "secured");
        }
    }

    private HttpResponse<String> getCluster(int port, String clusterId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/clusters/" + clusterId))
                .header("Authorization", "Bearer " + API_KEY).header("X-Namespace", NAMESPACE)
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
