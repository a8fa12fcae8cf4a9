package io.clusterindex.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends one request over a plain socket and keeps the response as it came, so that tests can pin statuses, header
 * lines and bodies byte for byte (java.net.http hides header order and refuses some requests a client may send).
 */
final class RawHttp {
    /** A response: the status, the header lines in order without {@code Date}, and the body. */
    record Response(int status, List<String> headers, String body) {
        String header(String name) {
            return headers.stream().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Response send(String method, String target, Map<String, String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            request.append("Host: localhost:").append(port).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            List<String> kept = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].regionMatches(true, 0, "Date:", 0, 5)) {
                    kept.add(lines[i]);
                }
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), kept, text.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed", e);
        }
    }
}
