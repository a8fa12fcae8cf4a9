package io.clusterindex.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups sub-commands: run alone, it is a usage error naming them. */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), "missing command: "
                + String.join(" or ", spec.subcommands().keySet()));
    }
}
