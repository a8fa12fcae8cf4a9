package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.auth.ApiKeys;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminCommandsTest {
    @Test
    void mintedKeysAreRecognisableLongAndNeverTheSame() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            keys.add(CreateKeyCommand.mint());
        }

        assertThat(keys).hasSize(100).allSatisfy(key -> assertThat(key).matches("sk_live_[0-9a-f]{64}"));
    }

    @Test
    void aKeyThatCouldNotBePublishedIsNeverPrinted() {
        Cli.Result result = Cli.run("keys", "create", "--organization", "org_1", "--name", "ci",
                "--bootstrap-servers", ProduceCommandTest.NO_KAFKA);

        assertThat(result.status()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).startsWith("cluster-index: cannot publish to api-keys on "
                + ProduceCommandTest.NO_KAFKA + ": ").doesNotContain("\n").doesNotContain("sk_live_");
    }

    @Test
    void revokingByKeyOrByUppercaseHashNamesTheSameRecord() {
        String key = CreateKeyCommand.mint();

        Cli.Result byKey = Cli.run("keys", "revoke", "--key", key, "--bootstrap-servers", "localhost:1");
        Cli.Result byHash = Cli.run("keys", "revoke", "--hash", ApiKeys.hash(key).toUpperCase(java.util.Locale.ROOT),
                "--bootstrap-servers", "localhost:1");

        assertThat(byKey.status()).isEqualTo(byHash.status()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(byKey.err()).isEqualTo(byHash.err());
    }
}
