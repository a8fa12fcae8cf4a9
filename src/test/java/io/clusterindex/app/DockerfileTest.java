package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.app.DockerfileModel.Instruction;
import io.clusterindex.app.DockerfileModel.Stage;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code Dockerfile} against what the build produces ({@code pom.xml}), what the README runs and what
 * {@link Config} reads. No Docker engine is needed: the file is read, never built, so this is what keeps it honest.
 */
class DockerfileTest {
    static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Pattern README_BUILD = Pattern.compile("^(mvn [^&#]*package)\\s", Pattern.MULTILINE);

    private final DockerfileModel dockerfile = DockerfileModel.read(DOCKERFILE);
    private final MavenBuild maven = MavenBuild.read(Path.of("pom.xml"));

    @Test
    void aMavenStageWithJdk17RunsTheReadmesBuildCommand() throws IOException {
        Matcher readme = README_BUILD.matcher(Files.readString(Path.of("README.md")));
        assertThat(readme.find()).as("the README opens with a `mvn ... package` command").isTrue();

        Stage build = buildStage();
        assertThat(build.image()).matches("maven:3\\.\\d+\\.\\d+-eclipse-temurin-17(-.+)?");
        assertThat(build.commands()).anySatisfy(run -> assertThat(run).endsWith(" " + readme.group(1)));
    }

    @Test
    void theMavenStageCopiesEverythingThePomBuildsFrom() {
        Stage build = buildStage();
        List<String> copied = new ArrayList<>();
        for (Instruction copy : build.all("COPY")) {
            List<String> words = copy.words();
            copied.addAll(words.subList(0, words.size() - 1));
        }
        List<String> needed = new ArrayList<>(List.of("pom.xml", "src"));
        needed.addAll(maven.resourceDirectories());
        needed.addAll(maven.modules());
        assertThat(needed).allSatisfy(path -> assertThat(copied)
                .as("the sources the build stage copies must hold %s", path)
                .anySatisfy(source -> assertThat(path.equals(source) || path.startsWith(source + "/")).isTrue()));
    }

    /** Java 17 bytecode on a Java 25 runtime: faster ingest (docs/benchmarks.md), the suite passes on both. */
    @Test
    void theImageIsASlimJre25() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dockerfile.runtime().image()).matches("eclipse-temurin:25(\\.[\\d.+_]+)?-jre(-.+)?");
    }

    /** Without them Java 25 prints eight lines of warnings at start (lz4-java's native library, Kafka's Unsafe use). */
    @Test
    void theJvmIsAllowedWhatTheLibrariesDoSoThatItStartsWithoutWarnings() {
        Instruction entrypoint = dockerfile.runtime().last("ENTRYPOINT").orElseThrow();
        List<String> command = Json.MAPPER.convertValue(parseJson(entrypoint.arguments()), new TypeReference<>() {
        });

        assertThat(command.subList(0, command.indexOf("-jar"))).contains("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void theImageHoldsTheJarAndLibrariesThatMavenPackageProducesWhereTheManifestLooksForThem() {
        String built = workdir(buildStage()) + "/";
        String jar = copiedFromBuild(built + maven.jar());
        String libraries = copiedFromBuild(built + maven.libraries());

        assertThat(maven.jar()).isEqualTo("target/cluster-index.jar");
        assertThat(maven.libraries()).isEqualTo("target/lib");
        assertThat(libraries).as("the jar's manifest names its libraries as %s<file>", maven.classpathPrefix())
                .isEqualTo(jar.substring(0, jar.lastIndexOf('/') + 1) + strip(maven.classpathPrefix()));
    }

    @Test
    void theImageRunsTheJarAsTheReadmeDoes() {
        Instruction entrypoint = dockerfile.runtime().last("ENTRYPOINT").orElseThrow();
        List<String> command = Json.MAPPER.convertValue(parseJson(entrypoint.arguments()), new TypeReference<>() {
        });
        String jar = copiedFromBuild(workdir(buildStage()) + "/" + maven.jar());

        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command).containsSubsequence("-jar", jar);
        assertThat(command.get(command.size() - 1)).as("no arguments after the jar").isEqualTo(jar);
    }

    @Test
    void theProcessRunsAsAnUnprivilegedUserCreatedInTheImage() {
        Stage runtime = dockerfile.runtime();
        String user = runtime.last("USER").orElseThrow().arguments().split(":")[0];

        assertThat(user).isNotIn("root", "0");
        assertThat(runtime.commands()).anySatisfy(run -> assertThat(run).containsPattern(user.matches("\\d+")
                ? "useradd [^&]*--uid " + user + "\\b" : "useradd [^&]*\\b" + user + "\\b"));
        assertThat(runtime.instructions().indexOf(runtime.last("USER").orElseThrow()))
                .as("USER comes after the last RUN, so that nothing at run time is done as root")
                .isGreaterThan(runtime.instructions().indexOf(runtime.last("RUN").orElseThrow()));
    }

    @Test
    void theStateDirectoryIsCreatedForTheUserSoThatAVolumeMountedThereIsWritable() {
        Stage runtime = dockerfile.runtime();
        Config config = Config.fromEnvironment(runtime.environment());
        String stateDir = runtime.environment().get("STATE_DIR");

        assertThat(stateDir).as("the image sets STATE_DIR").isNotNull();
        assertThat(config.stateDir()).isEqualTo(Path.of(stateDir));
        assertThat(runtime.commands()).anySatisfy(run -> assertThat(run)
                .contains("mkdir -p " + stateDir).containsPattern("chown \\S+ " + Pattern.quote(stateDir)));
    }

    @Test
    void theImageExposesTheHttpPortTheApplicationListensOn() {
        Stage runtime = dockerfile.runtime();
        int port = Config.fromEnvironment(runtime.environment()).httpPort();

        assertThat(runtime.all("EXPOSE")).extracting(Instruction::arguments).containsExactly(Integer.toString(port));
        assertThat(port).isEqualTo(Config.DEFAULT_HTTP_PORT);
    }

    @Test
    void theHealthCheckAsksForReadinessOnTheHttpPortWithAToolTheImageIsCheckedToHave() {
        Stage runtime = dockerfile.runtime();
        String check = runtime.last("HEALTHCHECK").orElseThrow().arguments();
        Matcher command = Pattern.compile("\\bCMD\\s+(\\S+)\\s+(.*)$").matcher(check);

        assertThat(command.find()).as("HEALTHCHECK ... CMD <tool> ...: %s", check).isTrue();
        assertThat(command.group(2)).contains("http://localhost:${HTTP_PORT}/health/ready");
        assertThat(runtime.environment()).containsKey("HTTP_PORT");
        String tool = command.group(1);
        assertThat(runtime.commands()).as("a RUN proves that %s exists in the runtime image", tool)
                .anySatisfy(run -> assertThat(run).contains(tool + " --version"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalStateAndGit() throws IOException {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains("target", "data", ".git");
        assertThat(ignored).doesNotContain("src", "pom.xml", "topics", "*");
    }

    private Stage buildStage() {
        String from = dockerfile.runtime().all("COPY").stream().map(Instruction::words)
                .filter(words -> words.get(0).startsWith("--from=")).map(words -> words.get(0).substring(7))
                .findFirst().orElseThrow(() -> new AssertionError("the runtime stage copies nothing from a build"));
        return dockerfile.stage(from);
    }

    /** Where {@code source} of the build stage lands in the image (its {@code COPY --from=} destination). */
    private String copiedFromBuild(String source) {
        return dockerfile.runtime().all("COPY").stream().map(Instruction::words)
                .filter(words -> words.get(0).startsWith("--from=") && words.contains(source))
                .map(words -> words.get(words.size() - 1)).findFirst()
                .orElseThrow(() -> new AssertionError("the runtime stage does not copy " + source));
    }

    private static String workdir(Stage stage) {
        return stage.last("WORKDIR").orElseThrow().arguments();
    }

    private static String strip(String directory) {
        return directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
    }

    private static JsonNode parseJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not a JSON array (exec form): " + text, e);
        }
    }
}
