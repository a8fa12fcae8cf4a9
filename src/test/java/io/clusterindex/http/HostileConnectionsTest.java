package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clusterindex.live.LiveStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that attack the connection rather than the API: headers over the limit, a slowloris that sends a byte at a
 * time, many idle sockets. The time-outs are shortened ({@link #LIMITS}) so that the tests take seconds.
 */
class HostileConnectionsTest {
    private static final HttpLimits LIMITS = new HttpLimits(8 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(1));

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> sockets = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpServer.create(Unused.services("sk_hostile"), RequestObserver.NONE, MetricsExposition.NONE,
                new LiveStats(), StatsStreamSettings.DEFAULTS, LIMITS).start(0);
    }

    @AfterEach
    void stop() throws IOException {
        pacer.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void headersOverTheLimitAre431WithTheEnvelope() {
        RawHttp.Response response = new RawHttp(server.port()).send("GET", "/health/live",
                Map.of("X-Padding", "p".repeat(9 * 1024)), null);

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).startsWith("{\"success\":false,\"status\":431,\"error\":{\"type\":"
                + "\"RequestHeaderFieldsTooLargeError\",");
    }

    @Test
    void aClientSendingItsHeadersAByteAtATimeIsCutAfterTheReadTimeout() throws IOException {
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean cut = new AtomicBoolean();
        pacer.scheduleAtFixedRate(() -> {
            try {
                out.write('z');
                out.flush();
                sent.incrementAndGet();
            } catch (IOException e) {
                cut.set(true);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(15)).until(() -> cut.get() || closedByServer(slow));

        Duration held = Duration.ofNanos(System.nanoTime() - started);
        assertThat(held).as("cut within 1.5 read time-outs and a margin").isLessThan(Duration.ofSeconds(6));
        assertThat(sent.get()).as("it kept sending, so the idle time-out alone would not have cut it")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        Socket idle = connect();

        await().atMost(Duration.ofSeconds(15)).until(() -> closedByServer(idle));
    }

    @Test
    void manyIdleConnectionsDoNotKeepANormalRequestWaiting() throws IOException {
        for (int i = 0; i < 300; i++) {
            connect().getOutputStream().write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
        }
        long started = System.nanoTime();

        RawHttp.Response live = new RawHttp(server.port()).send("GET", "/health/live", Map.of(), null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("localhost", server.port());
        socket.setSoTimeout(100);
        sockets.add(socket);
        return socket;
    }

    /** True once the server has closed the socket (end of stream or reset); false while it is still open. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
