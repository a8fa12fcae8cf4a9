package io.clusterindex.cli;

import io.clusterindex.auth.ApiKeys;
import io.clusterindex.topology.Topics;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keys revoke}: the tombstone of a key's record; the indexer refuses the key from then on. */
@Command(name = "revoke", sortOptions = false,
        description = "Revokes an API key: publishes the tombstone of its api-keys record. Name the key by its raw "
                + "value or by its hash (as keys create printed it on stderr).")
final class RevokeKeyCommand extends KafkaCommand {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Exactly one of the two. */
    static final class Which {
        @Option(names = "--key", required = true, paramLabel = "RAW", description = "The key itself.")
        String key;
        @Option(names = "--hash", required = true, paramLabel = "HEX", description = "The key's SHA-256, hex.")
        String hash;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;
    @Override
    public Integer call() {
        String hash = which.key != null ? ApiKeys.hash(which.key) : which.hash.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw usageError("--hash must be 64 hex digits, got '" + which.hash + "'");
        }
        RecordPublisher.publish(kafka, Topics.defaults().apiKeys(), hash, null);
        tell("key " + hash + " revoked (tombstone published to api-keys)");
        return ExitCodes.OK;
    }
}
