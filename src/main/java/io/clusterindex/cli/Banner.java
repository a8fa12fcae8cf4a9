package io.clusterindex.cli;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.app.Config;
import java.io.PrintWriter;

/** What {@code serve} prints once the service is up: where it listens, where its data is, a first request. */
final class Banner {
    private Banner() {
    }

    static void print(PrintWriter out, ClusterIndexApp app, boolean demo) {
        Config config = app.config();
        String base = "http://localhost:" + app.httpPort();
        out.println("cluster-index is up");
        out.println("  HTTP API : " + base + "  (ready: " + base + "/health/ready)");
        out.println("  Kafka    : " + (app.embeddedBroker()
                ? "embedded broker at " + app.bootstrapServers() + ", data in " + config.stateDir()
                : app.bootstrapServers()));
        out.println("  State    : " + config.stateDir());
        String key = config.devApiKey().orElse("<a key of organization " + DemoFeed.ORGANIZATION + ">");
        if (config.devApiKey().isPresent()) {
            out.println("  Try      : curl -s -X POST '" + base + "/v1/clusters/list?limit=10' -H 'Authorization: Bearer "
                    + key + "' -H 'X-Namespace: default'");
        } else {
            out.println("  Try      : curl -s " + base + "/health/ready");
        }
        if (demo) {
            out.println("  Demo     : " + DemoFeed.description());
            out.println("  See it   : curl -s " + base + "/v1/clusters/stats -H 'Authorization: Bearer " + key
                    + "' -H 'X-Namespace: " + DemoFeed.NAMESPACE_NAME + "'");
        }
        out.flush();
    }
}
