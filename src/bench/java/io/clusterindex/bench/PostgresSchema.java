package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.ParseResult;
import io.clusterindex.fold.ClusterFold;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.fold.FoldOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL side of the side-by-side benchmark: one table of the clusters' final states, typed columns for
 * what the queries filter and sort on, {@code metadata} as {@code jsonb}, the view document as {@code json} (what a
 * page returns, byte for byte the indexer's: it comes from the same fold) and {@code search_text}, a stored
 * generated column with what api.md's {@code search} looks in ({@code cluster_id}, {@code cluster_name},
 * {@code algorithm} and every string inside {@code metadata}, lower-cased, one per line: a search term holds no
 * white space, so it never matches across two values).
 *
 * <p>{@link #load} creates the table and fills it with {@code COPY} in the same transaction (with
 * {@code wal_level = minimal} nothing goes to the WAL), folding {@link QueryDataset}'s events with the service's
 * own {@link ClusterFold}; {@link #INDEXES} are the indexes a DBA would add for the API's queries; {@link #sizes}
 * tells what they take.
 */
final class PostgresSchema {
    static final String TABLE = "clusters";
    static final List<String> SORT_COLUMNS = List.of("created_at", "updated_at", "cluster_name",
            "num_documents_clustered");
    static final List<String> METADATA_TEXT_KEYS = List.of("team", "env", "tier");
    static final List<String> METADATA_NUMBER_KEYS = List.of("priority");
    private static final int COPY_CHUNK = 1 << 20;

    private static final String SEARCH_TEXT_FUNCTION = """
            CREATE FUNCTION cluster_search_text(cluster_id text, cluster_name text, algorithm text, metadata jsonb)
            RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT lower(concat_ws(E'\\n', cluster_id, cluster_name, algorithm,
                (SELECT string_agg(v #>> '{}', E'\\n')
                 FROM jsonb_path_query(metadata, 'strict $.** ? (@.type() == "string")') v)))
            $$""";
    private static final String CREATE_TABLE = """
            CREATE TABLE clusters (
              namespace_id text NOT NULL,
              cluster_id text NOT NULL,
              cluster_name text,
              status text,
              cluster_type text,
              algorithm text,
              created_at timestamptz,
              updated_at timestamptz,
              num_documents_clustered bigint,
              metadata jsonb,
              doc json NOT NULL,
              search_text text GENERATED ALWAYS AS
                (cluster_search_text(cluster_id, cluster_name, algorithm, metadata)) STORED
            )""";
    private static final List<String> COPY_COLUMNS = List.of("namespace_id", "cluster_id", "cluster_name", "status",
            "cluster_type", "algorithm", "created_at", "updated_at", "num_documents_clustered", "metadata");

    /** Every index, by name: the DDL that builds it. */
    static final Map<String, String> INDEXES = indexes();

    private PostgresSchema() {
    }

    private static Map<String, String> indexes() {
        Map<String, String> indexes = new LinkedHashMap<>();
        indexes.put("clusters_pkey", "ALTER TABLE clusters ADD CONSTRAINT clusters_pkey"
                + " PRIMARY KEY (namespace_id, cluster_id)");
        // one per sort key and direction: api.md puts nulls last in both, and breaks ties by cluster_id ascending
        for (String column : SORT_COLUMNS) {
            for (String direction : List.of("asc", "desc")) {
                String name = "clusters_" + column + "_" + direction;
                indexes.put(name, "CREATE INDEX " + name + " ON clusters (namespace_id, " + column + " "
                        + direction.toUpperCase(Locale.ROOT) + " NULLS LAST, cluster_id)");
            }
        }
        for (String column : List.of("status", "cluster_type", "algorithm")) {
            indexes.put("clusters_" + column, "CREATE INDEX clusters_" + column + " ON clusters (namespace_id,"
                    + " lower(" + column + "))");
        }
        // the stats of a namespace by an index-only scan
        indexes.put("clusters_status_documents", "CREATE INDEX clusters_status_documents ON clusters (namespace_id,"
                + " status) INCLUDE (num_documents_clustered)");
        for (String key : METADATA_TEXT_KEYS) {
            indexes.put("clusters_metadata_" + key, "CREATE INDEX clusters_metadata_" + key + " ON clusters"
                    + " (namespace_id, lower(" + ListSql.metadataText("", key) + "))");
        }
        for (String key : METADATA_NUMBER_KEYS) {
            indexes.put("clusters_metadata_" + key, "CREATE INDEX clusters_metadata_" + key + " ON clusters"
                    + " (namespace_id, (" + ListSql.metadataNumber("", key) + "))");
        }
        // trigrams: search (LIKE '%term%') and regex (~*) narrowed by the GIN index, rechecked on the rows
        indexes.put("clusters_search_trgm", "CREATE INDEX clusters_search_trgm ON clusters USING gin (search_text"
                + " gin_trgm_ops)");
        indexes.put("clusters_name_trgm", "CREATE INDEX clusters_name_trgm ON clusters USING gin (cluster_name"
                + " gin_trgm_ops)");
        return Collections.unmodifiableMap(indexes);
    }

    /** What {@link #load} did: the dataset's report, rows, bytes sent by COPY, seconds, and the expectations. */
    record Loaded(DatasetFill.Published published, long rows, long copyBytes, double seconds) {
    }

    /**
     * Creates the table and loads the dataset's final states: each cluster's events folded by {@link ClusterFold}
     * into its view document, one row per cluster, sent by {@code COPY ... FROM STDIN} in one transaction; meanwhile
     * the final states fill the expectations of every LIST query's probe draws, as {@link DatasetFill} does.
     */
    static Loaded load(Connection connection, QueryDataset dataset, List<QueryMix.Query> mix, long seed)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            statement.execute(SEARCH_TEXT_FUNCTION);
        }
        Map<String, List<Expectation>> expectations = DatasetFill.expectations(mix, seed);
        List<Expectation> all = expectations.values().stream().flatMap(List::stream).toList();
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        Rows rows = new Rows();
        QueryDataset.Report report;
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_TABLE);
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY clusters ("
                    + String.join(", ", COPY_COLUMNS) + ", doc) FROM STDIN");
            rows.copy = copy;
            report = dataset.generate(rows::event, state -> {
                all.forEach(expectation -> expectation.offer(state));
                rows.finish();
            });
            rows.flush();
            copy.endCopy();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        all.forEach(Expectation::finish);
        double took = seconds(System.nanoTime() - start);
        return new Loaded(new DatasetFill.Published(report, dataset.clusters(), took, expectations), rows.count,
                rows.bytes, took);
    }

    /** The rows being sent: the current cluster's state, folded event by event, and the COPY buffer. */
    private static final class Rows {
        private CopyIn copy;
        private ClusterState current;
        private final StringBuilder row = new StringBuilder(4096);
        private byte[] buffer = new byte[COPY_CHUNK + 65536];
        private int length;
        private long count;
        private long bytes;

        void event(byte[] key, byte[] value) {
            if (!(EventParser.parse(key, value) instanceof ParseResult.Parsed parsed)) {
                throw new IllegalStateException("the dataset made an invalid event: " + new String(value,
                        StandardCharsets.UTF_8));
            }
            FoldOutcome outcome = ClusterFold.apply(parsed.event(), current);
            if (!(outcome instanceof FoldOutcome.Applied applied)) {
                throw new IllegalStateException("the fold did not apply " + new String(value, StandardCharsets.UTF_8)
                        + ": " + outcome);
            }
            current = applied.state();
        }

        /** The cluster's events are all folded: its row goes to the buffer. */
        void finish() {
            ObjectNode cluster = current.cluster();
            row.setLength(0);
            for (String column : COPY_COLUMNS) {
                JsonNode value = cluster.get(column);
                if (value == null || value.isNull()) {
                    row.append("\\N");
                } else if (column.equals("metadata")) {
                    escape(value.toString());
                } else {
                    escape(value.isTextual() ? value.textValue() : value.toString());
                }
                row.append('\t');
            }
            escape(new String(current.clusterJson(), StandardCharsets.UTF_8));
            row.append('\n');
            byte[] encoded = row.toString().getBytes(StandardCharsets.UTF_8);
            if (length + encoded.length > buffer.length) {
                flush();
                if (encoded.length > buffer.length) {
                    buffer = new byte[encoded.length];
                }
            }
            System.arraycopy(encoded, 0, buffer, length, encoded.length);
            length += encoded.length;
            count++;
            current = null;
            if (length >= COPY_CHUNK) {
                flush();
            }
        }

        void flush() {
            try {
                copy.writeToCopy(buffer, 0, length);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
            bytes += length;
            length = 0;
        }

        /** COPY's text format: backslash, newline, carriage return and tab escaped. */
        private void escape(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> row.append("\\\\");
                    case '\n' -> row.append("\\n");
                    case '\r' -> row.append("\\r");
                    case '\t' -> row.append("\\t");
                    default -> row.append(c);
                }
            }
        }
    }

    /** One index built: its name, DDL, seconds and size. */
    record IndexBuild(String name, String ddl, double seconds, long bytes) {
    }

    /** Builds {@link #INDEXES} one after the other, timing each; {@code progress} gets each as it is done. */
    static List<IndexBuild> createIndexes(Connection connection, Consumer<IndexBuild> progress)
            throws SQLException {
        List<IndexBuild> built = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> index : INDEXES.entrySet()) {
                long t = System.nanoTime();
                statement.execute(index.getValue());
                double took = seconds(System.nanoTime() - t);
                IndexBuild build = new IndexBuild(index.getKey(), index.getValue(), took,
                        longValue(connection, "SELECT pg_relation_size('" + index.getKey() + "')"));
                progress.accept(build);
                built.add(build);
            }
        }
        return built;
    }

    /** {@code VACUUM (ANALYZE)}: statistics for the planner and the visibility map for index-only scans. */
    static double vacuumAnalyze(Connection connection) throws SQLException {
        long t = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) clusters");
        }
        return seconds(System.nanoTime() - t);
    }

    /**
     * Reads the table, its TOAST table and all their indexes into shared buffers ({@code pg_prewarm}), so that the
     * first measured requests do not pay for it; answers the blocks read.
     */
    static long prewarm(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
        }
        return longValue(connection, """
                WITH relations AS (
                  SELECT 'clusters'::regclass::oid AS oid
                  UNION SELECT reltoastrelid FROM pg_class WHERE oid = 'clusters'::regclass AND reltoastrelid <> 0)
                SELECT coalesce(sum(pg_prewarm(r.oid)), 0) FROM (
                  SELECT oid FROM relations
                  UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM relations)) r""");
    }

    /** What the table takes: heap (with its TOAST, free space and visibility maps), indexes, total. */
    record Sizes(long tableBytes, long indexBytes, long totalBytes) {
    }

    static Sizes sizes(Connection connection) throws SQLException {
        return new Sizes(longValue(connection, "SELECT pg_table_size('clusters')"),
                longValue(connection, "SELECT pg_indexes_size('clusters')"),
                longValue(connection, "SELECT pg_total_relation_size('clusters')"));
    }

    static long longValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String stringValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
