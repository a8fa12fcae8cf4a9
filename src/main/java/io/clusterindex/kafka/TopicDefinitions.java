package io.clusterindex.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and validates the topic definition files ({@code <name>.json}) of a directory. */
public final class TopicDefinitions {
    private static final Logger LOG = LoggerFactory.getLogger(TopicDefinitions.class);
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String FIELDS = "name, partitions, replication_factor, configs";
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TopicDefinitions() {
    }

    /**
     * Loads every {@code *.json} file of {@code dir}, sorted by topic name.
     *
     * @throws TopicDefinitionException if the directory holds no definition, a file is invalid,
     *                                  or two files declare the same topic
     */
    public static List<TopicDefinition> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TopicDefinitionException(label(dir) + ": not a directory of topic definitions");
        }
        Map<String, Path> seen = new HashMap<>();
        List<TopicDefinition> defs = new ArrayList<>();
        for (Path file : jsonFiles(dir)) {
            TopicDefinition def = parse(file);
            Path previous = seen.putIfAbsent(def.name(), file);
            if (previous != null) {
                throw new TopicDefinitionException(label(file) + ": topic \"" + def.name()
                        + "\" is already defined by " + label(previous));
            }
            defs.add(def);
        }
        if (defs.isEmpty()) {
            throw new TopicDefinitionException(label(dir) + ": no topic definitions (*.json)");
        }
        defs.sort(Comparator.comparing(TopicDefinition::name));
        return List.copyOf(defs);
    }

    /**
     * Loads the definitions from {@code dirOrNull} when that directory exists, otherwise from the copy of
     * {@code topics/} that is packaged on the classpath.
     */
    public static List<TopicDefinition> loadDefault(Path dirOrNull) {
        if (dirOrNull != null && Files.isDirectory(dirOrNull)) {
            LOG.info("Topic definitions from {}", dirOrNull.toAbsolutePath().normalize());
            return load(dirOrNull);
        }
        LOG.info("Topic definitions from the classpath copy of topics/ ({})",
                dirOrNull == null ? "no directory given" : dirOrNull.toAbsolutePath().normalize() + " not found");
        return ClasspathTopics.load(TopicDefinitions.class.getClassLoader());
    }

    /** Parses and validates one definition file. */
    static TopicDefinition parse(Path file) {
        String label = label(file);
        TopicFile raw = read(file, label);
        String name = requireText(raw.name(), "name", label);
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new TopicDefinitionException(label + ": name \"" + name
                    + "\" is not a legal topic name (1 to 249 of [a-zA-Z0-9._-], not \".\" or \"..\")");
        }
        String expectedFile = name + ".json";
        if (!expectedFile.equals(String.valueOf(file.getFileName()))) {
            throw new TopicDefinitionException(label + ": file name must be " + expectedFile
                    + " to match the topic name \"" + name + "\"");
        }
        int partitions = requireInt(raw.partitions(), "partitions", label);
        if (partitions < 1) {
            throw new TopicDefinitionException(label + ": partitions must be >= 1 (got " + partitions + ")");
        }
        return new TopicDefinition(name, partitions, replication(raw.replicationFactor(), label),
                configs(raw.configs(), label));
    }

    static String label(Path path) {
        return path.getFileSystem() == FileSystems.getDefault() ? path.toString() : path.toUri().toString();
    }

    private static List<Path> jsonFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : stream) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new TopicDefinitionException(label(dir) + ": cannot list topic definitions: " + e, e);
        }
        files.sort(Comparator.comparing(f -> String.valueOf(f.getFileName())));
        return files;
    }

    private static TopicFile read(Path file, String label) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TopicDefinitionException(label + ": cannot read: " + e, e);
        }
        try {
            TopicFile raw = MAPPER.readValue(bytes, TopicFile.class);
            if (raw == null) {
                throw new TopicDefinitionException(label + ": expected a JSON object, got null");
            }
            return raw;
        } catch (UnrecognizedPropertyException e) {
            throw new TopicDefinitionException(label + ": unknown field \"" + e.getPropertyName()
                    + "\" (allowed: " + FIELDS + ")", e);
        } catch (JsonProcessingException e) {
            throw new TopicDefinitionException(label + ": invalid JSON: " + describe(e), e);
        } catch (IOException e) {
            throw new TopicDefinitionException(label + ": cannot read: " + e, e);
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() == null) {
            return message;
        }
        return message + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String requireText(JsonNode node, String field, String label) {
        if (node == null || node.isNull()) {
            throw new TopicDefinitionException(label + ": " + field + " is required");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new TopicDefinitionException(label + ": " + field + " must be a non-empty string (got " + node + ")");
        }
        return node.asText();
    }

    private static int requireInt(JsonNode node, String field, String label) {
        if (node == null || node.isNull()) {
            throw new TopicDefinitionException(label + ": " + field + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new TopicDefinitionException(label + ": " + field + " must be an integer (got " + node + ")");
        }
        return node.intValue();
    }

    private static Optional<Short> replication(JsonNode node, String label) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        int value = requireInt(node, "replication_factor", label);
        if (value < 1 || value > Short.MAX_VALUE) {
            throw new TopicDefinitionException(label + ": replication_factor must be >= 1 (got " + value + ")");
        }
        return Optional.of((short) value);
    }

    private static Map<String, String> configs(JsonNode node, String label) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new TopicDefinitionException(label + ": configs must be an object (got " + node + ")");
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().isEmpty()) {
                throw new TopicDefinitionException(label + ": configs has an empty key");
            }
            if (!value.isTextual() && !value.isNumber()) {
                throw new TopicDefinitionException(label + ": configs." + field.getKey()
                        + " must be a string or a number (got " + value + ")");
            }
            configs.put(field.getKey(), value.asText());
        }
        return configs;
    }

    private record TopicFile(
            @JsonProperty("name") JsonNode name,
            @JsonProperty("partitions") JsonNode partitions,
            @JsonProperty("replication_factor") JsonNode replicationFactor,
            @JsonProperty("configs") JsonNode configs) {
    }
}
