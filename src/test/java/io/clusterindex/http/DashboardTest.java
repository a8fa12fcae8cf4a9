package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's files are served from the jar, without a key, and nothing else under its path. */
class DashboardTest {
    private final HttpServer.Services services = Unused.services("sk_d");

    @Test
    void thePageAndItsAssetsAreServedWithoutAKeyAndLoadNothingFromElsewhere() {
        HttpTest.test(services, http -> {
            RawHttp.Response page = http.send("GET", "/", Map.of(), null);
            RawHttp.Response script = http.send("GET", "/dashboard/dashboard.js", Map.of(), null);
            RawHttp.Response style = http.send("GET", "/dashboard/dashboard.css", Map.of(), null);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
            assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
            assertThat(page.body()).contains("<script src=\"/dashboard/dashboard.js\"", "/dashboard/dashboard.css")
                    .doesNotContain("http://", "https://");
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.header("Content-Type")).isEqualTo("text/javascript;charset=utf-8");
            assertThat(script.body()).contains("/v1/clusters/stats/stream", "sessionStorage")
                    .doesNotContain("localStorage", "https://");
            assertThat(style.status()).isEqualTo(200);
            assertThat(style.header("Content-Type")).isEqualTo("text/css;charset=utf-8");
        });
    }

    @Test
    void anyOtherFileUnderTheDashboardIsA404WithTheErrorEnvelope() {
        HttpTest.test(services, http -> {
            RawHttp.Response response = http.send("GET", "/dashboard/..%2Fopenapi.json", Map.of(), null);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("\"type\":\"NotFoundError\"");
        });
    }
}
