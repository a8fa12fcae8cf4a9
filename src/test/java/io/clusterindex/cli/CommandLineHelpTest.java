package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "broker", "produce", "tail", "generate", "keys", "keys create", "keys revoke",
        "namespaces", "namespaces create", "namespaces delete"})
    void everyCommandHasHelpThatStatesTheExitStatuses(String command) {
        Cli.Result result = Cli.run((command + " --help").strip().split(" "));

        assertThat(result.status()).isZero();
        assertThat(result.out()).doesNotContain("%n", "%%");
        assertThat(result.out()).startsWith("Usage: cluster-index" + (command.isEmpty() ? "" : " " + command))
                .contains("Exit status:", "0    success", "1    runtime failure", "2    usage error",
                        "65   bad input data");
    }

    /** Picocli reports a description it cannot format (a bare {@code %}) on System.err and prints it raw. */
    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "broker", "produce", "tail", "generate", "keys", "keys create", "keys revoke",
        "namespaces", "namespaces create", "namespaces delete"})
    void everyHelpFormatsWithoutAPicocliWarning(String command) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            Cli.run((command + " --help").strip().split(" "));
        } finally {
            System.setErr(previous);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "produce --no-such-option|Unknown option: '--no-such-option'",
        "frobnicate|Did you mean: cluster-index generate or cluster-index broker or cluster-index produce?",
        "keys|missing command: create or revoke",
        "namespaces|missing command: create or delete",
        "keys create --organization org_1|Missing required option: '--name=<name>'",
        "keys create --organization org_1 --name ' '|--organization and --name must not be blank",
        "keys revoke|Missing required argument (specify one of these): (--key=RAW | --hash=HEX)",
        "keys revoke --key sk_1 --hash abc|mutually exclusive",
        "keys revoke --hash abc|--hash must be 64 hex digits, got 'abc'",
        "namespaces create --id ns_1 --name prod|Missing required option: '--organization=ORG'",
        "namespaces delete|Missing required option: '--id=ID'",
        "tail|Missing required parameter: 'TOPIC'",
        "tail clusters-view --max 0|--max must be at least 1, got 0",
        "generate --clusters 0|need --clusters >= 1",
        "generate --clusters 10 --events 5|need at least one per cluster",
        "generate --profile nonsense|Invalid value for option '--profile'",
        "produce /no/such/file.jsonl|no such file: /no/such/file.jsonl",
        "broker --port 65536|--port must be 0..65535, got 65536",
        "broker --port nine|Invalid value for option '--port'"})
    void aWrongCommandLineIsAUsageErrorWithItsReason(String command, String reason) {
        Cli.Result result = Cli.run(split(command));

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(reason);
        assertThat(result.out()).isEmpty();
    }

    /** Splits on spaces, {@code ' '} standing for one blank argument. */
    private static String[] split(String command) {
        return java.util.Arrays.stream(command.replace("' '", "\u0000").split(" "))
                .map(part -> part.replace('\u0000', ' ')).toArray(String[]::new);
    }
}
