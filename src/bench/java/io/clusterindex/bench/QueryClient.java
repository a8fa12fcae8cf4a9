package io.clusterindex.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's HTTP/1.1 client, with keep-alive connections and a per-request timeout. Two implementations:
 * {@code url} ({@link HttpURLConnection}: synchronous, the least client overhead per request, the default) and
 * {@code jdk} ({@link HttpClient}: what most Java callers would use; it adds a selector thread hand-off).
 * Both are safe to share between the benchmark's threads.
 */
abstract class QueryClient implements AutoCloseable {
    /**
     * One request: method, path with query string, body (null: none) and extra headers; the headers of the dev
     * tenant are always sent.
     */
    record Request(String method, String path, byte[] body, Map<String, String> headers) {
        Request(String method, String path, byte[] body) {
            this(method, path, body, Map.of());
        }
    }

    /** Status and body of a response. */
    record Response(int status, byte[] body) {
    }

    static final String API_KEY = "sk_dev_local";
    static final String NAMESPACE_HEADER_VALUE = "default";

    protected final String base;
    protected final Duration timeout;

    private QueryClient(int port, Duration timeout) {
        this("http://127.0.0.1:" + port, timeout);
    }

    /** A client that answers the API's requests from elsewhere ({@link PostgresClient}), {@code base} naming it. */
    QueryClient(String base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    static QueryClient create(String kind, int port, Duration timeout, int concurrency) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "url" -> new UrlConnectionClient(port, timeout, concurrency);
            case "jdk" -> new JdkClient(port, timeout);
            default -> throw new IllegalArgumentException("--client must be url or jdk, got '" + kind + "'");
        };
    }

    /** Sends {@code request} and reads the whole response; throws on I/O failure or timeout. */
    abstract Response send(Request request) throws IOException, InterruptedException;

    abstract String describe();

    @Override
    public void close() {
    }

    private static final class UrlConnectionClient extends QueryClient {
        UrlConnectionClient(int port, Duration timeout, int concurrency) {
            super(port, timeout);
            // the JDK keeps at most http.maxConnections idle connections per destination (default 5): without
            // this, 8 threads would keep opening and closing connections
            int wanted = Math.max(16, 2 * concurrency);
            String current = System.getProperty("http.maxConnections");
            if (current == null || Integer.parseInt(current) < wanted) {
                System.setProperty("http.maxConnections", Integer.toString(wanted));
            }
        }

        @Override
        Response send(Request request) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) new URL(base + request.path()).openConnection();
            try {
                connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                connection.setUseCaches(false);
                connection.setRequestMethod(request.method());
                connection.setRequestProperty("Authorization", "Bearer " + API_KEY);
                connection.setRequestProperty("X-Namespace", NAMESPACE_HEADER_VALUE);
                connection.setRequestProperty("Accept", "application/json");
                request.headers().forEach(connection::setRequestProperty);
                if (request.method().equals("POST")) {
                    byte[] body = request.body() == null ? new byte[0] : request.body();
                    connection.setDoOutput(true);
                    connection.setRequestProperty("Content-Type", "application/json");
                    connection.setFixedLengthStreamingMode(body.length);
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body);
                    }
                }
                int status = connection.getResponseCode();
                InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                byte[] body;
                if (in == null) {
                    body = new byte[0];
                } else {
                    // reading to the end and closing returns the connection to the keep-alive cache
                    try (in) {
                        body = in.readAllBytes();
                    }
                }
                return new Response(status, body);
            } catch (IOException e) {
                connection.disconnect();
                throw e;
            }
        }

        @Override
        String describe() {
            return "HttpURLConnection, keep-alive (http.maxConnections=" + System.getProperty("http.maxConnections")
                    + "), timeout " + timeout.toSeconds() + " s";
        }
    }

    private static final class JdkClient extends QueryClient {
        private final HttpClient client;

        JdkClient(int port, Duration timeout) {
            super(port, timeout);
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout).build();
        }

        @Override
        Response send(Request request) throws IOException, InterruptedException {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + API_KEY)
                    .header("X-Namespace", NAMESPACE_HEADER_VALUE)
                    .header("Accept", "application/json");
            request.headers().forEach(builder::header);
            if (request.method().equals("POST")) {
                builder.header("Content-Type", "application/json").POST(request.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            } else {
                builder.GET();
            }
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body());
        }

        @Override
        String describe() {
            return "java.net.http.HttpClient (HTTP/1.1), timeout " + timeout.toSeconds() + " s";
        }
    }
}
