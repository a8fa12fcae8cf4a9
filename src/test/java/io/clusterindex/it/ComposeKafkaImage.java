package io.clusterindex.it;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code apache/kafka} image and tag that {@code docker-compose.yml} runs, read from the file itself so that the
 * container tests always run the broker a Compose user gets: a change of tag there is a change here.
 */
final class ComposeKafkaImage {
    /** The top-level compose file, relative to the project directory (the tests' working directory). */
    static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final String REPOSITORY = "apache/kafka";

    private ComposeKafkaImage() {
    }

    /** The image of {@link #COMPOSE_FILE}'s one {@code apache/kafka} service, e.g. {@code apache/kafka:4.3.0}. */
    static String read() {
        try {
            return of(Files.readString(COMPOSE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMPOSE_FILE.toAbsolutePath(), e);
        }
    }

    /**
     * The image of the one service of {@code composeYaml} that runs {@code apache/kafka}.
     *
     * @throws IllegalStateException when no service or more than one runs it, or its tag is missing or
     *                               {@code latest} (a moving tag would let the test and Compose drift apart)
     */
    static String of(String composeYaml) throws IOException {
        List<String> images = new ArrayList<>();
        new YAMLMapper().readTree(composeYaml).path("services").forEach(service -> {
            String image = service.path("image").asText();
            if (image.equals(REPOSITORY) || image.startsWith(REPOSITORY + ":")) {
                images.add(image);
            }
        });
        if (images.size() != 1) {
            throw new IllegalStateException("expected one " + REPOSITORY + " service in the compose file, found "
                    + images.size() + ": " + images);
        }
        String image = images.get(0);
        String tag = image.substring(Math.min(image.length(), REPOSITORY.length() + 1));
        if (tag.isEmpty() || tag.equals("latest")) {
            throw new IllegalStateException("the compose file's " + REPOSITORY + " image has no pinned tag: " + image);
        }
        return image;
    }
}
