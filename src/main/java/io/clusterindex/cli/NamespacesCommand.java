package io.clusterindex.cli;

import picocli.CommandLine.Command;

/** {@code namespaces}: namespaces, as records of the {@code namespaces} topic. */
@Command(name = "namespaces", synopsisSubcommandLabel = "COMMAND", subcommands = {CreateNamespaceCommand.class,
        DeleteNamespaceCommand.class},
        description = "Registers and removes namespaces (records of the namespaces topic, keyed by namespace_id).")
final class NamespacesCommand extends CommandGroup {
}
