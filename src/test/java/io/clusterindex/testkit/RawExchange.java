package io.clusterindex.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP/1.1 exchange over a plain socket, bytes as given: a hostile request may carry what no HTTP client would
 * send (invalid UTF-8, a header of 20 KiB, a body over the limit). The answer is read to the end of the connection
 * ({@code Connection: close}) within a time-out; not answered in time is a {@link Outcome#HUNG}.
 */
public final class RawExchange {
    /** How an exchange ended. */
    public enum Outcome {
        ANSWERED,
        /** The server closed the connection without a status line (it may do so for a body it will not read). */
        CLOSED,
        /** No complete answer within the time-out. */
        HUNG
    }

    /** The answer: status (0 unless answered), headers with lower-case names, body bytes. */
    public record Response(Outcome outcome, int status, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * What is wrong with this answer to a hostile request, null if nothing: a hang; a status not in
         * {@code documented}; a 200 that is not a JSON object; any other status without api.md's error envelope
         * (whose {@code status} is the HTTP status). A connection closed without an answer is not wrong.
         */
        public String problem(Set<Integer> documented) {
            if (outcome == Outcome.HUNG) {
                return "no answer in time";
            }
            if (outcome == Outcome.CLOSED) {
                return null;
            }
            if (!documented.contains(status)) {
                return "status " + status + " " + bodyText();
            }
            JsonNode json;
            try {
                json = ENVELOPES.readTree(body);
            } catch (IOException e) {
                return "status " + status + " without a JSON body: " + bodyText();
            }
            if (status == 200) {
                return json != null && json.isObject() ? null : "200 without a JSON object: " + json;
            }
            boolean envelope = json != null && json.path("success").isBoolean() && !json.path("success").booleanValue()
                    && json.path("status").asInt() == status && json.path("error").path("type").isTextual()
                    && json.path("error").path("message").isTextual() && json.path("error").path("details").isObject();
            return envelope ? null : "status " + status + " without the envelope: " + json;
        }
    }

    private static final ObjectMapper ENVELOPES = new ObjectMapper();

    private RawExchange() {
    }

    /** Sends {@code request} to {@code localhost:port} and reads the whole answer within {@code timeout}. */
    public static Response send(int port, HostileRequests.Request request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.wire(port));
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 431) and close before the whole request is written: read what it said
            }
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read.write(buffer, 0, n);
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return new Response(Outcome.HUNG, 0, Map.of(), read.toByteArray());
                    }
                    socket.setSoTimeout((int) left);
                }
            } catch (SocketTimeoutException e) {
                return new Response(Outcome.HUNG, 0, Map.of(), read.toByteArray());
            } catch (IOException e) {
                // a reset after the answer: keep what was read
            }
            return parse(read.toByteArray());
        } catch (IOException e) {
            return new Response(Outcome.CLOSED, 0, Map.of(), new byte[0]);
        }
    }

    private static Response parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || split < 0) {
            return new Response(Outcome.CLOSED, 0, Map.of(), bytes);
        }
        String[] lines = text.substring(0, split).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunked(body);
        }
        return new Response(Outcome.ANSWERED, Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static byte[] dechunked(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf("\r\n", at);
            if (end < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, end).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, end + 2, Math.min(size, body.length - end - 2));
            at = end + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
