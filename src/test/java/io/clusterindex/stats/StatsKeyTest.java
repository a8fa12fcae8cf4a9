package io.clusterindex.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsKeyTest {
    @ParameterizedTest
    @CsvSource({"org_1,ns_1", "'org:1','ns:2'", "'o','12:ns'", "'org 9','ns/x'", "'1:a','b'"})
    void givesBackTheOrganizationAndNamespaceItWasMadeOfWhateverTheyHold(String organization, String namespace) {
        String key = StatsKey.of(organization, namespace);

        assertThat(StatsKey.namespaceOf(key)).isEqualTo(namespace);
        assertThat(StatsKey.organizationOf(key)).isEqualTo(organization);
    }

    @ParameterizedTest
    @CsvSource({"'ab','c','a','bc'", "'1:a','b','1','a:b'"})
    void differentPairsNeverShareAKey(String org1, String ns1, String org2, String ns2) {
        assertThat(StatsKey.of(org1, ns1)).isNotEqualTo(StatsKey.of(org2, ns2));
    }
}
