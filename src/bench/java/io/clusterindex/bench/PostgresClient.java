package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Pagination;
import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Answers the benchmark's requests from PostgreSQL instead of the HTTP API, so that {@link ClosedLoop} and
 * {@link ProbeCheck} run unchanged: each request is translated ({@link ListSql}) into one statement, run on a
 * connection taken from a pool of as many as threads send at once (so each thread has one to itself; each keeps its
 * prepared statements), and its rows are written as the body the indexer would send: a list's {@code results} (the
 * stored view documents, aggregated by PostgreSQL), {@code pagination}, {@code total_count} and {@code stats}; a
 * cluster's document; the namespace's stats. The measured time is the request's translation, the statement's round
 * trip and the body's writing.
 */
final class PostgresClient extends QueryClient {
    private static final int CACHED_STATEMENTS = 64;
    private static final byte[] NOT_FOUND = "{\"success\":false,\"status\":404,\"error\":{\"type\":\"NotFoundError\"}}"
            .getBytes(StandardCharsets.UTF_8);

    /** A request as a statement, and what kind of answer its rows make. */
    record Route(QueryMix.Kind kind, ListSql.Statement statement, int limit, int offset) {
    }

    private final String namespace;
    private final ListSql.Shape shape;
    private final BlockingQueue<Worker> idle;
    private final List<Worker> workers = new ArrayList<>();

    private PostgresClient(PostgresServer server, String namespace, ListSql.Shape shape, int connections,
                           Duration timeout) {
        super(server.jdbcUrl(), timeout);
        this.namespace = namespace;
        this.shape = shape;
        this.idle = new ArrayBlockingQueue<>(connections);
    }

    /**
     * A client of {@code namespace} with {@code connections} connections (the most threads that send at once),
     * translating list requests into statements of {@code shape}.
     */
    static PostgresClient open(PostgresServer server, String namespace, ListSql.Shape shape, int connections,
                               Duration timeout) throws SQLException {
        PostgresClient client = new PostgresClient(server, namespace, shape, connections, timeout);
        try {
            for (int i = 0; i < connections; i++) {
                Worker worker = new Worker(server.connect());
                client.workers.add(worker);
                client.idle.add(worker);
                try (Statement statement = worker.connection.createStatement()) {
                    statement.execute("SET statement_timeout = '" + timeout.toMillis() + "ms'");
                }
            }
        } catch (SQLException e) {
            client.close();
            throw e;
        }
        return client;
    }

    @Override
    Response send(Request request) throws IOException, InterruptedException {
        Route route = route(request);
        Worker worker = idle.take();
        try {
            return worker.answer(route);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        } finally {
            idle.put(worker);
        }
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)} of {@code request}'s statement, line by line. */
    List<String> explain(Request request) throws SQLException, InterruptedException {
        ListSql.Statement statement = route(request).statement();
        Worker worker = idle.take();
        try (PreparedStatement explain = worker.connection.prepareStatement(
                "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement.sql())) {
            bind(worker.connection, explain, statement.parameters());
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return lines;
        } finally {
            idle.put(worker);
        }
    }

    /** The statement that answers {@code request}, with the kind of its answer. */
    Route route(Request request) {
        String path = request.path();
        int query = path.indexOf('?');
        String route = query < 0 ? path : path.substring(0, query);
        if (request.method().equals("POST") && route.equals("/v1/clusters/list")) {
            Map<String, String> parameters = queryParameters(query < 0 ? "" : path.substring(query + 1));
            int limit = Integer.parseInt(parameters.getOrDefault("limit", "10"));
            int offset = Integer.parseInt(parameters.getOrDefault("offset", "0"));
            JsonNode body;
            try {
                body = request.body() == null || request.body().length == 0 ? null
                        : Json.MAPPER.readTree(request.body());
            } catch (IOException e) {
                throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
            }
            return new Route(QueryMix.Kind.LIST, ListSql.translate(namespace, limit, offset, body, shape), limit,
                    offset);
        }
        if (request.method().equals("GET") && route.equals("/v1/clusters/stats")) {
            return new Route(QueryMix.Kind.STATS, ListSql.stats(namespace), 0, 0);
        }
        if (request.method().equals("GET") && route.startsWith("/v1/clusters/")) {
            String id = URLDecoder.decode(route.substring("/v1/clusters/".length()), StandardCharsets.UTF_8);
            return new Route(QueryMix.Kind.GET, ListSql.get(namespace, id), 0, 0);
        }
        throw new IllegalArgumentException("not translated: " + request.method() + " " + path);
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(pair.substring(0, eq),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    String describe() {
        return "JDBC " + base + " (PostgreSQL JDBC driver), " + workers.size() + " connection(s), prepared"
                + " statements, statement_timeout " + timeout.toSeconds() + " s, list statements of shape " + shape;
    }

    @Override
    public void close() {
        for (Worker worker : workers) {
            try {
                worker.connection.close();
            } catch (SQLException e) {
                // the server is going away anyway
            }
        }
    }

    static void bind(Connection connection, PreparedStatement statement, List<Object> parameters)
            throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            int index = i + 1;
            if (value instanceof String text) {
                statement.setString(index, text);
            } else if (value instanceof Long number) {
                statement.setLong(index, number);
            } else if (value instanceof BigDecimal number) {
                statement.setBigDecimal(index, number);
            } else if (value instanceof OffsetDateTime at) {
                statement.setObject(index, at);
            } else if (value instanceof ListSql.TextArray texts) {
                statement.setArray(index, connection.createArrayOf("text", texts.values().toArray()));
            } else if (value instanceof ListSql.NumberArray numbers) {
                statement.setArray(index, connection.createArrayOf("numeric", numbers.values().toArray()));
            } else {
                throw new IllegalArgumentException("no binding for " + value);
            }
        }
    }

    /** One connection and its prepared statements (the most recently used {@value #CACHED_STATEMENTS}). */
    private static final class Worker {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= CACHED_STATEMENTS) {
                    return false;
                }
                try {
                    eldest.getValue().close();
                } catch (SQLException e) {
                    // dropped anyway
                }
                return true;
            }
        };

        Worker(Connection connection) {
            this.connection = connection;
        }

        Response answer(Route route) throws SQLException {
            PreparedStatement statement = prepared.get(route.statement().sql());
            if (statement == null) {
                statement = connection.prepareStatement(route.statement().sql());
                prepared.put(route.statement().sql(), statement);
            }
            bind(connection, statement, route.statement().parameters());
            try (ResultSet rows = statement.executeQuery()) {
                return switch (route.kind()) {
                    case LIST -> list(rows, route);
                    case GET -> rows.next() ? new Response(200, rows.getString(1).getBytes(StandardCharsets.UTF_8))
                            : new Response(404, NOT_FOUND);
                    case STATS -> stats(rows);
                };
            }
        }

        private static Response list(ResultSet rows, Route route) throws SQLException {
            rows.next();
            String results = rows.getString(1);
            long total = rows.getLong(2);
            long documents = rows.getLong(3);
            Map<String, Long> byStatus = new TreeMap<>();
            try {
                Json.MAPPER.readTree(rows.getString(4)).properties()
                        .forEach(e -> byStatus.put(e.getKey(), e.getValue().longValue()));
            } catch (IOException e) {
                throw new SQLException("clusters_by_status is not JSON: " + e.getMessage(), e);
            }
            Pagination pagination = Pagination.of(total, route.limit(), route.offset());
            ObjectNode paging = Json.NODES.objectNode();
            paging.put("total", pagination.total());
            paging.put("page", pagination.page());
            paging.put("page_size", pagination.pageSize());
            paging.put("total_pages", pagination.totalPages());
            paging.put("next_page", pagination.nextPage());
            paging.put("previous_page", pagination.previousPage());
            StringBuilder body = new StringBuilder(results.length() + 512);
            body.append("{\"results\":").append(results).append(",\"pagination\":").append(paging)
                    .append(",\"total_count\":").append(total).append(",\"stats\":")
                    .append(json(new StatsJson(null, total, documents, total == 0 ? 0.0 : (double) documents / total,
                            byStatus))).append('}');
            return new Response(200, body.toString().getBytes(StandardCharsets.UTF_8));
        }

        private static Response stats(ResultSet rows) throws SQLException {
            long total = 0;
            long documents = 0;
            Map<String, Long> byStatus = new TreeMap<>();
            while (rows.next()) {
                long clusters = rows.getLong(2);
                total += clusters;
                documents += rows.getLong(3);
                if (rows.getString(1) != null) {
                    byStatus.put(rows.getString(1), clusters);
                }
            }
            return new Response(200, json(new StatsJson(null, total, documents,
                    total == 0 ? 0.0 : (double) documents / total, byStatus)).getBytes(StandardCharsets.UTF_8));
        }

        private static String json(Object value) throws SQLException {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (IOException e) {
                throw new SQLException("cannot write " + value + ": " + e.getMessage(), e);
            }
        }
    }
}
