package io.clusterindex.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaBrokerIT {
    private static final String KEY = "clust_it";
    private static final String COMMITTED = "{\"event_id\":\"evt_committed\"}";
    private static final String ABORTED = "{\"event_id\":\"evt_aborted\"}";

    private final Path stateDir = Path.of("target", "it-broker-" + UUID.randomUUID());
    private final Path logDir = stateDir.resolve("kafka");
    private StateDirLock lock;
    private EmbeddedKafkaBroker broker;
    private List<TopicDefinition> definitions;
    /** What the first provisioning created. */
    private List<String> created;

    @BeforeAll
    void startBrokerAndProvisionTheTopics() throws Exception {
        lock = StateDirLock.acquire(stateDir);
        broker = EmbeddedKafkaBroker.start(logDir, 0);
        definitions = TopicDefinitions.load(Path.of("topics"));
        try (Admin admin = admin()) {
            created = TopicProvisioner.ensureTopics(admin, definitions, (short) 0);
        }
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        lock.close();
    }

    @Test
    void answersOnLocalhost() {
        assertThat(broker.port()).isPositive();
        assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.port());
        assertThat(logDir.resolve("meta.properties")).isRegularFile();
    }

    @Test
    void provisionsTheProjectTopicsOnce() throws Exception {
        List<TopicDefinition> defs = definitions;
        try (Admin admin = admin()) {
            assertThat(created).containsExactlyInAnyOrderElementsOf(names(defs));
            assertThat(TopicProvisioner.ensureTopics(admin, defs, (short) 1)).isEmpty();

            Map<String, TopicDescription> topics = admin.describeTopics(names(defs)).allTopicNames().get();
            for (TopicDefinition def : defs) {
                assertThat(topics.get(def.name()).partitions()).as(def.name()).hasSize(def.partitions());
                Config config = topicConfig(admin, def.name());
                def.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(def.name() + " " + key).isEqualTo(value));
            }
            assertThat(topicConfig(admin, "clusters-view").get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(topicConfig(admin, "cluster-events").get("max.message.bytes").value()).isEqualTo("1048576");
        }
    }

    @Test
    void neverAltersAnExistingTopic() throws Exception {
        TopicDefinition changed = new TopicDefinition("namespaces", 5, Optional.empty(),
                Map.of("cleanup.policy", "delete"));
        try (Admin admin = admin()) {
            assertThat(TopicProvisioner.ensureTopics(admin, List.of(changed), (short) 0)).isEmpty();
            assertThat(admin.describeTopics(List.of("namespaces")).allTopicNames().get()
                    .get("namespaces").partitions()).hasSize(1);
            assertThat(topicConfig(admin, "namespaces").get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void transactionsCommitAndAbort() throws Exception {
        String topic = freshTopic();
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, KEY, ABORTED));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, KEY, COMMITTED));
            producer.commitTransaction();
        }

        assertThat(readCommittedValues(topic, 1)).containsExactly(COMMITTED);
    }

    @Test
    void portClashIsReportedWithThePort() {
        Path otherDir = stateDir.resolve("other-kafka");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(otherDir, broker.port()))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("port " + broker.port() + " on localhost is already in use");
        assertThat(otherDir.resolve("meta.properties")).doesNotExist();
    }

    @Test
    void portTakenDuringStartupIsReportedWithThePort() {
        Path otherDir = stateDir.resolve("racing-kafka");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(otherDir, broker.port(), false))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("port " + broker.port() + " on localhost is already in use")
                .hasRootCauseInstanceOf(BindException.class);
    }

    @Test
    void restartOnTheSameDirKeepsTopicsAndRecords() throws Exception {
        String topic = freshTopic();
        commit(topic, COMMITTED);
        int port = broker.port();
        String clusterId = clusterId();
        broker.close();
        broker.close();

        broker = EmbeddedKafkaBroker.start(logDir, port);

        assertThat(broker.port()).isEqualTo(port);
        assertThat(clusterId()).isEqualTo(clusterId);
        try (Admin admin = admin()) {
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
            assertThat(admin.listTopics().names().get()).containsAll(names(TopicDefinitions.load(Path.of("topics"))));
            assertThat(TopicProvisioner.ensureTopics(admin, TopicDefinitions.load(Path.of("topics")), (short) 0))
                    .isEmpty();
        }
        assertThat(readCommittedValues(topic, 1)).containsExactly(COMMITTED);

        commit(topic, COMMITTED + "2");
        assertThat(readCommittedValues(topic, 2)).containsExactly(COMMITTED, COMMITTED + "2");
    }

    private void commit(String topic, String value) {
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, KEY, value));
            producer.commitTransaction();
        }
    }

    /** A topic of this test alone (one partition), so that no other test's records are in it. */
    private String freshTopic() throws Exception {
        String topic = "it-broker-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private List<String> readCommittedValues(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    private KafkaProducer<String, String> transactionalProducer() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Config topicConfig(Admin admin, String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private String clusterId() throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDir.resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private static Set<String> names(Collection<TopicDefinition> defs) {
        return defs.stream().map(TopicDefinition::name).collect(Collectors.toSet());
    }
}
