package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.testkit.IndexerProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn package} built (this runs after it): the service's jar and {@code target/lib} hold the service
 * alone, and the benchmarks with their libraries and the test fixtures are in {@code target/cluster-index-bench.jar}
 * and {@code target/bench-lib}.
 */
@Tag("integration")
class ProductJarIT {
    private static final Path TARGET = Path.of("target");
    private static final Path PRODUCT_JAR = TARGET.resolve("cluster-index.jar");
    private static final Path BENCH_JAR = TARGET.resolve("cluster-index-bench.jar");
    /** A file (not a directory: a build over an older tree may leave an empty one) that is not the product's. */
    private static final Predicate<String> NOT_THE_PRODUCT = name -> !name.endsWith("/")
            && (name.startsWith("io/clusterindex/bench/") || name.startsWith("io/clusterindex/testkit/")
            || name.startsWith("io/clusterindex/it/") || name.startsWith("io/clusterindex/api/ApiClient")
            || name.startsWith("org/HdrHistogram/") || name.startsWith("org/junit/"));

    @Test
    void theServiceJarHoldsNoBenchmarkFixtureOrBenchmarkLibraryClass() throws IOException {
        assertThat(entries(PRODUCT_JAR)).contains("io/clusterindex/cli/ClusterIndexCommand.class",
                "io/clusterindex/generate/EventStream.class").noneMatch(NOT_THE_PRODUCT);
    }

    @Test
    void theServiceLibrariesAreExactlyTheJarsClassPathAndHoldNoBenchmarkLibrary() throws IOException {
        List<String> classPath;
        try (JarFile jar = new JarFile(PRODUCT_JAR.toFile())) {
            classPath = Arrays.asList(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        List<String> lib = files(TARGET.resolve("lib")).stream().map(p -> "lib/" + p.getFileName()).toList();

        assertThat(lib).containsExactlyInAnyOrderElementsOf(classPath)
                .anyMatch(name -> name.startsWith("lib/picocli")).noneMatch(name -> name.startsWith("lib/junit"));
        for (Path library : files(TARGET.resolve("lib"))) {
            assertThat(entries(library)).as(library.toString()).noneMatch(name -> name.startsWith("io/clusterindex/"));
        }
    }

    /**
     * The README's run command with nothing but the jar and its {@code lib/}: the embedded broker needs some
     * libraries only at run time (e.g. HdrHistogram, for Kafka's share coordinator), which the test class path
     * would hide.
     */
    @Test
    void theServiceJarRunsWithItsOwnLibrariesAlone(@TempDir Path dir) {
        HttpClient http = HttpClient.newHttpClient();
        try (IndexerProcess service = IndexerProcess.fromJar(PRODUCT_JAR, dir.resolve("state"), dir.resolve("log"))) {
            service.awaitReady(http, Duration.ofSeconds(120));
            assertThat(service.status(http, "/health/live")).isEqualTo(200);
        }
    }

    @Test
    void theCommandLineAnswersHelpAndVersionFromTheJarAlone() throws IOException, InterruptedException {
        Run help = run("--help");
        Run produceHelp = run("produce", "--help");
        Run version = run("--version");
        Run usageError = run("keys", "create");

        assertThat(help.status()).isZero();
        assertThat(help.output()).contains("Usage: cluster-index", "serve", "produce", "tail", "generate", "keys",
                "namespaces", "Exit status:", "65");
        assertThat(produceHelp.status()).isZero();
        assertThat(produceHelp.output()).contains("--skip-invalid", "--bootstrap-servers", "Exit status:");
        assertThat(version.output().strip()).as("the pom's version, from the manifest").matches("cluster-index \\d+\\.\\d+\\.\\d+");
        assertThat(usageError.status()).isEqualTo(2);
        assertThat(usageError.output()).contains("Missing required options");
    }

    /**
     * A tool of the command line keeps stdout for its output even when Kafka cannot be reached: its logs go to
     * stderr, where the failure is one line, within the clients' timeout.
     */
    @Test
    void aToolThatCannotReachKafkaPrintsNothingOnStdoutAndOneLineOnStderr(@TempDir Path dir)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Run run = run(dir, "keys", "create", "--organization", "org_1", "--name", "ci", "--bootstrap-servers",
                "localhost:1");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).isEmpty();
        assertThat(run.errors()).isEqualTo("cluster-index: cannot publish to api-keys on localhost:1: Topic api-keys "
                + "not present in metadata after 10000 ms.\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private record Run(int status, String output, String errors) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        Run run = run(Files.createTempDirectory("cluster-index-cli"), args);
        return new Run(run.status(), run.output() + run.errors(), "");
    }

    private static Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", PRODUCT_JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        int status = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start()
                .waitFor();
        return new Run(status, Files.readString(out), Files.readString(err));
    }

    @Test
    void theBenchmarkJarHoldsTheBenchmarksAndTheFixturesButNoTest() throws IOException {
        List<String> entries = entries(BENCH_JAR);

        assertThat(entries).contains("io/clusterindex/bench/PipelineBenchmark.class",
                "io/clusterindex/bench/QueryBenchmark.class", "io/clusterindex/bench/FreshnessBenchmark.class",
                "io/clusterindex/bench/ScaleBenchmark.class", "io/clusterindex/testkit/ExpectedView.class",
                "io/clusterindex/testkit/IndexerProcess.class", "io/clusterindex/bench/KillLoopBenchmark.class",
                "io/clusterindex/it/KillLoop.class")
                .noneMatch(name -> name.endsWith("Test.class") || name.endsWith("IT.class"))
                .noneMatch(name -> name.startsWith("io/clusterindex/") && !NOT_THE_PRODUCT.test(name)
                        && name.endsWith(".class"));
        assertThat(files(TARGET.resolve("bench-lib"))).extracting(p -> p.getFileName().toString())
                .anyMatch(name -> name.startsWith("HdrHistogram-")).anyMatch(name -> name.startsWith("picocli-"));
    }

    private static List<String> entries(Path jarFile) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            jar.stream().map(JarEntry::getName).forEach(names::add);
        }
        return names;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
