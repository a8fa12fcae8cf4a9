package io.clusterindex.cli;

import io.clusterindex.auth.ApiKeys;
import io.clusterindex.auth.TenancyRecords;
import io.clusterindex.topology.Topics;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keys create}: mints a key, publishes only its hash, and prints the raw key once, alone on stdout, so that
 * {@code KEY=$(cluster-index keys create ...)} captures it.
 */
@Command(name = "create", sortOptions = false,
        description = {"Mints an API key for an organization: prints it once on stdout (nothing else goes to stdout: "
                + "KEY=$(cluster-index keys create ...) works), and publishes only its record to api-keys, keyed by "
                + "the lowercase hex SHA-256 of the key, with created_at now. The raw key is stored nowhere: keep it."})
final class CreateKeyCommand extends KafkaCommand {
    static final String PREFIX = "sk_live_";
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--organization", required = true, paramLabel = "ORG", description = "organization_id the key "
            + "belongs to, e.g. org_42.")
    String organization;
    @Option(names = "--name", required = true, description = "A name to recognise the key by, e.g. ci.")
    String name;
    @Override
    public Integer call() {
        requireNonBlank("--organization and --name", organization, name);
        String key = mint();
        String hash = ApiKeys.hash(key);
        RecordPublisher.publish(kafka, Topics.defaults().apiKeys(), hash,
                TenancyRecords.apiKey(organization, name, Instant.now()));
        PrintWriter out = spec.commandLine().getOut();
        out.println(key);
        out.flush();
        tell("key '" + name + "' of " + organization + " published to api-keys as " + hash
                + "; the key above is shown only once");
        return ExitCodes.OK;
    }

    static String mint() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }
}
