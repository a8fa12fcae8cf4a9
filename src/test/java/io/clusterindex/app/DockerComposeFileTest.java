package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code docker-compose.yml} against the code: the broker's settings against what a single KRaft node
 * needs, and each indexer's variables, ports, volumes and health against what {@link Config} reads from them (with
 * the image's own {@code ENV} underneath, as Docker does). No Docker engine is needed: the file is parsed, never run.
 */
class DockerComposeFileTest {
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final String DEV_API_KEY = "sk_dev_local";
    /** A value no variable has by default: a variable {@link Config} reads changes the configuration when set to it. */
    private static final String PROBE = "7";

    private final JsonNode compose = read(COMPOSE);
    private final DockerfileModel dockerfile = DockerfileModel.read(DockerfileTest.DOCKERFILE);

    // ------------------------------------------------------------------------------------------------ broker

    @Test
    void theBrokerIsTheOfficialKafka4ImageRunningAsOneCombinedKraftNode() {
        Map<String, String> env = environment(broker());

        assertThat(broker().path("image").asText()).matches("apache/kafka:4\\.\\d+\\.\\d+");
        assertThat(setting(env, "process.roles")).isEqualTo("broker,controller");
        String controller = setting(env, "controller.listener.names");
        assertThat(setting(env, "controller.quorum.voters")).isEqualTo(setting(env, "node.id") + "@"
                + brokerHost() + ":" + listeners(setting(env, "listeners")).get(controller).port());
        assertThat(env.get("CLUSTER_ID")).as("16 bytes, base64url without padding").matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void theBrokerHasTheSingleNodeSettingsThatExactlyOnceProcessingNeeds() {
        Map<String, String> env = environment(broker());

        for (String replicasOfOne : List.of("offsets.topic.replication.factor",
                "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
                "share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr")) {
            assertThat(setting(env, replicasOfOne)).as(replicasOfOne).isEqualTo("1");
        }
        assertThat(setting(env, "auto.create.topics.enable")).as("topics come from topics/, never by accident")
                .isEqualTo("false");
    }

    @Test
    void everyAdvertisedListenerIsOneTheBrokerListensOnAndTheHostOneIsPublished() {
        Map<String, String> env = environment(broker());
        Map<String, Endpoint> listening = listeners(setting(env, "listeners"));
        Map<String, Endpoint> advertised = listeners(setting(env, "advertised.listeners"));
        Set<String> protocols = listeners(setting(env, "listener.security.protocol.map")).keySet();

        assertThat(protocols).containsAll(listening.keySet());
        assertThat(listening).containsKey(setting(env, "inter.broker.listener.name"));
        advertised.forEach((name, endpoint) -> assertThat(listening.get(name)).as("listener %s", name)
                .extracting(Endpoint::port).isEqualTo(endpoint.port()));
        Endpoint host = advertised.values().stream().filter(e -> e.host().equals("localhost")).findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertised to clients on the host"));
        assertThat(ports(broker())).contains(new PortMapping(host.port(), host.port()));
    }

    @Test
    void theBrokerKeepsItsLogInANamedVolume() {
        String logDir = setting(environment(broker()), "log.dirs");

        assertThat(namedVolumeAt(broker(), logDir)).isNotNull();
    }

    @Test
    void theBrokerIsHealthyOnlyOnceItAnswersKafkaRequests() {
        String check = broker().path("healthcheck").path("test").toString();

        assertThat(check).containsPattern("/opt/kafka/bin/kafka-[a-z-]+\\.sh --bootstrap-server localhost:\\d+");
    }

    // ------------------------------------------------------------------------------------------------ indexers

    @Test
    void twoIndexersRunTheImageBuiltFromTheDockerfile() {
        List<JsonNode> builders = new ArrayList<>();
        compose.path("services").forEach(service -> {
            if (service.has("build")) {
                builders.add(service);
            }
        });

        assertThat(builders).hasSize(1);
        JsonNode build = builders.get(0).path("build");
        assertThat(Path.of(build.path("context").asText()).resolve(build.path("dockerfile").asText("Dockerfile"))
                .normalize()).isEqualTo(DockerfileTest.DOCKERFILE);
        assertThat(indexers()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyVariableGivenToAnIndexerIsOneTheIndexerReads() {
        Config unset = Config.fromEnvironment(Map.of());
        indexers().forEach((name, service) -> assertThat(environment(service).keySet()).allSatisfy(variable -> {
            if (!variable.startsWith("KAFKA_")) {
                assertThat(Config.fromEnvironment(Map.of(variable, PROBE)))
                        .as("%s sets %s, which Config does not read", name, variable).isNotEqualTo(unset);
            }
        }));
    }

    @Test
    void everyIndexerReachesTheBrokerOnTheListenerAdvertisedInsideTheComposeNetwork() {
        Map<String, Endpoint> advertised = listeners(setting(environment(broker()), "advertised.listeners"));
        Set<String> inside = new HashSet<>(List.of(brokerName(), brokerHost()));

        indexers().forEach((name, service) -> {
            String bootstrap = config(service).bootstrapServers().orElseThrow(
                    () -> new AssertionError(name + " would start an embedded broker of its own"));
            assertThat(advertised.values()).as(name).anySatisfy(endpoint -> {
                assertThat(inside).contains(endpoint.host());
                assertThat(bootstrap).isEqualTo(endpoint.host() + ":" + endpoint.port());
            });
        });
    }

    @Test
    void otherInstancesReachEveryIndexerUnderItsServiceNameAndHttpPortWhichIsPublished() {
        List<Integer> hostPorts = new ArrayList<>(ports(broker()).stream().map(PortMapping::host).toList());
        indexers().forEach((name, service) -> {
            Config config = config(service);
            assertThat(config.applicationServer()).isEqualTo(name + ":" + config.httpPort());
            List<PortMapping> published = ports(service);
            assertThat(published).extracting(PortMapping::container).as(name).containsExactly(config.httpPort());
            hostPorts.add(published.get(0).host());
        });

        assertThat(hostPorts).doesNotHaveDuplicates();
    }

    @Test
    void everyIndexerKeepsItsStateInANamedVolumeOfItsOwn() {
        List<String> volumes = new ArrayList<>();
        indexers().forEach((name, service) ->
                volumes.add(namedVolumeAt(service, config(service).stateDir().toString())));

        assertThat(volumes).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void indexersStartOnceTheBrokerIsHealthyAndAreHealthyOnceReadyToAnswer() {
        indexers().forEach((name, service) -> {
            assertThat(service.path("depends_on").path(brokerName()).path("condition").asText()).as(name)
                    .isEqualTo("service_healthy");
            JsonNode check = service.path("healthcheck");
            assertThat(check.path("disable").asBoolean(false)).as(name).isFalse();
            if (check.has("test")) {
                assertThat(check.path("test").toString()).as(name).contains("/health/ready");
            }
        });
        assertThat(dockerfile.runtime().last("HEALTHCHECK")).as("the image's own health check, used when the "
                + "service sets none").hasValueSatisfying(check -> assertThat(check.arguments()).contains(
                "/health/ready"));
    }

    @Test
    void anIndexerThatExitsOnAFatalErrorIsStartedAgain() {
        indexers().forEach((name, service) -> assertThat(service.path("restart").asText()).as(name)
                .isIn("always", "unless-stopped", "on-failure"));
    }

    @Test
    void theReadmesCurlLinesFindTheDevelopmentKeyOnLocalhost8080() {
        assertThat(indexers().values().stream().filter(s -> DEV_API_KEY.equals(environment(s).get("DEV_API_KEY"))))
                .as("exactly one indexer registers the development key").hasSize(1);
        assertThat(indexers().values().stream().flatMap(s -> ports(s).stream()).map(PortMapping::host)).contains(8080);
    }

    // ------------------------------------------------------------------------------------------------ prometheus

    @Test
    void prometheusScrapesTheMetricsOfEveryIndexerAtItsServiceNameAndHttpPort() {
        JsonNode config = read(prometheusConfig());
        List<String> targets = new ArrayList<>();
        config.path("scrape_configs").forEach(job -> {
            assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
            job.path("static_configs").forEach(group -> group.path("targets").forEach(t -> targets.add(t.asText())));
        });
        List<String> indexers = new ArrayList<>();
        indexers().forEach((name, service) -> indexers.add(name + ":" + config(service).httpPort()));

        assertThat(targets).containsExactlyInAnyOrderElementsOf(indexers);
    }

    @Test
    void prometheusIsOptionalPinnedAndPublishedOnLoopbackOnly() {
        JsonNode prometheus = compose.path("services").path(prometheusName());

        assertThat(prometheus.path("image").asText()).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
        assertThat(prometheus.path("profiles")).as("started only when asked for").isNotEmpty();
        assertThat(prometheus.path("ports")).extracting(JsonNode::asText).containsExactly("127.0.0.1:9090:9090");
        assertThat(namedVolumeAt(prometheus, "/prometheus")).isNotNull();
        List<Integer> others = new ArrayList<>(ports(broker()).stream().map(PortMapping::host).toList());
        indexers().values().forEach(service -> ports(service).forEach(port -> others.add(port.host())));
        assertThat(others).doesNotContain(9090);
    }

    private String prometheusName() {
        List<String> names = serviceNames(service -> service.path("image").asText().startsWith("prom/prometheus:"));
        assertThat(names).as("services running prom/prometheus").hasSize(1);
        return names.get(0);
    }

    /** The file on this side of the bind mount at the image's configuration path. */
    private Path prometheusConfig() {
        for (JsonNode mount : compose.path("services").path(prometheusName()).path("volumes")) {
            String[] parts = mount.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/etc/prometheus/prometheus.yml")) {
                return COMPOSE.toAbsolutePath().getParent().resolve(parts[0]).normalize();
            }
        }
        throw new AssertionError("no configuration mounted at /etc/prometheus/prometheus.yml");
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A {@code host:port} of a listener list such as {@code PLAINTEXT://kafka:19092}. */
    record Endpoint(String host, int port) {
    }

    /** A published port: {@code [ip:]host:container}. */
    record PortMapping(int host, int container) {
    }

    private JsonNode broker() {
        return compose.path("services").path(brokerName());
    }

    private String brokerName() {
        List<String> names = serviceNames(service -> service.path("image").asText().startsWith("apache/kafka:"));
        assertThat(names).as("services running apache/kafka").hasSize(1);
        return names.get(0);
    }

    private String brokerHost() {
        return broker().path("hostname").asText(brokerName());
    }

    /** The services running the image that the compose file builds from the Dockerfile, by name. */
    private Map<String, JsonNode> indexers() {
        String image = builtImage();
        Map<String, JsonNode> indexers = new LinkedHashMap<>();
        for (String name : serviceNames(service -> service.path("image").asText().equals(image))) {
            indexers.put(name, compose.path("services").path(name));
        }
        return indexers;
    }

    private String builtImage() {
        List<String> builders = serviceNames(service -> service.has("build"));
        assertThat(builders).hasSize(1);
        String image = compose.path("services").path(builders.get(0)).path("image").asText();
        assertThat(image).as("the built image is tagged, so that the other indexers run it too").isNotEmpty();
        return image;
    }

    private List<String> serviceNames(Predicate<JsonNode> test) {
        List<String> names = new ArrayList<>();
        compose.path("services").properties().forEach(entry -> {
            if (test.test(entry.getValue())) {
                names.add(entry.getKey());
            }
        });
        return names;
    }

    /** What the application reads in this service's container: the image's {@code ENV}, then the service's. */
    private Config config(JsonNode service) {
        Map<String, String> env = new TreeMap<>(dockerfile.runtime().environment());
        env.putAll(environment(service));
        return Config.fromEnvironment(env);
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(item -> {
                String[] pair = item.asText().split("=", 2);
                env.put(pair[0], pair.length == 2 ? pair[1] : "");
            });
        } else {
            node.properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        }
        return env;
    }

    /**
     * A broker setting as the apache/kafka image takes it from its environment: {@code KAFKA_} and the property
     * name in upper case, with {@code _} for {@code .}, {@code __} for {@code _} and {@code ___} for {@code -}.
     */
    private static String setting(Map<String, String> env, String property) {
        String variable = "KAFKA_" + property.replace("-", "\u0000").replace("_", "__").replace(".", "_")
                .replace("\u0000", "___").toUpperCase(Locale.ROOT);
        assertThat(env).as("broker setting %s", property).containsKey(variable);
        return env.get(variable);
    }

    /** {@code NAME://host:port,...} (or {@code NAME:PROTOCOL,...}) by name; the port is 0 in the latter. */
    private static Map<String, Endpoint> listeners(String list) {
        Map<String, Endpoint> listeners = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            String[] parts = item.trim().split("://", 2);
            if (parts.length == 1) {
                listeners.put(item.trim().split(":")[0], new Endpoint("", 0));
            } else {
                int colon = parts[1].lastIndexOf(':');
                listeners.put(parts[0], new Endpoint(parts[1].substring(0, colon),
                        Integer.parseInt(parts[1].substring(colon + 1))));
            }
        }
        return listeners;
    }

    private static List<PortMapping> ports(JsonNode service) {
        List<PortMapping> ports = new ArrayList<>();
        service.path("ports").forEach(port -> {
            String[] parts = port.asText().split("/")[0].split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            ports.add(new PortMapping(parts.length > 1 ? Integer.parseInt(parts[parts.length - 2]) : container,
                    container));
        });
        return ports;
    }

    /** The named volume (declared under the top-level {@code volumes}) that {@code service} mounts at {@code path}. */
    private String namedVolumeAt(JsonNode service, String path) {
        for (JsonNode mount : service.path("volumes")) {
            String[] parts = mount.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(path)) {
                assertThat(compose.path("volumes").has(parts[0])).as("%s is a declared named volume", parts[0])
                        .isTrue();
                return parts[0];
            }
        }
        throw new AssertionError("nothing is mounted at " + path + " in " + service);
    }

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
