package io.clusterindex.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the commands that talk to Kafka share: its options, argument checks, and messages on stderr. */
abstract class KafkaCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;
    @Spec
    CommandSpec spec;

    /** @throws ParameterException (a usage error) when one of the values is blank */
    final void requireNonBlank(String options, String... values) {
        for (String value : values) {
            if (value.isBlank()) {
                throw usageError(options + " must not be blank");
            }
        }
    }

    final ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A line for the user on stderr: stdout is kept for the command's output. */
    final void tell(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
    }
}
