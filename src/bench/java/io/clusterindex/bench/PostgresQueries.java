package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.BenchSupport.writeResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.bench.BenchSupport.Resources;
import io.clusterindex.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The query mix of {@link QueryBenchmark} answered by a tuned PostgreSQL 15 on the same machine and data, for issue
 * 14's comparison ("against PostgreSQL with trigram indexes on the same machine and data, at least 5x faster at p50
 * on every varied query, regex included").
 *
 * <p>Starts a private server ({@link PostgresServer}: initdb as the {@code postgres} user in the run directory, a
 * free port on 127.0.0.1, settings for an in-memory read benchmark), loads {@link QueryDataset}'s clusters with the
 * same {@code --clusters} and {@code --seed} (folded into their view documents by the service's own fold) with
 * {@code COPY}, builds every index a DBA would add ({@link PostgresSchema#INDEXES}: a btree per sort key and
 * direction, btrees on the filtered columns and {@code metadata} keys, {@code pg_trgm} GIN indexes for search and
 * regex), then {@code VACUUM (ANALYZE)}. Every list query's probe draws (those {@link DatasetFill} checks the
 * indexer with) must then give the expected total, page ids and stats; a difference stops the run with the SQL and
 * both answers. One draw of each query is shown with its SQL and {@code EXPLAIN (ANALYZE, BUFFERS)}. Then each query
 * runs in closed loops ({@link ClosedLoop}, the same draws as {@code bench/queries.sh}: same seed, same thread labels)
 * at each concurrency level, one connection per thread ({@link PostgresClient}), and the table has the columns of
 * {@code bench/queries.sh}'s, its CPU the server's and this JVM's (the client's) per request.
 *
 * <p>What PostgreSQL answers differs from the API in ways the dataset does not reach (and the checks would show):
 * {@code lower()} and {@code ~*} fold case with the C.UTF-8 locale, the engine with {@code toLowerCase(Locale.ROOT)}
 * (they differ on a few characters such as U+0130); {@code regex} runs PostgreSQL's ARE dialect, not RE2 (the same on
 * the benchmark's patterns: classes, alternation, anchors, {@code {n}}, escaped punctuation; ARE's {@code .} also
 * matches a newline); timestamps are stored to the microsecond (a condition value with nanoseconds is rounded); a
 * {@code metadata} path that crosses an array does not match by element, and {@code eq null}, booleans and the
 * operators the mix does not use are refused, not translated ({@link ListSql}); {@code GET} finds a cluster by id
 * only, not by name; the answer has no {@code next_cursor}; the API's bounds on {@code limit} and {@code offset} are
 * not checked. The namespace stats ({@code q7}) are aggregated over the rows on each request, as a plain schema
 * without a maintained stats table does (an index-only scan of {@code (namespace_id, status) INCLUDE
 * (num_documents_clustered)}), where the indexer reads stored running stats. What is timed differs too: the indexer's
 * latency includes HTTP, the API key's hash and the namespace's lookup; PostgreSQL's a JDBC round trip, the namespace
 * id given (in PostgreSQL's favour).
 */
public final class PostgresQueries {
    static final List<String> DEFAULT_QUERIES = List.of("q1v", "q2v", "q3v", "q4v", "q5v", "q8", "q9", "q6", "q7");
    private static final Pattern INDEX_USE = Pattern.compile("(?:Index Scan|Index Only Scan|Bitmap Index Scan)"
            + "(?: Backward)? (?:using|on) (\\w+)");

    private final Options options;
    private final Warnings warnings = new Warnings();

    private PostgresQueries(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new PostgresQueries(options).run());
    }

    /** One query at one concurrency: the closed loop, and the CPU the server and this JVM used meanwhile. */
    private record Phase(String query, int concurrency, ClosedLoop.Result loop, double cpuSeconds) {
    }

    /** The loaded and indexed table: the expectations, load and index figures, sizes. */
    private record Setup(PostgresSchema.Loaded loaded, List<PostgresSchema.IndexBuild> indexes, double analyzeSeconds,
                         PostgresSchema.Sizes sizes, String version) {
    }

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index query mix on PostgreSQL (side by side with bench/queries.sh)");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters in one namespace; queries %s; concurrency %s; %s s per query"
                        + " and level (warm-up %s s); statement timeout %d s; seed %d%n", options.clusters,
                options.queries, options.concurrency, fmt(options.durationSeconds, 1), fmt(options.warmupSeconds, 1),
                options.timeoutSeconds, options.seed);
        if (machine.loadAverage() > 0.5 * machine.processors()) {
            warnings.add("load average %.2f on %d cores: the machine is busy, latencies will be high and noisy",
                    machine.loadAverage(), machine.processors());
        }
        QueryDataset dataset = new QueryDataset(options.clusters, options.seed);
        List<QueryMix.Query> mix = QueryBenchmark.named(QueryMix.withVaried(dataset), options.queries);
        int connections = options.concurrency.stream().max(Integer::compare).orElse(1);

        Files.createDirectories(options.workDir);
        Path runDir = options.workDir.resolve("postgres-run-" + started).toAbsolutePath().normalize();
        Path file = options.workDir.resolve("postgres-queries-" + started + ".json").toAbsolutePath().normalize();
        try (PostgresServer server = PostgresServer.start(options.pgBin, runDir, (int) options.port, connections + 8,
                options.pgSettings, options.keep)) {
            System.out.println(server.describe());
            Setup setup = setUp(server, dataset, mix);
            try (PostgresClient client = PostgresClient.open(server, QueryDataset.NAMESPACE, options.shape, connections,
                    Duration.ofSeconds(options.timeoutSeconds))) {
                System.out.println("client: " + client.describe());
                DatasetFill.Published published = setup.loaded().published();
                Map<String, ObjectNode> probes = verify(client, mix, published);
                Map<String, ObjectNode> plans = explain(client, mix, published);

                header("measuring");
                List<Phase> phases = new ArrayList<>();
                for (int concurrency : options.concurrency) {
                    for (QueryMix.Query query : mix) {
                        settle(server);
                        phases.add(measure(client, server, query, concurrency, published));
                        writeResult(file, resultJson(machine, server, setup, probes, plans, phases));
                    }
                }
                header("results");
                printTable(machine, setup, phases);
                writeResult(file, resultJson(machine, server, setup, probes, plans, phases));
            }
        } catch (Exception | Error e) {
            System.err.println("benchmark failed: " + e + "; the server is stopped (stack trace below)");
            throw e;
        }
        System.out.println("result written to " + file);
    }

    // ---------------------------------------------------------------- load and indexes

    private Setup setUp(PostgresServer server, QueryDataset dataset, List<QueryMix.Query> mix) throws SQLException {
        try (Connection connection = server.connect()) {
            String version = PostgresSchema.stringValue(connection, "SELECT version()");
            System.out.println(version);
            System.out.println("settings: " + server.settings());
            header("load");
            PostgresSchema.Loaded loaded = PostgresSchema.load(connection, dataset, mix, options.seed);
            System.out.printf(Locale.ROOT, "loaded %,d clusters in %.1f s (%,.0f rows/s: generate the events, fold them"
                            + " into view documents, COPY %s in one transaction)%n", loaded.rows(), loaded.seconds(),
                    loaded.rows() / loaded.seconds(), mib(loaded.copyBytes()));
            System.out.printf(Locale.ROOT, "expected stats: %,d clusters, %,d documents, %s%n", dataset.clusters(),
                    loaded.published().report().totalDocuments(), loaded.published().report().clustersByStatus());
            header("indexes");
            long t = System.nanoTime();
            List<PostgresSchema.IndexBuild> indexes = PostgresSchema.createIndexes(connection,
                    build -> System.out.printf(Locale.ROOT, "  %-38s %7.1f s %12s%n", build.name(), build.seconds(),
                            mib(build.bytes())));
            System.out.printf(Locale.ROOT, "%d indexes built in %.1f s%n", indexes.size(),
                    seconds(System.nanoTime() - t));
            double analyze = PostgresSchema.vacuumAnalyze(connection);
            PostgresSchema.Sizes sizes = PostgresSchema.sizes(connection);
            System.out.printf(Locale.ROOT, "VACUUM (ANALYZE) in %.1f s; table %s (heap, TOAST and maps), indexes %s,"
                    + " total %s (pg_total_relation_size)%n", analyze, mib(sizes.tableBytes()), mib(sizes.indexBytes()),
                    mib(sizes.totalBytes()));
            long t2 = System.nanoTime();
            long blocks = PostgresSchema.prewarm(connection);
            System.out.printf(Locale.ROOT, "pg_prewarm: %,d blocks (%s) of the table, its TOAST table and their indexes"
                    + " read into shared buffers (shared_buffers %s) in %.1f s%n", blocks, mib(blocks * 8192),
                    server.settings().get("shared_buffers"), seconds(System.nanoTime() - t2));
            return new Setup(loaded, indexes, analyze, sizes, version);
        }
    }

    // ---------------------------------------------------------------- correctness

    /**
     * Checks every query before measuring: {@link ProbeCheck} (totals, page ids, filter and order of every result; a
     * get's id, the namespace stats), and for each list draw the {@code stats} too. A difference prints the draw's
     * SQL, parameters and both answers, and stops the run.
     */
    private Map<String, ObjectNode> verify(PostgresClient client, List<QueryMix.Query> mix,
                                           DatasetFill.Published published) throws Exception {
        header("correctness (each query's probe draws against the dataset's final states)");
        Map<String, ObjectNode> probes = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (QueryMix.Query query : mix) {
            ProbeCheck.Probe probe = ProbeCheck.probe(client, query, new SplittableRandom(options.seed), published,
                    message -> warnings.add("%s", message));
            List<String> problems = new ArrayList<>(probe.problems());
            List<Expectation> expected = published.expectations().getOrDefault(query.name(), List.of());
            for (int i = 0; i < expected.size(); i++) {
                List<String> stats = checkStats(client, expected.get(i));
                if (!stats.isEmpty()) {
                    problems.add("draw " + (i + 1) + ": " + String.join("; ", stats));
                }
            }
            probes.put(query.name(), probe.json());
            System.out.printf(Locale.ROOT, "  %-3s %8.1f ms  %-34s %s%n", query.name(), probe.ms(), probe.summary(),
                    problems.isEmpty() ? "ok (totals, page ids, stats)" : "MISMATCH");
            if (!problems.isEmpty()) {
                failed.add(query.name());
                problems.forEach(problem -> System.out.println("    " + problem));
                if (expected.isEmpty()) {
                    describe(client, query.draws().apply(new SplittableRandom(options.seed)).request(), null);
                }
                for (Expectation expectation : expected) {
                    describe(client, expectation.draw().request(), expectation);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("PostgreSQL answers " + failed + " differently from the dataset's final"
                    + " states (SQL and both answers above): the comparison would not be of the same queries");
        }
        return probes;
    }

    /** The answer's {@code stats} against the expected documents and statuses of the matches. */
    private static List<String> checkStats(PostgresClient client, Expectation expected) throws Exception {
        JsonNode stats = Json.MAPPER.readTree(client.send(expected.draw().request()).body()).path("stats");
        List<String> problems = new ArrayList<>();
        if (stats.path("total_clusters").asLong(-1) != expected.total()) {
            problems.add("stats.total_clusters " + stats.path("total_clusters") + ", expected " + expected.total());
        }
        if (stats.path("total_documents").asLong(-1) != expected.documents()) {
            problems.add("stats.total_documents " + stats.path("total_documents") + ", expected "
                    + expected.documents());
        }
        if (!DatasetFill.byStatus(stats).equals(expected.byStatus())) {
            problems.add("stats.clusters_by_status " + stats.path("clusters_by_status") + ", expected "
                    + expected.byStatus());
        }
        return problems;
    }

    /** Prints a request's body, SQL and parameters, the expected answer (null: unknown) and PostgreSQL's. */
    private static void describe(PostgresClient client, QueryClient.Request request, Expectation expected)
            throws Exception {
        PostgresClient.Route route = client.route(request);
        System.out.println("    request: " + request.method() + " " + request.path() + (request.body() == null ? ""
                : " " + new String(request.body(), StandardCharsets.UTF_8)));
        System.out.println("    SQL:\n      " + route.statement().sql().replace("\n", "\n      "));
        System.out.println("    parameters: " + route.statement().parameters());
        if (expected != null) {
            System.out.println("    expected: total " + expected.total() + ", documents " + expected.documents()
                    + ", by status " + expected.byStatus() + ", page " + expected.pageIds());
        }
        JsonNode body = Json.MAPPER.readTree(client.send(request).body());
        List<String> ids = new ArrayList<>();
        body.path("results").forEach(result -> ids.add(result.path("cluster_id").asText()));
        System.out.println("    PostgreSQL: " + (body.has("results") ? "total " + body.path("total_count")
                + ", stats " + body.path("stats") + ", page " + ids : BenchSupport.abbreviate(
                        body.toString().getBytes(StandardCharsets.UTF_8))));
    }

    // ---------------------------------------------------------------- plans

    /** One draw of each query (a list query's first probe draw) with its SQL and EXPLAIN (ANALYZE, BUFFERS). */
    private Map<String, ObjectNode> explain(PostgresClient client, List<QueryMix.Query> mix,
                                            DatasetFill.Published published) throws Exception {
        header("plans (one draw of each query: SQL, parameters, EXPLAIN (ANALYZE, BUFFERS, COSTS OFF))");
        Map<String, ObjectNode> plans = new LinkedHashMap<>();
        for (QueryMix.Query query : mix) {
            List<Expectation> expected = published.expectations().get(query.name());
            QueryClient.Request request = expected != null ? expected.get(0).draw().request()
                    : query.draws().apply(new SplittableRandom(options.seed)).request();
            ListSql.Statement statement = client.route(request).statement();
            List<String> plan = client.explain(request);
            TreeSet<String> indexes = new TreeSet<>();
            for (String line : plan) {
                Matcher use = INDEX_USE.matcher(line);
                while (use.find()) {
                    indexes.add(use.group(1));
                }
            }
            String body = request.body() == null ? "" : " " + new String(request.body(), StandardCharsets.UTF_8);
            System.out.println();
            System.out.println(query.name() + ": " + request.method() + " " + request.path() + body);
            System.out.println("  " + statement.sql().replace("\n", "\n  "));
            System.out.println("  parameters: " + statement.parameters());
            plan.forEach(line -> System.out.println("    " + line));
            System.out.println("  indexes used: " + (indexes.isEmpty() ? "none" : String.join(", ", indexes)));
            ObjectNode json = Json.NODES.objectNode();
            json.put("request", request.method() + " " + request.path() + body);
            json.put("sql", statement.sql());
            json.put("parameters", statement.parameters().toString());
            json.set("plan", Json.MAPPER.valueToTree(plan));
            json.set("indexes_used", Json.MAPPER.valueToTree(indexes));
            plans.put(query.name(), json);
        }
        return plans;
    }

    // ---------------------------------------------------------------- closed loops

    private Phase measure(PostgresClient client, PostgresServer server, QueryMix.Query query, int concurrency,
                          DatasetFill.Published published) throws InterruptedException {
        String label = query.name() + " c=" + concurrency;
        var valid = QueryBenchmark.validator(query, published.expectations().get(query.name()));
        ClosedLoop.run(List.of(client), query, concurrency, options.warmupSeconds, 0, valid, options.seed,
                label + " warm-up", () -> { });
        long cpu = cpuNanos(server);
        ClosedLoop.Result loop = ClosedLoop.run(List.of(client), query, concurrency, options.durationSeconds, 0, valid,
                options.seed, label, () -> { });
        double cpuSeconds = seconds(cpuNanos(server) - cpu);
        System.out.println(loop.line(label) + String.format(Locale.ROOT, "  CPU %s ms/request",
                loop.requests() == 0 ? "-" : fmt(cpuSeconds * 1000 / loop.requests(), 2)));
        loop.problems(label).forEach(problem -> warnings.add("%s", problem));
        return new Phase(query.name(), concurrency, loop, cpuSeconds);
    }

    /** The server's CPU time and this JVM's (the client's), or -1 when the server's is unknown. */
    private static long cpuNanos(PostgresServer server) {
        long serverNanos = server.cpuNanos();
        return serverNanos < 0 ? -1 : serverNanos + Resources.now().cpuNanos();
    }

    /** Waits until the server and this JVM are nearly idle before a phase ({@link BenchSupport#settle}). */
    private void settle(PostgresServer server) throws InterruptedException {
        String unsettled = BenchSupport.settle(() -> cpuNanos(server),
                Duration.ofSeconds(options.timeoutSeconds + 30L));
        if (unsettled != null) {
            warnings.add("%s", unsettled);
        }
    }

    // ---------------------------------------------------------------- report

    private static final String ROW = "%-5s %5s %9s %8s %10s %9s %9s %9s %9s %9s%n";

    private void printTable(Machine machine, Setup setup, List<Phase> phases) {
        System.out.println(machine.describeLines());
        System.out.println(setup.version());
        System.out.printf(Locale.ROOT, "N = %,d clusters; load %.1f s, %d indexes %.1f s, VACUUM (ANALYZE) %.1f s;"
                        + " table %s, indexes %s, total %s; %s s per query and level after a %s s warm-up%n",
                options.clusters, setup.loaded().seconds(), setup.indexes().size(),
                setup.indexes().stream().mapToDouble(PostgresSchema.IndexBuild::seconds).sum(),
                setup.analyzeSeconds(), mib(setup.sizes().tableBytes()), mib(setup.sizes().indexBytes()),
                mib(setup.sizes().totalBytes()), fmt(options.durationSeconds, 1), fmt(options.warmupSeconds, 1));
        System.out.println("latencies: client-side, request translated -> statement answered -> body written, JDBC"
                + " on 127.0.0.1, one connection per thread; CPU ms/r: the PostgreSQL server's and this JVM's CPU per"
                + " request");
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "query", "conc", "requests", "errors", "q/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "CPU ms/r");
        for (Phase p : phases) {
            ClosedLoop.Result r = p.loop();
            System.out.printf(Locale.ROOT, ROW, p.query(), p.concurrency(), String.format(Locale.ROOT, "%,d",
                    r.requests()), r.errors() + (r.invalid() > 0 ? "+" + r.invalid() + "i" : ""), fmt(r.qps(), 1),
                    fmt(r.ms(50), 2), fmt(r.ms(90), 2), fmt(r.ms(99), 2), fmt(r.maxMs(), 2),
                    r.requests() == 0 || p.cpuSeconds() < 0 ? "-" : fmt(p.cpuSeconds() * 1000 / r.requests(), 2));
        }
        warnings.printSummary();
    }

    private ObjectNode resultJson(Machine machine, PostgresServer server, Setup setup, Map<String, ObjectNode> probes,
                                  Map<String, ObjectNode> plans, List<Phase> phases) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("machine", machine.toJson());
        root.set("options", options.toJson());
        ObjectNode postgres = root.putObject("postgres");
        postgres.put("version", setup.version());
        postgres.set("settings", Json.MAPPER.valueToTree(new TreeMap<>(server.settings())));
        ObjectNode load = root.putObject("load");
        load.put("rows", setup.loaded().rows());
        load.put("copy_bytes", setup.loaded().copyBytes());
        load.put("load_s", setup.loaded().seconds());
        load.put("vacuum_analyze_s", setup.analyzeSeconds());
        load.put("table_bytes", setup.sizes().tableBytes());
        load.put("index_bytes", setup.sizes().indexBytes());
        load.put("total_bytes", setup.sizes().totalBytes());
        ArrayNode indexes = load.putArray("indexes");
        for (PostgresSchema.IndexBuild build : setup.indexes()) {
            indexes.addObject().put("name", build.name()).put("ddl", build.ddl()).put("build_s", build.seconds())
                    .put("bytes", build.bytes());
        }
        ObjectNode p = root.putObject("probe");
        probes.forEach(p::set);
        ObjectNode e = root.putObject("explain");
        plans.forEach(e::set);
        ArrayNode rows = root.putArray("phases");
        for (Phase x : phases) {
            ObjectNode r = rows.addObject();
            r.put("query", x.query());
            r.put("concurrency", x.concurrency());
            x.loop().putJson(r);
            r.put("cpu_s", x.cpuSeconds());
        }
        warnings.addTo(root.putArray("warnings"));
        return root;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.1f MiB", bytes / (double) (1L << 20));
    }

    @Command(name = "bench/postgres-queries.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/postgres-queries.sh [--clusters N] [--queries q1v,...,q7] [--concurrency 1,8]",
                "                                 [--duration-s S] [--warmup-s W] [--timeout-s T] [--seed S]",
                "                                 [--work-dir DIR] [--keep] [--port P] [--pg-bin DIR]",
                "                                 [--pg-set NAME=VALUE]... [--sql-shape auto|two-scans|one-scan]"})
    static final class Options implements BenchSupport.Options {
        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters in the namespace (default 100000; issue 14 compares at 1000000)")
        int clusters = 100_000;
        List<String> queries = DEFAULT_QUERIES;
        List<Integer> concurrency = List.of(1, 8);
        @Option(names = "--duration-s", order = 4, paramLabel = "S", converter = Converters.PositiveDouble.class,
                description = "measured seconds per query and concurrency level (default 10)")
        double durationSeconds = 10;
        @Option(names = "--warmup-s", order = 5, paramLabel = "W", converter = Converters.NonNegativeDouble.class,
                description = "warm-up per query and level, not measured (default 2)")
        double warmupSeconds = 2;
        @Option(names = "--timeout-s", order = 6, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "statement_timeout of every request, counted as an error (default 60)")
        int timeoutSeconds = 60;
        @Option(names = "--seed", order = 7, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters and of the draws (default 42, as bench/queries.sh)")
        long seed = 42;
        @Option(names = "--work-dir", order = 8, paramLabel = "DIR",
                description = "where the server's data directory goes, in a fresh postgres-run-<time> folder owned"
                        + " by the postgres user (who must be able to reach it), and the JSON result (default"
                        + " target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--keep", order = 9,
                description = "keep the data directory after the run (the server is stopped either way)")
        boolean keep;
        @Option(names = "--port", order = 10, paramLabel = "P", converter = Converters.AnyLong.class,
                description = "the server's TCP port on 127.0.0.1 (default 0: a free one)")
        long port;
        @Option(names = "--pg-bin", order = 11, paramLabel = "DIR",
                description = "PostgreSQL's programs: initdb, pg_ctl (default /usr/lib/postgresql/15/bin)")
        Path pgBin = PostgresServer.DEFAULT_BIN;
        @Option(names = "--pg-set", order = 12, paramLabel = "NAME=VALUE",
                description = "a server setting over the benchmark's (e.g. work_mem=128MB, jit=on); repeatable")
        Map<String, String> pgSettings = new LinkedHashMap<>();
        @Option(names = "--sql-shape", order = 13, paramLabel = "auto|two-scans|one-scan",
                converter = ShapeConverter.class,
                description = "how a list statement finds the page and the stats: two scans of the matches with"
                        + " their own plans (the page by an index in the sort order), one scan into a materialized"
                        + " CTE, or auto (default): one scan when the request has a regex or a search, else two")
        ListSql.Shape shape = ListSql.Shape.AUTO;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Option(names = "--queries", order = 2, paramLabel = "Q",
                description = "queries of bench/queries.sh's mix (default q1v,q2v,q3v,q4v,q5v,q8,q9,q6,q7: the varied"
                        + " lists, a get by id and the namespace stats)")
        void queries(String names) {
            queries = Converters.mixNames("--queries", names);
        }

        @Option(names = "--concurrency", order = 3, paramLabel = "L",
                description = "comma-separated levels of closed-loop client threads (default 1,8)")
        void concurrency(String levels) {
            concurrency = Converters.positiveInts("--concurrency", levels);
        }

        /** {@code --sql-shape}'s values. */
        static final class ShapeConverter implements ITypeConverter<ListSql.Shape> {
            @Override
            public ListSql.Shape convert(String text) {
                return ListSql.Shape.valueOf(Converters.oneOf(text, "auto", "two-scans", "one-scan")
                        .toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        }

        ObjectNode toJson() {
            ObjectNode o = Json.NODES.objectNode();
            o.put("clusters", clusters);
            o.set("queries", Json.MAPPER.valueToTree(queries));
            o.set("concurrency", Json.MAPPER.valueToTree(concurrency));
            o.put("duration_s", durationSeconds);
            o.put("warmup_s", warmupSeconds);
            o.put("timeout_s", timeoutSeconds);
            o.put("seed", seed);
            o.set("pg_set", Json.MAPPER.valueToTree(pgSettings));
            o.put("sql_shape", shape.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            return o;
        }

        @Override
        public void resolve(ParseResult parsed) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
        }
    }
}
