package io.clusterindex.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Time;

/**
 * Calls into the broker classes of {@code kafka_2.13}, which is a runtime-only dependency and so is reached by
 * reflection: {@code kafka.tools.StorageTool}, {@code kafka.server.KafkaConfig}, {@code kafka.server.KafkaRaftServer}.
 */
final class KafkaServerReflection {
    private KafkaServerReflection() {
    }

    /**
     * Formats the log dirs of {@code props} with {@code clusterId} and the SCRAM credentials given as
     * {@code --add-scram} arguments; a formatted dir is left as it is. Returns what the storage tool printed.
     */
    static String format(Map<String, String> props, String clusterId, List<String> scramCredentials) {
        Path file = writeTempProperties(props);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Method execute = Class.forName("kafka.tools.StorageTool")
                    .getMethod("execute", String[].class, PrintStream.class);
            List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", file.toString(),
                    "--ignore-formatted"));
            for (String credential : scramCredentials) {
                args.add("--add-scram");
                args.add(credential);
            }
            int code = (Integer) execute.invoke(null, args.toArray(String[]::new), out);
            if (code != 0) {
                throw new KafkaException("formatting the Kafka log dir failed (exit code " + code + "): "
                        + output.toString(StandardCharsets.UTF_8).trim());
            }
            return output.toString(StandardCharsets.UTF_8).trim();
        } catch (InvocationTargetException e) {
            throw new KafkaException("formatting the Kafka log dir failed: " + e.getCause() + " "
                    + output.toString(StandardCharsets.UTF_8).trim(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw missingBroker(e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Builds a {@code KafkaRaftServer} for {@code props}; it is not started. */
    static Object newServer(Map<String, String> props) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            Object config = configClass.getConstructor(Map.class).newInstance(props);
            return Class.forName("kafka.server.KafkaRaftServer")
                    .getConstructor(configClass, Time.class)
                    .newInstance(config, Time.SYSTEM);
        } catch (InvocationTargetException e) {
            throw new KafkaException("invalid embedded Kafka broker configuration: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw missingBroker(e);
        }
    }

    /** Calls the no-argument method {@code name} ({@code startup}, {@code shutdown}, {@code awaitShutdown}). */
    static void call(Object server, String name) {
        try {
            server.getClass().getMethod(name).invoke(server);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new KafkaException("Kafka broker " + name + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw missingBroker(e);
        }
    }

    private static KafkaException missingBroker(ReflectiveOperationException e) {
        return new KafkaException("the Kafka broker classes (org.apache.kafka:kafka_2.13) are not usable on the"
                + " classpath: " + e, e);
    }

    private static Path writeTempProperties(Map<String, String> props) {
        Properties properties = new Properties();
        properties.putAll(props);
        try {
            Path file = Files.createTempFile("cluster-index-kafka-", ".properties");
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "embedded Kafka broker");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker properties for formatting", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
