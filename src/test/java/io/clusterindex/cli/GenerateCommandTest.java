package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.Namespace;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @Test
    void theSameOptionsAndSeedGiveTheGeneratorsBytesOneEventPerLine() {
        Cli.Result first = Cli.run("generate", "--clusters", "20", "--events", "150", "--seed", "9",
                "--namespace", "ns_x", "--organization", "org_x");
        Cli.Result second = Cli.run("generate", "--clusters", "20", "--events", "150", "--seed", "9",
                "--namespace", "ns_x", "--organization", "org_x");
        Cli.Result otherSeed = Cli.run("generate", "--clusters", "20", "--events", "150", "--seed", "10",
                "--namespace", "ns_x", "--organization", "org_x");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        EventStream.of(EventStream.Profile.DEMO, 9, 20, 150, List.of(new Namespace("ns_x", "org_x")))
                .generate((key, value, kind) -> {
                    expected.writeBytes(value);
                    expected.write('\n');
                });

        assertThat(first.status()).isZero();
        assertThat(first.outBytes()).isEqualTo(second.outBytes()).isEqualTo(expected.toByteArray())
                .isNotEqualTo(otherSeed.outBytes());
        assertThat(first.out().lines()).hasSize(150).allSatisfy(line -> assertThat(line)
                .contains("\"namespace_id\":\"ns_x\"", "\"organization_id\":\"org_x\""));
        assertThat(first.err()).isEqualTo("generated 150 events over 20 clusters (namespace ns_x, organization "
                + "org_x, profile demo, seed 9) in " + first.err().replaceAll("(?s).* in ([0-9.]+ s).*", "$1") + "\n");
    }

    @Test
    void theDemoProfileWritesOnlyLinesThatProduceAcceptsAndThePipelineProfileSomeItRefuses() {
        Cli.Result demo = Cli.run("generate", "--clusters", "50", "--events", "2000");
        Cli.Result pipeline = Cli.run("generate", "--clusters", "50", "--events", "2000", "--profile", "pipeline");

        assertThat(demo.out().lines()).hasSize(2000)
                .allSatisfy(line -> assertThat(EventLines.check(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .valid()).as(line).isTrue());
        assertThat(pipeline.out().lines()).hasSize(2000);
        assertThat(Cli.run(java.util.Map.of(), pipeline.outBytes(), "produce", "--bootstrap-servers",
                ProduceCommandTest.NO_KAFKA).status()).isEqualTo(ExitCodes.DATA_ERROR);
    }

    @Test
    void outputGoesToTheFileGivenAndNotToStdout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stream.jsonl");

        Cli.Result toFile = Cli.run("generate", "--clusters", "5", "--output", file.toString());
        Cli.Result toStdout = Cli.run("generate", "--clusters", "5");

        assertThat(toFile.status()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(toStdout.outBytes()).isNotEmpty();
        assertThat(toStdout.out().lines()).hasSize(50);
    }
}
