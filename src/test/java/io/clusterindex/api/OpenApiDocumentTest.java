package io.clusterindex.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.api.ApiClient.Response;
import io.clusterindex.api.OpenApiContract.Exchange;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import io.clusterindex.filter.Operator;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.fold.ClusterStatus;
import io.clusterindex.http.ErrorType;
import io.clusterindex.http.HttpServer;
import io.clusterindex.http.MetricsExposition;
import io.clusterindex.http.RequestObserver;
import io.clusterindex.http.StatsStreamSettings;
import io.clusterindex.http.Unused;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.live.LiveStats;
import io.clusterindex.request.ErrorTypes;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.scatter.Consistency;
import io.clusterindex.scatter.InternalApi;
import io.clusterindex.scatter.ListRequest;
import io.clusterindex.scatter.NamespaceReads;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.json} on its own and against the code that the wire answers come from: references, examples, the
 * fields of {@code ClusterMetadata}, the enumerations and the limits. {@code OpenApiIT} checks it against a running
 * server; the one answer it cannot produce, the stats stream's 503 before the live stats are read, is checked here on
 * a server over live stats that were never read.
 */
class OpenApiDocumentTest {
    private static final String STREAM = "/v1/clusters/stats/stream";
    /** Fields that {@code cluster.created} always sets, although they have no default. */
    private static final Set<String> SET_AT_CREATION = Set.of("cluster_id", "namespace_id", "organization_id",
            "cluster_name", "cluster_type", "input_collections", "status", "created_at", "updated_at");

    private final OpenApiContract contract = OpenApiContract.load();
    private final JsonNode document = contract.document();

    @Test
    void theDocumentIsOpenApi31AndEveryReferenceInItResolves() {
        List<String> references = new ArrayList<>();
        walk(document, "", (node, pointer) -> {
            if (node.has("$ref")) {
                references.add(node.get("$ref").textValue());
                contract.resolve(pointer);
            }
        });

        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(references).hasSizeGreaterThan(50);
        contract.resolve(OpenApiContract.METHOD_NOT_ALLOWED);
    }

    @Test
    void everyExampleInTheDocumentMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        walk(document, "", (node, pointer) -> {
            boolean hasSchema = node.has("schema");
            if (hasSchema && node.has("example")) {
                checked[0]++;
                check(problems, pointer + "/schema", node.get("example"), pointer + "/example");
            }
            JsonNode examples = node.path("examples");
            if (hasSchema && examples.isObject()) {
                examples.properties().forEach(e -> {
                    checked[0]++;
                    JsonNode value = contract.resolve(pointer + "/examples/" + OpenApiContract.escape(e.getKey())).node()
                            .path("value");
                    check(problems, pointer + "/schema", value, pointer + "/examples/" + e.getKey());
                    if (pointer.endsWith("/content/" + OpenApiContract.escape(OpenApiContract.EVENT_STREAM))) {
                        contract.eventStreamProblems(pointer, value.asText()).forEach(problem -> problems.add(pointer
                                + "/examples/" + e.getKey() + ": " + problem));
                    }
                });
            }
            if (!hasSchema && examples.isArray() && isSchema(pointer)) {
                for (int i = 0; i < examples.size(); i++) {
                    checked[0]++;
                    check(problems, pointer, examples.get(i), pointer + "/examples/" + i);
                }
            }
        });

        assertThat(problems).isEmpty();
        assertThat(checked[0]).as("examples checked").isGreaterThanOrEqualTo(20);
    }

    @Test
    void clusterMetadataHasEveryFieldOfTheViewInOrderNullableExactlyWhereTheFoldMayLeaveItUnset() {
        JsonNode metadata = schema("ClusterMetadata");
        List<String> fields = Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList();

        assertThat(names(metadata.path("properties"))).containsExactlyElementsOf(fields);
        assertThat(texts(metadata.path("required"))).containsExactlyElementsOf(fields);
        assertThat(metadata.path("additionalProperties").asBoolean(true)).isFalse();
        for (ClusterField field : ClusterField.values()) {
            JsonNode property = metadata.path("properties").path(field.wireName());
            Set<String> types = Set.copyOf(property.has("type") ? property.get("type").isArray()
                    ? texts(property.get("type")) : List.of(property.get("type").textValue()) : List.of());
            JsonNode unset = field.defaultValue();
            if (unset.isNull()) {
                assertThat(types.contains("null")).as("%s may be null", field.wireName())
                        .isEqualTo(!SET_AT_CREATION.contains(field.wireName()));
            } else {
                assertThat(types).as("%s, never null, defaults to %s", field.wireName(), unset)
                        .containsExactly(unset.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            assertThat(property.path("format").asText()).as(field.wireName())
                    .isEqualTo(field.isTimestamp() ? "date-time" : "");
        }
    }

    @Test
    void theEnumerationsAreThoseOfTheCode() throws IllegalAccessException {
        List<String> errorTypes = new ArrayList<>();
        for (Field constant : ErrorTypes.class.getFields()) {
            if (Modifier.isStatic(constant.getModifiers()) && constant.getType() == String.class) {
                errorTypes.add((String) constant.get(null));
            }
        }
        String pattern = schema("FieldPath").path("pattern").textValue();

        assertThat(texts(schema("ClusterStatus").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(ClusterStatus.values()).map(Enum::name).toList());
        assertThat(texts(schema("FilterOperator").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(Operator.values()).map(Operator::wireName).toList());
        assertThat(texts(schema("ValidationErrorItem").path("properties").path("type").path("enum")))
                .containsExactlyInAnyOrderElementsOf(errorTypes);
        assertThat(texts(schema("Readiness").path("properties").path("streams_state").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(KafkaStreams.State.values()).map(Enum::name).toList());
        assertThat(pattern.substring(2, pattern.indexOf(')')).split("\\|")).containsExactlyElementsOf(
                Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList());
        assertThat(texts(schema("ErrorDetail").path("properties").path("type").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(ErrorType.values()).map(ErrorType::wire).toList());
    }

    @Test
    void everyErrorResponseNamesAnErrorTypeOfItsOwnStatus() {
        Map<String, Integer> statusOf = new TreeMap<>();
        for (ErrorType type : ErrorType.values()) {
            statusOf.put(type.wire(), type.status());
        }
        List<String> checked = new ArrayList<>();
        walk(document, "", (node, pointer) -> {
            JsonNode type = node.at("/properties/error/properties/type/const");
            if (type.isTextual()) {
                checked.add(type.textValue());
                assertThat(node.at("/properties/status/const").asInt()).as(pointer)
                        .isEqualTo(statusOf.get(type.textValue()));
            }
        });

        assertThat(checked).contains(ErrorType.TOO_MANY_REQUESTS.wire(), ErrorType.SERVICE_UNAVAILABLE.wire());
    }

    @Test
    void everyPublicRouteIsADocumentedOperationAndEveryOperationARoute() {
        SortedSet<String> routes;
        try (HttpServer server = HttpServer.create(Unused.services("sk_unused"))) {
            routes = server.routes();
        }
        SortedSet<String> operations = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(
                method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        SortedSet<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(operations);
        undocumented.removeIf(route -> route.substring(route.indexOf(' ') + 1).startsWith(InternalApi.PREFIX + "/")
                || route.substring(route.indexOf(' ') + 1).startsWith(InternalApi.PREFIX_V2 + "/"));

        assertThat(routes).containsAll(operations);
        assertThat(undocumented).as("routes outside the public JSON API: the 405-only GET of the list, the metrics"
                + " and the dashboard").containsExactlyInAnyOrder("GET " + ApiClient.LIST, "GET " + MetricsExposition.PATH,
                "GET /", "GET /dashboard/{file}");
    }

    @Test
    void theStatsStreamRefusedBeforeLiveStatsAreReadKeepsTheDocument() {
        Map<String, String> caller = ApiClient.caller("sk_unused", "default");
        Response refused;
        try (HttpServer server = HttpServer.create(Unused.services("sk_unused"), RequestObserver.NONE,
                MetricsExposition.NONE, new LiveStats(), StatsStreamSettings.DEFAULTS).start(0)) {
            refused = new ApiClient(server.port()).get(STREAM, caller);
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(contract.check(new Exchange("GET", STREAM, STREAM, caller, null, true, refused))).isEmpty();
    }

    @Test
    void aListRefusedForLoadAndHeadersOverTheLimitKeepTheDocument() {
        NamespaceReads busy = new NamespaceReads() {
            @Override
            public int eventPartitions() {
                return 3;
            }

            @Override
            public CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency) {
                return CompletableFuture.completedFuture(Answer.notServed(FailureReason.BUSY,
                        "too many list queries at once: 1 running and 64 waiting; retry in a moment"));
            }

            @Override
            public CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency) {
                return CompletableFuture.completedFuture(Answer.notServed(FailureReason.BUSY, "busy"));
            }

            @Override
            public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
                return CompletableFuture.completedFuture(Answer.notServed(FailureReason.BUSY, "busy"));
            }
        };
        HttpServer.Services unused = Unused.services("sk_unused");
        HttpServer.Services services = new HttpServer.Services(busy, unused.shard(), unused.credential(),
                unused.authenticator(), unused.positions(), unused.readiness());
        Map<String, String> caller = ApiClient.caller("sk_unused", "default");
        Map<String, String> padded = new TreeMap<>(caller);
        padded.put("X-Padding", "p".repeat(9 * 1024));
        List<Exchange> exchanges = new ArrayList<>();
        try (HttpServer server = HttpServer.create(services).start(0)) {
            ApiClient client = new ApiClient(server.port());
            exchanges.add(new Exchange("POST", ApiClient.LIST, ApiClient.LIST, caller, "{}", true,
                    client.post(ApiClient.LIST, caller, "{}")));
            exchanges.add(new Exchange("GET", "/v1/clusters/{cluster_identifier}", "/v1/clusters/c1", caller, null,
                    true, client.get("/v1/clusters/c1", caller)));
            exchanges.add(new Exchange("GET", "/v1/clusters/stats", "/v1/clusters/stats", caller, null, true,
                    client.get("/v1/clusters/stats", caller)));
            exchanges.add(new Exchange("POST", ApiClient.LIST, ApiClient.LIST, padded, "{}", true,
                    client.post(ApiClient.LIST, padded, "{}")));
        }

        assertThat(exchanges).extracting(exchange -> exchange.response().status()).containsExactly(429, 429, 429, 431);
        assertThat(exchanges.get(0).response().headers().firstValue("Retry-After")).hasValue("1");
        for (Exchange exchange : exchanges) {
            assertThat(contract.check(exchange)).as(exchange.toString()).isEmpty();
        }
    }

    @Test
    void theStatsStreamDescribesTheLimitsItHasByDefault() {
        StatsStreamSettings defaults = StatsStreamSettings.DEFAULTS;
        String operation = document.at("/paths/" + OpenApiContract.escape(STREAM) + "/get/description").asText();

        assertThat(operation).contains("at most " + defaults.maxEventsPerSecond()
                        + " a second (`STATS_STREAM_MAX_EVENTS_PER_SECOND`)",
                "every " + defaults.heartbeat().toSeconds() + " s of silence (`STATS_STREAM_HEARTBEAT_MS`)",
                "At most " + defaults.maxOpenStreams() + " streams are open per instance (`STATS_STREAM_MAX_OPEN`",
                "within " + defaults.writeTimeout().toSeconds() + " s (`STATS_STREAM_WRITE_TIMEOUT_MS`");
        assertThat(document.at("/components/responses/TooManyRequests/description").asText())
                .contains("(`STATS_STREAM_MAX_OPEN`, " + defaults.maxOpenStreams() + " by default)");
        assertThat(contract.resolve("/paths/" + OpenApiContract.escape(STREAM) + "/get/responses/200/content/"
                + OpenApiContract.escape(OpenApiContract.EVENT_STREAM) + "/" + OpenApiContract.ITEM_SCHEMA).pointer())
                .isEqualTo("/components/schemas/StatsEvent");
    }

    @Test
    void theDocumentedLimitsAreTheOnesTheRequestParserEnforces() {
        JsonNode limit = parameter("Limit");
        JsonNode offset = parameter("Offset");
        assertBounds(limit, value -> ListRequestParser.parse(null, value, null));
        assertBounds(offset, value -> ListRequestParser.parse(null, null, value));

        JsonNode rules = schema("FilterCondition").path("allOf");
        int inValues = ruleFor(rules, "in").path("maxItems").asInt();
        int regexLength = ruleFor(rules, "regex").path("maxLength").asInt();
        assertThat(valid(condition("in", IntStream.range(0, inValues).boxed().toList()))).isTrue();
        assertThat(valid(condition("in", IntStream.range(0, inValues + 1).boxed().toList()))).isFalse();
        assertThat(valid(condition("regex", "a".repeat(regexLength)))).isTrue();
        assertThat(valid(condition("regex", "a".repeat(regexLength + 1)))).isFalse();
    }

    @Test
    void everyV1OperationNeedsTheKeyAndTheNamespaceAndDocumentsTheErrorsEveryV1RequestCanMeet() {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String pointer = "/paths/" + OpenApiContract.escape(path.getKey()) + "/" + operation.getKey();
            JsonNode op = operation.getValue();
            List<String> parameters = new ArrayList<>();
            for (int i = 0; i < op.path("parameters").size(); i++) {
                parameters.add(contract.resolve(pointer + "/parameters/" + i).node().path("name").textValue());
            }
            if (path.getKey().startsWith("/v1/")) {
                assertThat(op.has("security")).as("%s uses the document's API key", pointer).isFalse();
                assertThat(parameters).as(pointer).contains("X-Namespace", "X-Min-Offsets", "X-Wait-Ms");
                assertThat(names(op.path("responses"))).as(pointer).contains("200", "400", "401", "404", "500", "503");
            } else {
                assertThat(op.path("security").isArray() && op.path("security").isEmpty()).as(pointer).isTrue();
            }
        }));
        assertThat(document.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
    }

    private void assertBounds(JsonNode parameter, Function<String, ParsedRequest> parse) {
        long min = parameter.at("/schema/minimum").asLong();
        long max = parameter.at("/schema/maximum").asLong();
        assertThat(parse.apply(Long.toString(min))).as("%s = minimum", parameter.path("name"))
                .isInstanceOf(ParsedRequest.Valid.class);
        assertThat(parse.apply(Long.toString(max))).isInstanceOf(ParsedRequest.Valid.class);
        assertThat(parse.apply(Long.toString(min - 1))).isInstanceOf(ParsedRequest.Invalid.class);
        assertThat(parse.apply(Long.toString(max + 1))).isInstanceOf(ParsedRequest.Invalid.class);
    }

    private static JsonNode ruleFor(JsonNode rules, String operator) {
        for (JsonNode rule : rules) {
            if (texts(rule.at("/if/properties/operator/enum")).contains(operator)) {
                return rule.at("/then/properties/value");
            }
        }
        throw new AssertionError("no value rule for " + operator);
    }

    private static boolean valid(JsonNode body) {
        return ListRequestParser.parse(body, null, null) instanceof ParsedRequest.Valid;
    }

    private static JsonNode condition(String operator, Object value) {
        return Json.MAPPER.valueToTree(Map.of("filters", Map.of("field", "cluster_name", "operator", operator,
                "value", value)));
    }

    private void check(List<String> problems, String schemaPointer, JsonNode example, String where) {
        contract.validate(schemaPointer, example.toString()).forEach(problem -> problems.add(where + ": " + problem));
    }

    /** Under {@code components/schemas}, or below a {@code schema} keyword. */
    private static boolean isSchema(String pointer) {
        return pointer.startsWith("/components/schemas/") || pointer.contains("/schema/") || pointer.endsWith("/schema");
    }

    private JsonNode schema(String name) {
        return document.path("components").path("schemas").path(name);
    }

    private JsonNode parameter(String name) {
        return document.path("components").path("parameters").path(name);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private interface Visitor {
        void visit(JsonNode node, String pointer);
    }

    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, pointer);
            node.properties().forEach(e -> walk(e.getValue(), pointer + "/" + OpenApiContract.escape(e.getKey()),
                    visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }
}
