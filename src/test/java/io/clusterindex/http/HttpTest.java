package io.clusterindex.http;

import io.clusterindex.live.LiveStats;
import java.util.function.Consumer;

/**
 * In the manner of javalin-testtools' {@code JavalinTest.test} (not served by Maven Central for Javalin 7.2.3): starts
 * a server built unstarted from its services on a free port, hands a client to the test, and stops it.
 */
final class HttpTest {
    private HttpTest() {
    }

    static void test(HttpServer.Services services, Consumer<RawHttp> test) {
        test(services, RequestObserver.NONE, MetricsExposition.NONE, test);
    }

    /** As above, with the server reporting its requests to {@code requests} and serving {@code metrics}. */
    static void test(HttpServer.Services services, RequestObserver requests, MetricsExposition metrics,
                     Consumer<RawHttp> test) {
        try (HttpServer server = HttpServer.create(services, requests, metrics, new LiveStats(),
                StatsStreamSettings.DEFAULTS).start(0)) {
            test.accept(new RawHttp(server.port()));
        }
    }
}
