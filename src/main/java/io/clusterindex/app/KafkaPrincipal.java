package io.clusterindex.app;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.SaslConfigs;

/** How error messages name the principal the indexer connects as: {@code User:<name>} of its SASL login, if any. */
final class KafkaPrincipal {
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaPrincipal() {
    }

    /** {@code User:indexer} for a JAAS configuration with {@code username="indexer"}, else a description. */
    static String of(Map<String, String> clientSettings) {
        String jaas = clientSettings.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            Matcher matcher = USERNAME.matcher(jaas);
            if (matcher.find()) {
                return "User:" + matcher.group(1);
            }
        }
        return "the indexer's principal";
    }
}
