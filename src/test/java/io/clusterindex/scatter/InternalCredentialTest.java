package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalCredentialTest {
    private final InternalCredential credential = InternalCredential.of("s3cret-of-this-deployment");

    @Test
    void acceptsExactlyItsOwnSecret() {
        assertThat(credential.matches("s3cret-of-this-deployment")).isTrue();
    }

    @Test
    void refusesAbsentEmptyShorterLongerAndOtherSecrets() {
        assertThat(credential.matches(null)).isFalse();
        assertThat(credential.matches("")).isFalse();
        assertThat(credential.matches("s3cret-of-this-deploymen")).isFalse();
        assertThat(credential.matches("s3cret-of-this-deployment ")).isFalse();
        assertThat(credential.matches("S3CRET-OF-THIS-DEPLOYMENT")).isFalse();
        assertThat(credential.matches("s3cret-of-another-deployment")).isFalse();
    }

    @Test
    void neverShowsTheSecretWhenPrinted() {
        assertThat(credential.toString()).doesNotContain("s3cret");
    }

    @Test
    void aConfiguredSecretWinsWithoutReadingKafka() {
        assertThat(InternalCredential.resolve(Optional.of("configured"), java.util.Map.of()).value())
                .isEqualTo("configured");
    }

    @Test
    void aBlankSecretIsRefused() {
        assertThatThrownBy(() -> InternalCredential.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
