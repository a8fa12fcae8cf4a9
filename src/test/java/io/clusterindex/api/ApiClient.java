package io.clusterindex.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A thin java.net.http client of the API: sends a request, answers status, headers, text and parsed JSON. */
public final class ApiClient {
    public static final String LIST = "/v1/clusters/list";
    public static final String STATS = "/v1/clusters/stats";

    /** A response; {@code json} is null when the body is not JSON. */
    public record Response(int status, HttpHeaders headers, String text, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public ApiClient(int port) {
        base = "http://localhost:" + port;
    }

    /** Headers for a caller: {@code Authorization: Bearer key} and {@code X-Namespace} (each skipped when null). */
    public static Map<String, String> caller(String key, String namespace) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("Authorization", "Bearer " + key);
        }
        if (namespace != null) {
            headers.put("X-Namespace", namespace);
        }
        return headers;
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, HttpRequest.BodyPublishers.noBody());
    }

    public Response post(String path, Map<String, String> headers, String body) {
        return send("POST", path, headers, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    public Response list(String key, String namespace, String query, String body) {
        return post(LIST + (query == null || query.isEmpty() ? "" : "?" + query), caller(key, namespace), body);
    }

    public Response send(String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body);
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request line as is over a plain socket (java.net.URI refuses malformed escapes such as {@code %ZZ},
     * which a client may still send) and reads the response up to the end of the connection.
     */
    public Response raw(String method, String target, Map<String, String> headers) {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    map.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            if (map.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
                body = dechunk(body);
            }
            return new Response(status, HttpHeaders.of(map, (a, b) -> true), body, parse(body));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed", e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
