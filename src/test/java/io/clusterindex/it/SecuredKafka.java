package io.clusterindex.it;

import io.clusterindex.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The embedded broker with its client listener on SASL_PLAINTEXT (SCRAM-SHA-512) and the KRaft
 * {@code StandardAuthorizer}: no ACL, no access, except for the super users. The KRaft bootstrap: the super user
 * {@value #ADMIN} gets its SCRAM credential when the log dir is formatted (no client could authenticate to create
 * the first one), and the broker's own principal on the PLAINTEXT controller listener, {@code User:ANONYMOUS}, must
 * be a super user too, else the broker cannot register with its own controller. Clients never use that listener.
 * Other users get credentials through {@link Admin#alterUserScramCredentials} and ACLs through
 * {@link Admin#createAcls}, as an operator would.
 */
final class SecuredKafka implements AutoCloseable {
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret-it";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private SecuredKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(adminClientSettings());
    }

    static SecuredKafka start(Path logDir) {
        Map<String, String> overrides = Map.of(
                "listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", MECHANISM,
                "sasl.mechanism.inter.broker.protocol", MECHANISM,
                "listener.name.plaintext.scram-sha-512.sasl.jaas.config", jaas(ADMIN, ADMIN_PASSWORD),
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecured(logDir, 0, overrides,
                List.of(MECHANISM + "=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]"),
                login(ADMIN, ADMIN_PASSWORD));
        return new SecuredKafka(broker);
    }

    /** The client settings of {@link #environment}, as the indexer turns them into Kafka settings. */
    private static Map<String, Object> login(String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        environment(user, password).forEach((name, value) -> settings.put(
                name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value));
        return settings;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A super user's client settings, bootstrap servers included. */
    Map<String, Object> adminClientSettings() {
        return clientSettings(ADMIN, ADMIN_PASSWORD);
    }

    Admin admin() {
        return admin;
    }

    /** Client settings of {@code user}, bootstrap servers included. */
    Map<String, Object> clientSettings(String user, String password) {
        Map<String, Object> settings = login(user, password);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }

    /** The indexer's {@code KAFKA_*} variables that log in as {@code user} (README "Secured Kafka"). */
    static Map<String, String> environment(String user, String password) {
        return Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG", jaas(user, password));
    }

    void createUser(String user, String password) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void grant(Collection<AclBinding> acls) throws Exception {
        admin.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void revoke(Collection<AclBindingFilter> acls) throws Exception {
        admin.deleteAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        ItTenants.closeAll(() -> admin.close(Duration.ofSeconds(2)), broker);
    }
}
