package io.clusterindex.kafka;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

/** Finds the {@code topics/} folder packaged on the classpath, in a directory or in a jar. */
final class ClasspathTopics {
    static final String RESOURCE_DIR = "topics";

    private ClasspathTopics() {
    }

    static List<TopicDefinition> load(ClassLoader loader) {
        try {
            URL url = loader.getResource(RESOURCE_DIR);
            if (url != null && "file".equals(url.getProtocol())) {
                return TopicDefinitions.load(Path.of(url.toURI()));
            }
            if (url != null && "jar".equals(url.getProtocol())) {
                return loadFromJar(Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
            }
            return loadFromCodeSource();
        } catch (IOException | URISyntaxException e) {
            throw new TopicDefinitionException("classpath:" + RESOURCE_DIR + ": cannot open: " + e, e);
        }
    }

    static List<TopicDefinition> loadFromJar(Path jar) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(jar)) {
            return TopicDefinitions.load(fs.getPath("/" + RESOURCE_DIR));
        }
    }

    private static List<TopicDefinition> loadFromCodeSource() throws IOException, URISyntaxException {
        CodeSource source = ClasspathTopics.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new TopicDefinitionException("classpath:" + RESOURCE_DIR + ": no topic definitions on the classpath");
        }
        Path root = Path.of(source.getLocation().toURI());
        return Files.isDirectory(root) ? TopicDefinitions.load(root.resolve(RESOURCE_DIR)) : loadFromJar(root);
    }
}
