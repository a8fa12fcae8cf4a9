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
 * The embedded broker with its client listener on SASL_SSL (SCRAM-SHA-512 over TLS, with a certificate for
 * {@code localhost} made at test time, {@link TestCertificates}) and the KRaft {@code StandardAuthorizer}: no ACL,
 * no access, except for the super users. The KRaft bootstrap: the super user
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
    private final TestCertificates certificates;
    private final Admin admin;

    private SecuredKafka(EmbeddedKafkaBroker broker, TestCertificates certificates) {
        this.broker = broker;
        this.certificates = certificates;
        this.admin = Admin.create(adminClientSettings());
    }

    /** Starts the broker in {@code dir}{@code /broker}, its certificates in {@code dir}{@code /tls}. */
    static SecuredKafka start(Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("tls"));
        Map<String, String> overrides = new HashMap<>();
        overrides.put("listener.security.protocol.map", "PLAINTEXT:SASL_SSL,CONTROLLER:PLAINTEXT");
        overrides.put("ssl.keystore.type", "PKCS12");
        overrides.put("ssl.keystore.location", certificates.keyStore().toString());
        overrides.put("ssl.keystore.password", certificates.password());
        overrides.put("ssl.key.password", certificates.password());
        // the broker checks its TLS settings with a handshake between its own client and server sides
        overrides.put("ssl.truststore.type", "PKCS12");
        overrides.put("ssl.truststore.location", certificates.trustStore().toString());
        overrides.put("ssl.truststore.password", certificates.password());
        overrides.put("sasl.enabled.mechanisms", MECHANISM);
        overrides.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        overrides.put("listener.name.plaintext.scram-sha-512.sasl.jaas.config", jaas(ADMIN, ADMIN_PASSWORD));
        overrides.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        overrides.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        overrides.put("allow.everyone.if.no.acl.found", "false");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecured(dir.resolve("broker"), 0, overrides,
                List.of(MECHANISM + "=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]"),
                login(certificates, ADMIN, ADMIN_PASSWORD));
        return new SecuredKafka(broker, certificates);
    }

    /** The client settings of {@link #environment}, as the indexer turns them into Kafka settings. */
    private static Map<String, Object> login(TestCertificates certificates, String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        environment(certificates, user, password).forEach((name, value) -> settings.put(
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
        Map<String, Object> settings = login(certificates, user, password);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }

    /** The indexer's {@code KAFKA_*} variables that log in as {@code user} (README "Secured Kafka"). */
    Map<String, String> environment(String user, String password) {
        return environment(certificates, user, password);
    }

    private static Map<String, String> environment(TestCertificates certificates, String user, String password) {
        return Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG", jaas(user, password),
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", certificates.trustStore().toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", certificates.password());
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
