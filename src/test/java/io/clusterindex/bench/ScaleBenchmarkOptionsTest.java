package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.app.Config;
import io.clusterindex.testkit.IndexerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaleBenchmarkOptionsTest {
    @Test
    void defaultsMeasureTheListQueriesWithOneTwoAndThreeInstances() {
        ScaleBenchmark.Options options = ScaleBenchmark.Options.parse(new String[0]);

        assertThat(options.common.clusters).isEqualTo(100_000);
        assertThat(options.instances).containsExactly(1, 2, 3);
        assertThat(options.common.concurrency).containsExactly(1, 8);
        assertThat(options.common.queries).containsExactly("q1", "q2", "q3", "q4", "q5");
        assertThat(options.common.durationSeconds).isEqualTo(10);
        assertThat(options.common.warmupSeconds).isEqualTo(1);
        assertThat(options.instanceHeap()).isEqualTo("1g");
        assertThat(options.common.workDir).isEqualTo(Path.of("target", "bench"));
        assertThat(options.common.quick).isFalse();
    }

    @Test
    void parsesEveryOption() {
        ScaleBenchmark.Options options = ScaleBenchmark.Options.parse(new String[] {"--clusters", "1_000_000",
                "--instances", "3, 1", "--duration-s", "2.5", "--warmup-s", "0", "--concurrency", "4",
                "--queries", "Q5,q7", "--instance-heap", "2g", "--timeout-s", "9", "--seed", "7",
                "--work-dir", "/tmp/b", "--keep", "--requests", "100", "--client", "jdk"});

        assertThat(options.common.clusters).isEqualTo(1_000_000);
        assertThat(options.instances).containsExactly(3, 1);
        assertThat(options.common.durationSeconds).isEqualTo(2.5);
        assertThat(options.common.warmupSeconds).isZero();
        assertThat(options.common.concurrency).containsExactly(4);
        assertThat(options.common.queries).containsExactly("q5", "q7");
        assertThat(options.instanceHeap()).isEqualTo("2g");
        assertThat(options.common.timeoutSeconds).isEqualTo(9);
        assertThat(options.common.seed).isEqualTo(7);
        assertThat(options.common.workDir).isEqualTo(Path.of("/tmp/b"));
        assertThat(options.common.keep).isTrue();
        assertThat(options.common.requests).isEqualTo(100);
        assertThat(options.common.client).isEqualTo("jdk");
    }

    @Test
    void quickIsASmokeTestThatExplicitOptionsOverride() {
        ScaleBenchmark.Options quick = ScaleBenchmark.Options.parse(new String[] {"--quick"});
        assertThat(quick.common.clusters).isEqualTo(10_000);
        assertThat(quick.common.durationSeconds).isEqualTo(3);
        assertThat(quick.common.warmupSeconds).isEqualTo(1);
        assertThat(quick.common.queries).containsExactly("q1", "q2", "q3", "q4", "q5");

        ScaleBenchmark.Options both = ScaleBenchmark.Options.parse(new String[] {"--clusters", "500", "--quick"});
        assertThat(both.common.clusters).isEqualTo(500);
        assertThat(both.common.durationSeconds).isEqualTo(3);
    }

    @Test
    void largeNamespacesGetALargerInstanceHeapUnlessOneIsGiven() {
        assertThat(ScaleBenchmark.Options.parse(new String[] {"--clusters", "300000"}).instanceHeap()).isEqualTo("3g");
        assertThat(ScaleBenchmark.Options.parse(new String[] {"--clusters", "299999"}).instanceHeap()).isEqualTo("1g");
        assertThat(ScaleBenchmark.Options.parse(new String[] {"--clusters", "1000000", "--instance-heap", "1500m"})
                .instanceHeap()).isEqualTo("1500m");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        ScaleBenchmark.Options options = ScaleBenchmark.Options.parse(new String[] {"--instances", "1", "--seed", "1",
                "--instances", "3,1", "--seed", "2"});

        assertThat(options.instances).containsExactly(3, 1);
        assertThat(options.common.seed).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--instances=1", "--instances 0", "--instances 1,1", "--instances 1,,2", "--instances x",
            "--concurrency -1", "--queries q8", "--queries q1,", "--instance-heap 2gb", "--instance-heap 0g",
            "--duration-s 0", "--warmup-s -1", "--clusters", "--bogus", "--keep-going", "--client curl"})
    void rejectsBadOptions(String line) {
        assertThatThrownBy(() -> ScaleBenchmark.Options.parse(line.split(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void helpIsAnOption() {
        assertThat(BenchSupport.helpRequested(new ScaleBenchmark.Options(), "-h")).isTrue();
        assertThat(BenchSupport.helpRequested(new ScaleBenchmark.Options(), "--quick")).isFalse();
    }

    @Test
    void eachInstanceGetsItsOwnStateDirPortAndApplicationServerOnTheSharedBroker() {
        Config config = Config.fromEnvironment(IndexerProcess.instanceEnvironment(Path.of("/tmp/i2"), 18082,
                "localhost:9999", "cluster-index-scale-n2", QueryClient.API_KEY));

        assertThat(config.stateDir()).isEqualTo(Path.of("/tmp/i2"));
        assertThat(config.httpPort()).isEqualTo(18082);
        assertThat(config.applicationServer()).isEqualTo("localhost:18082");
        assertThat(config.bootstrapServers()).contains("localhost:9999");
        assertThat(config.embeddedBroker()).isFalse();
        assertThat(config.applicationId()).isEqualTo("cluster-index-scale-n2");
        assertThat(config.devApiKey()).contains(QueryClient.API_KEY);
        assertThat(config.kafkaOverrides()).isEmpty();
    }
}
