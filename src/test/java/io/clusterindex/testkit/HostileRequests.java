package io.clusterindex.testkit;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic generator of hostile requests to the public API (issue 15 item 5): a wrong JSON type at every
 * position of a list body, deep nesting, huge arrays, invalid UTF-8 in the body, the path, the query and the headers,
 * huge and pathological regexes, enormous numbers, duplicate keys, bodies over the 64 KiB limit (plain and chunked),
 * headers and paths over the header limit, wrong methods and broken credentials; then random mutations of a valid
 * body (bytes cut, dropped, flipped or repeated) until the count asked for. Each request is named by its kind, so a
 * failure says what was sent. A fuzzer's requests, not a specification: some are in fact valid (a wrong type at a
 * position that accepts it), and the check is that each answer is a documented status with the error envelope.
 */
public final class HostileRequests {
    /** One request: {@code target} and header lines are bytes, so that they may be invalid UTF-8. */
    public record Request(String kind, String method, byte[] target, List<byte[]> headers, byte[] body,
                          boolean chunked) {
        /** The request as it goes on the wire to {@code localhost:port}, {@code Connection: close}. */
        public byte[] wire(int port) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(target);
            out.writeBytes((" HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte[] header : headers) {
                out.writeBytes(header);
                out.writeBytes(CRLF);
            }
            if (chunked) {
                out.writeBytes("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < body.length; at += 4096) {
                    int size = Math.min(4096, body.length - at);
                    out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, size);
                    out.writeBytes(CRLF);
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String path = new String(target, StandardCharsets.UTF_8);
            return kind + ": " + method + " " + path.substring(0, Math.min(80, path.length())) + " body "
                    + body.length + " bytes";
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "/v1/clusters/list";
    /** A list body with every part the API knows: each of its positions gets each of {@link #WRONG}. */
    private static final String TEMPLATE = "{\"filters\":{\"AND\":[{\"field\":\"cluster_name\",\"operator\":\"eq\","
            + "\"value\":\"a\"},{\"field\":\"num_clusters\",\"operator\":\"in\",\"value\":[1,2]},"
            + "{\"field\":\"cluster_name\",\"operator\":\"regex\",\"value\":\"^c\"},{\"metadata.team\":\"x\"}],"
            + "\"OR\":[{\"field\":\"status\",\"operator\":\"ne\",\"value\":\"FAILED\"}],\"NOT\":{\"field\":"
            + "\"created_at\",\"operator\":\"gte\",\"value\":\"2026-01-01T00:00:00Z\"},\"case_sensitive\":false},"
            + "\"sort\":{\"field\":\"created_at\",\"direction\":\"desc\"},\"search\":\"alpha beta\"}";
    private static final String[] WRONG = {"null", "true", "false", "0", "-1", "1.5", "1e308", "-1e-308", "\"\"",
        "\"x\"", "[]", "{}", "[null]", "[1,\"a\",{}]", "{\"AND\":[]}", "\"\\u0000\"", "\"\\ud800\"",
        "123456789012345678901234567890", "\"" + "w".repeat(600) + "\""};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {0}};
    private static final String[] REGEXES = {"(a*)*b", "(x+x+)+y", "((a{1000}){1000}){1000}", "(a{1000}){1000}",
        "((ab){100}){51}", "[", "(", "\\", "a{1001}", "\\p{Nope}", "(?P<n>a)(?P=n)", "(a)\\1", "(?=a)",
        "(.*a){20}", "[a-z]{1000}", "^(([a-z])+.)+[A-Z]([a-z])+$", "a".repeat(512), "a".repeat(513),
        "(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p)".repeat(15), "[ab][cd][ef][gh][ij][kl][mn][op]".repeat(8),
        "(abc|abd|abe|abf){100}", "\u00e9+\u00e8*", "\\x{10FFFF}+", "(?i)" + "Z".repeat(300), "\\Q" + "{".repeat(300)
            + "\\E"};
    private static final String[] NUMBERS = {"1e999999", "-1e999999", "1e-999999", "9".repeat(99),
        "9".repeat(101), "-" + "1".repeat(5000), "0." + "0".repeat(5000) + "1", "NaN", "Infinity", "-0", "0x10",
        "01", "1.", ".5", "+1"};

    private final Random random;
    private final List<String> authHeaders;

    /** @param apiKey a key the server accepts, with {@code namespace} (a name or id in the key's organization) */
    public HostileRequests(long seed, String apiKey, String namespace) {
        this.random = new Random(seed);
        this.authHeaders = List.of("Authorization: Bearer " + apiKey, "X-Namespace: " + namespace);
    }

    /** A valid list request, for the latency of normal traffic beside the hostile one. */
    public Request normal() {
        return list("normal", "{\"filters\":{\"AND\":[{\"field\":\"status\",\"operator\":\"eq\",\"value\":"
                + "\"COMPLETED\"}]},\"sort\":{\"field\":\"created_at\",\"direction\":\"desc\"}}");
    }

    /** At least {@code count} requests: every systematic case once, then random mutations of valid bodies. */
    public List<Request> generate(int count) {
        List<Request> requests = new ArrayList<>();
        wrongTypes(requests);
        nesting(requests);
        hugeArrays(requests);
        invalidUtf8(requests);
        regexes(requests);
        numbers(requests);
        duplicateKeys(requests);
        overLimits(requests);
        headersAndPaths(requests);
        while (requests.size() < count) {
            requests.add(mutation());
        }
        return requests;
    }

    private void wrongTypes(List<Request> out) {
        JsonNode template = parse(TEMPLATE);
        List<JsonPointer> positions = new ArrayList<>();
        positions(template, JsonPointer.empty(), positions);
        for (JsonPointer position : positions) {
            for (String wrong : WRONG) {
                out.add(list("wrong type at " + position, replaced(template, position, parse(wrong)).toString()));
            }
        }
    }

    private void nesting(List<Request> out) {
        for (int depth : new int[] {8, 9, 16, 40, 200, 5000, 30_000}) {
            out.add(list("nested groups " + depth, "{\"filters\":" + "{\"AND\":[".repeat(depth)
                    + "{\"field\":\"cluster_name\",\"value\":\"a\"}" + "]}".repeat(depth) + "}"));
            out.add(list("nested arrays " + depth, "[".repeat(depth) + "]".repeat(depth)));
            out.add(list("nested objects " + depth, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            out.add(list("unclosed nesting " + depth, "{\"filters\":" + "{\"OR\":[".repeat(depth)));
        }
    }

    private void hugeArrays(List<Request> out) {
        for (int size : new int[] {1000, 1001, 5000, 12_000}) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < size; i++) {
                values.append(i == 0 ? "" : ",").append(i);
            }
            out.add(list("in list of " + size, "{\"filters\":{\"AND\":[{\"field\":\"num_clusters\",\"operator\":"
                    + "\"in\",\"value\":[" + values + "]}]}}"));
            out.add(list("top-level array of " + size, "[" + values + "]"));
        }
        for (int conditions : new int[] {200, 201, 2000}) {
            String one = "{\"field\":\"cluster_name\",\"operator\":\"contains\",\"value\":\"a\"}";
            out.add(list(conditions + " conditions", "{\"filters\":{\"OR\":[" + (one + ",").repeat(conditions - 1)
                    + one + "]}}"));
        }
    }

    private void invalidUtf8(List<Request> out) {
        for (byte[] bad : BAD_UTF8) {
            String hex = hex(bad);
            out.add(new Request("invalid UTF-8 in a string " + hex, "POST", bytes(LIST), authHeaders(),
                    concat(bytes("{\"search\":\"a"), bad, bytes("b\"}")), false));
            out.add(new Request("invalid UTF-8 in a key " + hex, "POST", bytes(LIST), authHeaders(),
                    concat(bytes("{\""), bad, bytes("\":1}")), false));
            out.add(new Request("invalid UTF-8 as the body " + hex, "POST", bytes(LIST), authHeaders(), bad, false));
            out.add(new Request("invalid UTF-8 in the path " + hex, "GET", concat(bytes("/v1/clusters/c"), bad),
                    authHeaders(), new byte[0], false));
            out.add(new Request("invalid UTF-8 in the query " + hex, "POST", concat(bytes(LIST + "?limit=1"), bad),
                    authHeaders(), bytes("{}"), false));
            out.add(new Request("invalid UTF-8 in X-Namespace " + hex, "POST", bytes(LIST),
                    List.of(bytes(authHeaders.get(0)), concat(bytes("X-Namespace: "), bad)), bytes("{}"), false));
            out.add(new Request("invalid UTF-8 in Authorization " + hex, "POST", bytes(LIST),
                    List.of(concat(bytes("Authorization: Bearer "), bad), bytes(authHeaders.get(1))), bytes("{}"),
                    false));
        }
        for (String escape : new String[] {"\\ud800", "\\udfff", "\\ud800\\ud800", "\\u0000", "\\uFFFF", "\\x41",
            "\\u12", "\\"}) {
            out.add(list("escape " + escape, "{\"search\":\"a" + escape + "\"}"));
        }
    }

    private void regexes(List<Request> out) {
        for (String regex : REGEXES) {
            for (boolean caseSensitive : new boolean[] {false, true}) {
                ObjectNode condition = JSON.createObjectNode().put("field", "cluster_name").put("operator", "regex")
                        .put("value", regex);
                ObjectNode filters = JSON.createObjectNode().put("case_sensitive", caseSensitive);
                filters.putArray("AND").add(condition);
                ObjectNode body = JSON.createObjectNode();
                body.set("filters", filters);
                out.add(list("regex " + regex.substring(0, Math.min(30, regex.length())), body.toString()));
            }
        }
    }

    private void numbers(List<Request> out) {
        for (String number : NUMBERS) {
            out.add(list("number " + number.substring(0, Math.min(12, number.length())) + " as a value",
                    "{\"filters\":{\"AND\":[{\"field\":\"num_clusters\",\"operator\":\"gte\",\"value\":" + number
                            + "}]}}"));
            out.add(list("number " + number.substring(0, Math.min(12, number.length())) + " as a metadata value",
                    "{\"filters\":{\"metadata.priority\":" + number + "}}"));
            out.add(new Request("number as limit and offset", "POST", bytes(LIST + "?limit=" + number + "&offset="
                    + number), authHeaders(), bytes("{}"), false));
        }
        for (String header : new String[] {"X-Min-Offsets: 0:99999999999999999999999", "X-Min-Offsets: -1:-1",
            "X-Min-Offsets: 0:1,0:2", "X-Min-Offsets: 99999:1", "X-Wait-Ms: 99999999999999", "X-Wait-Ms: -5",
            "X-Wait-Ms: 1e9", "X-Min-Offsets: " + "0:1,".repeat(1500)}) {
            List<byte[]> headers = new ArrayList<>(authHeaders());
            headers.add(bytes(header));
            out.add(new Request("header " + header.substring(0, Math.min(40, header.length())), "POST", bytes(LIST),
                    headers, bytes("{}"), false));
        }
    }

    private void duplicateKeys(List<Request> out) {
        for (String body : new String[] {"{\"search\":\"a\",\"search\":\"b\"}",
            "{\"filters\":{\"AND\":[],\"AND\":[]}}",
            "{\"filters\":{\"AND\":[{\"field\":\"a\",\"field\":\"b\",\"value\":1}]}}",
            "{\"sort\":{\"field\":\"cluster_name\",\"direction\":\"asc\",\"direction\":\"desc\"}}",
            "{\"filters\":{\"metadata.team\":\"x\",\"metadata.team\":\"y\"}}"}) {
            out.add(list("duplicate keys", body));
        }
    }

    private void overLimits(List<Request> out) {
        for (int size : new int[] {64 * 1024, 64 * 1024 + 1, 200 * 1024, 2 * 1024 * 1024}) {
            String body = "{\"search\":\"" + "x".repeat(Math.max(0, size - 14)) + "\"}";
            out.add(list("body of " + size + " bytes", body));
            out.add(new Request("chunked body of " + size + " bytes", "POST", bytes(LIST), authHeaders(),
                    bytes(body), true));
        }
    }

    private void headersAndPaths(List<Request> out) {
        for (int size : new int[] {4 * 1024, 9 * 1024, 64 * 1024}) {
            List<byte[]> headers = new ArrayList<>(authHeaders());
            headers.add(bytes("X-Padding: " + "p".repeat(size)));
            out.add(new Request("a header of " + size + " bytes", "POST", bytes(LIST), headers, bytes("{}"), false));
            out.add(new Request("a path of " + size + " bytes", "GET", bytes("/v1/clusters/" + "c".repeat(size)),
                    authHeaders(), new byte[0], false));
            out.add(new Request("a query of " + size + " bytes", "POST", bytes(LIST + "?cursor="
                    + "c".repeat(size)), authHeaders(), bytes("{}"), false));
        }
        List<byte[]> many = new ArrayList<>(authHeaders());
        for (int i = 0; i < 500; i++) {
            many.add(bytes("X-H" + i + ": v"));
        }
        out.add(new Request("500 headers", "POST", bytes(LIST), many, bytes("{}"), false));
        for (String[] call : new String[][] {{"DELETE", LIST}, {"PUT", LIST}, {"PATCH", "/v1/clusters/c1"},
            {"GET", "/v1/clusters/%"}, {"GET", "/v1/clusters/%zz"}, {"GET", "/v1/clusters/..%2f..%2fetc"},
            {"GET", "/v1/clusters/a%00b"}, {"POST", LIST + "?cursor=%ff%fe"}, {"POST", LIST + "?limit=&offset="},
            {"POST", LIST + "?include_total=maybe"}, {"GET", "/v1/clusters/stats?x=%"}}) {
            out.add(new Request("method and path " + call[0] + " " + call[1], call[0], bytes(call[1]), authHeaders(),
                    new byte[0], false));
        }
        for (String[] auth : new String[][] {{}, {"Authorization: Bearer"}, {"Authorization: Bearer ",
            "X-Namespace: default"}, {"Authorization: Basic eDp5", "X-Namespace: default"},
            {"Authorization: Bearer " + "k".repeat(4000), "X-Namespace: default"},
            {authHeaders.get(0), "X-Namespace: " + "n".repeat(4000)}, {authHeaders.get(0), "X-Namespace: "},
            {authHeaders.get(0), "X-Namespace: \u00e9t\u00e9"}, {authHeaders.get(0)}}) {
            List<byte[]> headers = new ArrayList<>();
            for (String header : auth) {
                headers.add(header.getBytes(StandardCharsets.UTF_8));
            }
            out.add(new Request("credentials " + String.join(" | ", auth).substring(0, Math.min(40,
                    String.join(" | ", auth).length())), "POST", bytes(LIST), headers, bytes("{}"), false));
        }
        List<byte[]> wrongType = new ArrayList<>(authHeaders());
        wrongType.add(bytes("Content-Type: text/plain"));
        out.add(new Request("a text body", "POST", bytes(LIST), wrongType, bytes("search=x"), false));
    }

    /** A valid body with a few bytes cut, dropped, flipped or repeated at random places. */
    private Request mutation() {
        byte[] body = bytes(TEMPLATE);
        int edits = 1 + random.nextInt(4);
        StringBuilder kind = new StringBuilder("mutation");
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(4)) {
                case 0 -> {
                    body = java.util.Arrays.copyOf(body, at);
                    kind.append(" cut@").append(at);
                }
                case 1 -> {
                    body = concat(java.util.Arrays.copyOf(body, at), java.util.Arrays.copyOfRange(body,
                            Math.min(body.length, at + 1 + random.nextInt(8)), body.length));
                    kind.append(" drop@").append(at);
                }
                case 2 -> {
                    body = body.clone();
                    body[at] = (byte) random.nextInt(256);
                    kind.append(" flip@").append(at);
                }
                default -> {
                    byte[] piece = java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + 1
                            + random.nextInt(16)));
                    body = concat(java.util.Arrays.copyOf(body, at), piece, piece, java.util.Arrays.copyOfRange(body,
                            at + piece.length, body.length));
                    kind.append(" repeat@").append(at);
                }
            }
            if (body.length == 0) {
                break;
            }
        }
        return new Request(kind.toString(), "POST", bytes(LIST), authHeaders(), body, false);
    }

    private Request list(String kind, String body) {
        return new Request(kind, "POST", bytes(LIST), authHeaders(), bytes(body), false);
    }

    private List<byte[]> authHeaders() {
        return List.of(bytes(authHeaders.get(0)), bytes(authHeaders.get(1)));
    }

    private static void positions(JsonNode node, JsonPointer at, List<JsonPointer> out) {
        out.add(at);
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                positions(field.getValue(), at.appendProperty(field.getKey()), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                positions(node.get(i), at.appendIndex(i), out);
            }
        }
    }

    private static JsonNode replaced(JsonNode template, JsonPointer at, JsonNode value) {
        if (at.matches()) {
            return value;
        }
        JsonNode copy = template.deepCopy();
        ContainerNode<?> parent = (ContainerNode<?>) copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), value);
        } else {
            ((ArrayNode) parent).set(at.last().getMatchingIndex(), value);
        }
        return copy;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
