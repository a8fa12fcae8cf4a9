package io.clusterindex.cli;

import picocli.CommandLine.Command;

/** {@code keys}: API keys, as records of the {@code api-keys} topic. */
@Command(name = "keys", synopsisSubcommandLabel = "COMMAND", subcommands = {CreateKeyCommand.class,
        RevokeKeyCommand.class},
        description = "Mints and revokes API keys (records of the api-keys topic, keyed by the SHA-256 of the key).")
final class KeysCommand extends CommandGroup {
}
