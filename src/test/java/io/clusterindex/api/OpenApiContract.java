package io.clusterindex.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.clusterindex.api.ApiClient.Response;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openapi.json} (the copy on the classpath, as the jar ships it) as a contract that one HTTP exchange either
 * keeps or breaks: the request against its operation's parameters, security and request body, the response against
 * the documented response of its status (content type, body, every documented header, and no undocumented
 * {@code X-*} or {@code Retry-After} header). Schemas are evaluated with the OpenAPI 3.1 dialect of JSON Schema,
 * formats asserted ({@code date-time} must be RFC 3339). A {@code text/event-stream} body is split into its events,
 * each checked against {@link #ITEM_SCHEMA} and its {@code data} against that schema's {@code contentSchema}, which
 * JSON Schema itself only annotates.
 */
final class OpenApiContract {
    static final String RESOURCE = "openapi.json";
    /** Where the document puts the answer to a method it does not document on one of its paths. */
    static final String METHOD_NOT_ALLOWED = "/components/responses/MethodNotAllowed";
    private static final String JSON = "application/json";
    /** A media type whose body is a sequence of events; each is checked against the media type's {@link #ITEM_SCHEMA}. */
    static final String EVENT_STREAM = "text/event-stream";
    /**
     * Where the document gives the schema of each event of a stream: OpenAPI 3.2's {@code itemSchema}, as an
     * extension of this 3.1 document.
     */
    static final String ITEM_SCHEMA = "x-item-schema";

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
            .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
    }

    static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new OpenApiContract(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /**
     * One request and its response. {@code template} is the documented path ({@code /v1/clusters/{cluster_identifier}});
     * {@code requestConforms} says whether the document must accept the request (true) or must refuse it (false:
     * a request that the server refuses for a reason the document states in its schemas).
     */
    record Exchange(String method, String template, String target, Map<String, String> headers, String body,
                    boolean requestConforms, Response response) {
        @Override
        public String toString() {
            return method + " " + target + " " + headers.keySet() + (body == null ? "" : " body "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body)) + " -> " + response;
        }
    }

    /** A node of the document and its JSON pointer. */
    record Located(String pointer, JsonNode node) {
    }

    /** Every way {@code exchange} departs from the document; empty when it keeps it. */
    List<String> check(Exchange exchange) {
        String itemPointer = "/paths/" + escape(exchange.template());
        if (document.at(itemPointer).isMissingNode()) {
            return List.of("path " + exchange.template() + " is not documented");
        }
        String operationPointer = itemPointer + "/" + exchange.method().toLowerCase(Locale.ROOT);
        JsonNode operation = document.at(operationPointer);
        int status = exchange.response().status();
        List<String> problems = new ArrayList<>();
        Located response;
        if (operation.isMissingNode()) {
            if (status != 405) {
                problems.add(exchange.method() + " is not documented on " + exchange.template() + " and answered "
                        + status + ", not 405");
            }
            response = resolve(METHOD_NOT_ALLOWED);
        } else {
            String code = Integer.toString(status);
            JsonNode responses = operation.path("responses");
            if (!responses.has(code) && !responses.has("default")) {
                return List.of("status " + status + " is not documented for " + exchange.method() + " "
                        + exchange.template());
            }
            response = resolve(operationPointer + "/responses/" + (responses.has(code) ? code : "default"));
            List<String> request = requestProblems(operationPointer, exchange);
            if (exchange.requestConforms()) {
                request.forEach(problem -> problems.add("request: " + problem));
            } else if (request.isEmpty()) {
                problems.add("request: the document accepts this request, which the server refused with " + status);
            }
        }
        responseProblems(response, exchange.response()).forEach(problem -> problems.add("response: " + problem));
        return problems;
    }

    /** The problems of validating {@code json} (JSON text) against the schema at {@code pointer}. */
    List<String> validate(String pointer, String json) {
        Schema schema = schemas.computeIfAbsent(pointer,
                at -> registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#" + at)));
        try {
            return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
        } catch (RuntimeException e) {
            return List.of("not JSON (" + e.getMessage() + ")");
        }
    }

    /** The node at {@code pointer}, following local {@code $ref}s. */
    Located resolve(String pointer) {
        JsonNode node = document.at(pointer);
        String at = pointer;
        while (node.has("$ref")) {
            String ref = node.get("$ref").textValue();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are followed: " + ref);
            }
            at = ref.substring(1);
            node = document.at(at);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("nothing at " + pointer + " (" + at + ")");
        }
        return new Located(at, node);
    }

    private List<String> requestProblems(String operationPointer, Exchange exchange) {
        List<String> problems = new ArrayList<>();
        URI target = URI.create(exchange.target());
        Map<String, String> query = query(target.getRawQuery());
        Set<String> declared = new TreeSet<>();
        JsonNode parameters = document.at(operationPointer + "/parameters");
        for (int i = 0; i < parameters.size(); i++) {
            Located parameter = resolve(operationPointer + "/parameters/" + i);
            String name = parameter.node().path("name").textValue();
            String in = parameter.node().path("in").textValue();
            Optional<String> value = switch (in) {
                case "query" -> {
                    declared.add(name);
                    yield Optional.ofNullable(query.get(name));
                }
                case "header" -> header(exchange.headers(), name);
                case "path" -> pathParameter(exchange.template(), target.getRawPath(), name);
                default -> throw new IllegalStateException("parameters in " + in + " are not checked");
            };
            if (value.isEmpty()) {
                if (parameter.node().path("required").asBoolean(false)) {
                    problems.add(in + " parameter " + name + " is required");
                }
                continue;
            }
            String schema = parameter.pointer() + "/schema";
            validate(schema, scalar(value.get(), resolve(schema).node()))
                    .forEach(problem -> problems.add(in + " parameter " + name + ": " + problem));
        }
        query.keySet().stream().filter(name -> !declared.contains(name))
                .forEach(name -> problems.add("query parameter " + name + " is not documented"));
        if (needsCredentials(operationPointer) && !header(exchange.headers(), "Authorization")
                .filter(value -> value.matches("(?i)Bearer\\s+\\S+")).isPresent()) {
            problems.add("no Authorization: Bearer <key>");
        }
        problems.addAll(bodyProblems(operationPointer, exchange.body()));
        return problems;
    }

    private List<String> bodyProblems(String operationPointer, String body) {
        JsonNode requestBody = document.at(operationPointer + "/requestBody");
        boolean sent = body != null && !body.isEmpty();
        if (requestBody.isMissingNode()) {
            return sent ? List.of("the operation documents no request body") : List.of();
        }
        Located located = resolve(operationPointer + "/requestBody");
        if (!sent) {
            return located.node().path("required").asBoolean(false) ? List.of("the body is required") : List.of();
        }
        return validate(located.pointer() + "/content/" + escape(JSON) + "/schema", body).stream()
                .map(problem -> "body: " + problem).toList();
    }

    private boolean needsCredentials(String operationPointer) {
        JsonNode security = document.at(operationPointer + "/security");
        if (security.isMissingNode()) {
            security = document.path("security");
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return false;
            }
        }
        return !security.isEmpty();
    }

    private List<String> responseProblems(Located response, Response actual) {
        List<String> problems = new ArrayList<>();
        JsonNode documented = response.node().path("headers");
        documented.fieldNames().forEachRemaining(name -> {
            Located header = resolve(response.pointer() + "/headers/" + escape(name));
            Optional<String> value = actual.headers().firstValue(name);
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    problems.add("header " + name + " is required");
                }
                return;
            }
            String schema = header.pointer() + "/schema";
            validate(schema, scalar(value.get(), resolve(schema).node()))
                    .forEach(problem -> problems.add("header " + name + ": " + problem));
        });
        Set<String> listed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        documented.fieldNames().forEachRemaining(listed::add);
        for (String name : actual.headers().map().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("x-") || lower.equals("retry-after")) && !listed.contains(name)) {
                problems.add("header " + name + " is not documented for this response");
            }
        }
        JsonNode content = response.node().path("content");
        String type = actual.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
        if (!content.has(type)) {
            problems.add("content type '" + type + "' is not documented (" + content.properties().stream()
                    .map(Map.Entry::getKey).toList() + ")");
        } else if (type.equals(EVENT_STREAM)) {
            eventStreamProblems(response.pointer() + "/content/" + escape(type), actual.text())
                    .forEach(problem -> problems.add("body: " + problem));
        } else {
            validate(response.pointer() + "/content/" + escape(type) + "/schema", actual.text())
                    .forEach(problem -> problems.add("body: " + problem));
        }
        return problems;
    }

    /**
     * Every way the events of {@code text}, a {@code text/event-stream} body or the part of it read so far, depart
     * from the media type at {@code mediaTypePointer}: each complete event against its {@link #ITEM_SCHEMA}, and its
     * {@code data} against the {@code contentSchema} there. Comments are skipped; an event without its closing empty
     * line is not complete yet.
     */
    List<String> eventStreamProblems(String mediaTypePointer, String text) {
        if (document.at(mediaTypePointer + "/" + ITEM_SCHEMA).isMissingNode()) {
            return List.of("the document gives no " + ITEM_SCHEMA + " for " + mediaTypePointer);
        }
        Located item = resolve(mediaTypePointer + "/" + ITEM_SCHEMA);
        String dataSchema = resolve(item.pointer() + "/properties/data/contentSchema").pointer();
        List<String> problems = new ArrayList<>();
        List<ObjectNode> events = ServerSentEvents.parse(text);
        for (int i = 0; i < events.size(); i++) {
            String event = "event " + i + " " + events.get(i);
            validate(item.pointer(), events.get(i).toString()).forEach(problem -> problems.add(event + ": " + problem));
            JsonNode data = events.get(i).path("data");
            if (data.isTextual()) {
                validate(dataSchema, data.textValue()).forEach(problem -> problems.add(event + " data: " + problem));
            }
        }
        return problems;
    }

    /**
     * A parameter or header value as the JSON its schema speaks of: numbers and booleans as such when the schema
     * wants them and the text is one, anything else as a JSON string.
     */
    private String scalar(String value, JsonNode schema) {
        String type = schema.path("type").asText("");
        String trimmed = value.trim();
        if ((type.equals("integer") || type.equals("number")) && trimmed.matches("-?\\d+(\\.\\d+)?")) {
            return trimmed;
        }
        if (type.equals("boolean") && (trimmed.equals("true") || trimmed.equals("false"))) {
            return trimmed;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    private static Optional<String> pathParameter(String template, String rawPath, String name) {
        Matcher m = Pattern.compile("^" + template.replaceAll("\\{[^}]+}", "([^/]+)") + "$").matcher(rawPath);
        Matcher names = Pattern.compile("\\{([^}]+)}").matcher(template);
        for (int group = 1; m.matches() && names.find(); group++) {
            if (names.group(1).equals(name)) {
                return Optional.of(URLDecoder.decode(m.group(group), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    /** A JSON pointer token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
