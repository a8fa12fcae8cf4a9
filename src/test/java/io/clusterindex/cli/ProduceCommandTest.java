package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {
    /** Nothing listens there: a test that reached Kafka would fail instead of passing by accident. */
    static final String NO_KAFKA = "localhost:1";
    static final String VALID = "{\"event_id\":\"evt_1\",\"event_type\":\"cluster.created\",\"cluster_id\":\"clust_1\","
            + "\"namespace_id\":\"ns_dev\",\"organization_id\":\"org_dev\",\"sequence\":1,"
            + "\"occurred_at\":\"2026-11-28T10:15:30Z\",\"data\":{\"cluster_name\":\"first\","
            + "\"input_collections\":[\"col_1\"],\"cluster_type\":\"vector\"}}";

    @Test
    void badLinesAreReportedWithTheirNumbersAndDeadLetterCodesAndNothingIsPublished(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", VALID, "not json", "", VALID.replace("\"sequence\":1", "\"sequence\":0"),
                VALID.replace("cluster.created", "cluster.archived"), VALID.replace("\"cluster_id\":\"clust_1\",", ""),
                VALID) + "\n");

        Cli.Result result = Cli.run("produce", file.toString(), "--bootstrap-servers", NO_KAFKA);

        assertThat(result.status()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(result.err().lines()).hasSize(5);
        assertThat(result.err()).contains("line 2: MALFORMED_JSON: value is not valid JSON",
                "line 4: INVALID_ENVELOPE: ", "line 5: UNKNOWN_EVENT_TYPE: ", "line 6: INVALID_ENVELOPE: ",
                "4 of 6 lines are not valid events: nothing published (--skip-invalid publishes the 2 valid ones)");
        assertThat(result.err()).doesNotContain("line 1:", "line 3:", "line 7:");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aLineThatIsNotUtf8IsReportedAsTheIndexerWouldDeadLetterIt() {
        byte[] input = (VALID + "\n" + VALID.replace("first", "fir\u00e9t")).getBytes(StandardCharsets.UTF_8);
        input[input.length - 40] = (byte) 0xC3;
        input[input.length - 39] = (byte) 0x28;

        Cli.Result result = Cli.run(Map.of(), input, "produce", "--bootstrap-servers", NO_KAFKA);

        assertThat(result.status()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(result.err()).startsWith("line 2: MALFORMED_JSON: value is not valid UTF-8");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndStatus1WithinTheClientTimeout() {
        long start = System.nanoTime();

        Cli.Result result = Cli.withStdin(VALID + "\n" + VALID.replace("clust_1", "clust_2") + "\n",
                "produce", "--bootstrap-servers", NO_KAFKA);

        assertThat(result.status()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(result.err().strip()).startsWith("cluster-index: cannot publish to cluster-events on " + NO_KAFKA
                + " (0 of 2 events acknowledged): ").doesNotContain("\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(
                3L * KafkaOptions.TIMEOUT_MS));
    }

    @Test
    void anEmptyInputPublishesNothingAndSucceeds() {
        Cli.Result result = Cli.withStdin("\n  \n", "produce", "--bootstrap-servers", NO_KAFKA);

        assertThat(result.status()).isZero();
        assertThat(result.err()).startsWith("published 0 events to cluster-events on " + NO_KAFKA);
    }
}
