package io.clusterindex.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicDefinitionsTest {
    private static final List<String> SPEC_TOPICS = List.of("api-keys", "cluster-events", "cluster-events-dlq",
            "cluster-index-internal", "cluster-stats", "clusters-view", "namespaces");

    @TempDir
    Path dir;

    @Test
    void loadsTheProjectTopicsFolder() {
        List<TopicDefinition> defs = TopicDefinitions.load(Path.of("topics"));

        assertThat(defs).extracting(TopicDefinition::name).containsExactlyElementsOf(SPEC_TOPICS);
        assertThat(byName(defs, "cluster-events").partitions()).isGreaterThanOrEqualTo(3);
        assertThat(byName(defs, "cluster-events").configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "-1")
                .containsEntry("max.message.bytes", "1048576");
        assertThat(byName(defs, "clusters-view").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(defs, "cluster-stats").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(defs, "cluster-events-dlq").configs()).containsEntry("cleanup.policy", "delete");
        assertThat(byName(defs, "namespaces").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(defs, "api-keys").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(defs, "cluster-index-internal").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName(defs, "cluster-index-internal").partitions()).isEqualTo(1);
        assertThat(defs).allSatisfy(def -> assertThat(def.replicationFactor()).isEmpty());
    }

    @Test
    void readsReplicationFactorAndTurnsNumbersIntoStrings() throws IOException {
        write("orders.json", """
                {"name": "orders", "partitions": 6, "replication_factor": 3,
                 "configs": {"retention.ms": 86400000, "cleanup.policy": "compact,delete"}}
                """);
        write("audit.json", """
                {"name": "audit", "partitions": 1, "replication_factor": null}
                """);
        write("README.md", "not a definition");

        List<TopicDefinition> defs = TopicDefinitions.load(dir);

        assertThat(defs).containsExactly(
                new TopicDefinition("audit", 1, Optional.empty(), Map.of()),
                new TopicDefinition("orders", 6, Optional.of((short) 3),
                        Map.of("retention.ms", "86400000", "cleanup.policy", "compact,delete")));
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3,,}");

        assertRejected(file + ": invalid JSON: ");
    }

    @Test
    void trailingContentIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3} {}");

        assertRejected(file + ": invalid JSON: ");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = write("orders.json", "");

        assertRejected(file + ": ");
    }

    @Test
    void topLevelArrayIsRejected() throws IOException {
        Path file = write("orders.json", "[]");

        assertRejected(file + ": invalid JSON: ");
    }

    @Test
    void unknownFieldIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3, \"partition\": 3}");

        assertRejected(file + ": unknown field \"partition\" (allowed: name, partitions, replication_factor, configs)");
    }

    @Test
    void duplicateKeyIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3, \"partitions\": 6}");

        assertRejected(file + ": invalid JSON: Duplicate field 'partitions'");
    }

    @Test
    void duplicateConfigKeyIsRejected() throws IOException {
        Path file = write("orders.json", """
                {"name": "orders", "partitions": 3, "configs": {"retention.ms": "1", "retention.ms": "2"}}
                """);

        assertRejected(file + ": invalid JSON: Duplicate field 'retention.ms'");
    }

    @Test
    void zeroPartitionsIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 0}");

        assertRejected(file + ": partitions must be >= 1 (got 0)");
    }

    @Test
    void nonIntegerPartitionsIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": \"3\"}");

        assertRejected(file + ": partitions must be an integer (got \"3\")");
    }

    @Test
    void missingPartitionsIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\"}");

        assertRejected(file + ": partitions is required");
    }

    @Test
    void missingNameIsRejected() throws IOException {
        Path file = write("orders.json", "{\"partitions\": 3}");

        assertRejected(file + ": name is required");
    }

    @Test
    void emptyNameIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"\", \"partitions\": 3}");

        assertRejected(file + ": name must be a non-empty string (got \"\")");
    }

    @Test
    void illegalNameIsRejected() throws IOException {
        Path file = write("or ders.json", "{\"name\": \"or ders\", \"partitions\": 3}");

        assertRejected(file + ": name \"or ders\" is not a legal topic name");
    }

    @Test
    void nameMustMatchTheFileName() throws IOException {
        Path file = write("orders.json", "{\"name\": \"order\", \"partitions\": 3}");

        assertRejected(file + ": file name must be order.json to match the topic name \"order\"");
    }

    @Test
    void zeroReplicationFactorIsRejected() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3, \"replication_factor\": 0}");

        assertRejected(file + ": replication_factor must be >= 1 (got 0)");
    }

    @Test
    void nonScalarConfigValueIsRejected() throws IOException {
        Path file = write("orders.json", """
                {"name": "orders", "partitions": 3, "configs": {"cleanup.policy": ["compact"]}}
                """);

        assertRejected(file + ": configs.cleanup.policy must be a string or a number (got [\"compact\"])");
    }

    @Test
    void configsMustBeAnObject() throws IOException {
        Path file = write("orders.json", "{\"name\": \"orders\", \"partitions\": 3, \"configs\": null}");

        assertRejected(file + ": configs must be an object (got null)");
    }

    @Test
    void theFirstBadFileFailsTheWholeLoad() throws IOException {
        write("audit.json", "{\"name\": \"audit\", \"partitions\": 1}");
        Path bad = write("orders.json", "{\"name\": \"orders\", \"partitions\": -2}");

        assertRejected(bad + ": partitions must be >= 1 (got -2)");
    }

    @Test
    void emptyOrMissingDirectoryIsRejected() {
        assertRejected(dir + ": no topic definitions (*.json)");
        assertThatThrownBy(() -> TopicDefinitions.load(dir.resolve("missing")))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessage(dir.resolve("missing") + ": not a directory of topic definitions");
    }

    @Test
    void loadDefaultPrefersTheGivenDirectory() throws IOException {
        write("audit.json", "{\"name\": \"audit\", \"partitions\": 1}");

        assertThat(TopicDefinitions.loadDefault(dir)).extracting(TopicDefinition::name).containsExactly("audit");
    }

    @Test
    void loadDefaultFallsBackToTheClasspathCopy() {
        assertThat(TopicDefinitions.loadDefault(dir.resolve("missing")))
                .isEqualTo(TopicDefinitions.load(Path.of("topics")));
        assertThat(TopicDefinitions.loadDefault(null)).extracting(TopicDefinition::name)
                .containsExactlyElementsOf(SPEC_TOPICS);
    }

    @Test
    void readsTheTopicsFolderOfAJar() throws IOException {
        Path jar = jar(dir.resolve("with-dirs.jar"), true);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(ClasspathTopics.load(loader)).extracting(TopicDefinition::name).containsExactly("audit");
        }
    }

    @Test
    void readsAJarWithoutDirectoryEntries() throws IOException {
        Path jar = jar(dir.resolve("no-dirs.jar"), false);

        assertThat(ClasspathTopics.loadFromJar(jar)).extracting(TopicDefinition::name).containsExactly("audit");
    }

    @Test
    void aBadFileInAJarIsNamed() throws IOException {
        Path jar = dir.resolve("bad.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            putEntry(out, "topics/audit.json", "{\"name\": \"audit\", \"partitions\": 0}");
        }

        assertThatThrownBy(() -> ClasspathTopics.loadFromJar(jar))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessageStartingWith("jar:" + jar.toUri())
                .hasMessageEndingWith("!/topics/audit.json: partitions must be >= 1 (got 0)");
    }

    private Path jar(Path jar, boolean directoryEntries) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (directoryEntries) {
                out.putNextEntry(new JarEntry("topics/"));
                out.closeEntry();
            }
            putEntry(out, "topics/audit.json", "{\"name\": \"audit\", \"partitions\": 1}");
        }
        return jar;
    }

    private static void putEntry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private void assertRejected(String messagePrefix) {
        assertThatThrownBy(() -> TopicDefinitions.load(dir))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessageStartingWith(messagePrefix);
    }

    private static TopicDefinition byName(List<TopicDefinition> defs, String name) {
        return defs.stream().filter(def -> def.name().equals(name)).findFirst().orElseThrow();
    }
}
