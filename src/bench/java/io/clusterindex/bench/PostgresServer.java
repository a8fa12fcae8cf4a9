package io.clusterindex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one benchmark run: {@code initdb} of a fresh data directory in the run directory
 * (UTF-8, collation {@code C}, so that text sorts by code point as api.md's sort does, and character type
 * {@code C.UTF-8}, so that {@code lower()}, {@code ~*} and pg_trgm fold all of Unicode), {@code postgres} started as
 * a child of this JVM on {@code 127.0.0.1} and a free port (no Unix socket: the system cluster's is never touched),
 * with {@link #SETTINGS} for an in-memory, read-mostly benchmark. {@code initdb} and {@code postgres} refuse to run
 * as root: as root, they run as the {@value #OS_USER} user ({@code runuser}), who owns the run directory.
 *
 * <p>{@link #close} stops the server ({@code pg_ctl stop -m fast}, else SIGKILL of the postmaster, by the pid in its
 * {@code postmaster.pid}) and deletes the run directory unless it is kept; a shutdown hook does the same when the
 * JVM exits first (Ctrl-C, a failure), so no run leaves a server behind.
 */
final class PostgresServer implements AutoCloseable {
    static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String OS_USER = "postgres";
    static final String DATABASE = "postgres";

    /**
     * The settings of the benchmark's server, over initdb's defaults: the data set and its indexes fit in shared
     * buffers (about 3.1 GB at 1,000,000 clusters; they are prewarmed after the load); parallel query on the
     * machine's cores; JIT off (compiling costs more than the short queries take); {@code plan_cache_mode =
     * force_custom_plan}, since every draw brings values of very different selectivity (a generic plan would be
     * chosen for one of them); no durability (fsync and full-page writes off, minimal WAL: nothing is written while
     * measuring) and no autovacuum (the table is vacuumed and analyzed once after the load, nothing changes
     * afterwards); statistics targets raised for the estimates of regex and LIKE conditions.
     */
    static final Map<String, String> SETTINGS = defaultSettings();

    private static Map<String, String> defaultSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("shared_buffers", "4GB");
        s.put("effective_cache_size", "12GB");
        s.put("work_mem", "64MB");
        s.put("maintenance_work_mem", "1GB");
        s.put("max_worker_processes", "8");
        s.put("max_parallel_workers", Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        s.put("max_parallel_workers_per_gather", "2");
        s.put("max_parallel_maintenance_workers", "2");
        s.put("random_page_cost", "1.1");
        s.put("effective_io_concurrency", "200");
        s.put("jit", "off");
        s.put("plan_cache_mode", "force_custom_plan");
        s.put("default_statistics_target", "1000");
        s.put("default_toast_compression", "lz4");
        s.put("fsync", "off");
        s.put("synchronous_commit", "off");
        s.put("full_page_writes", "off");
        s.put("wal_level", "minimal");
        s.put("max_wal_senders", "0");
        s.put("max_wal_size", "8GB");
        s.put("checkpoint_timeout", "1h");
        s.put("autovacuum", "off");
        s.put("track_io_timing", "on");
        s.put("huge_pages", "off");
        return Collections.unmodifiableMap(s);
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Path bin;
    private final Path runDir;
    private final Path dataDir;
    private final int port;
    private final boolean keep;
    private final Map<String, String> settings;
    private final Thread hook;
    private Process postmaster;
    private long postmasterPid = -1;
    private boolean closed;

    private PostgresServer(Path bin, Path runDir, int port, boolean keep, Map<String, String> settings) {
        this.bin = bin;
        this.runDir = runDir;
        this.dataDir = runDir.resolve("data");
        this.port = port;
        this.keep = keep;
        this.settings = settings;
        this.hook = new Thread(this::close, "postgres-stop");
    }

    /**
     * Creates and starts a server in {@code runDir} (created; must not exist yet) on {@code port} (0: a free one),
     * with {@link #SETTINGS}, then {@code overrides} (e.g. {@code work_mem=128MB}), allowing
     * {@code maxConnections} connections.
     */
    static PostgresServer start(Path bin, Path runDir, int port, int maxConnections, Map<String, String> overrides,
                                boolean keep) throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>(SETTINGS);
        settings.put("max_connections", Integer.toString(maxConnections));
        settings.putAll(overrides);
        PostgresServer server = new PostgresServer(bin, runDir, port == 0 ? freePort() : port, keep, settings);
        Files.createDirectories(runDir.getParent());
        Files.createDirectory(runDir);
        Runtime.getRuntime().addShutdownHook(server.hook);
        try {
            server.init();
            server.startServer();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    Path runDir() {
        return runDir;
    }

    Map<String, String> settings() {
        return settings;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A new connection as the superuser (trust authentication on 127.0.0.1). */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", OS_USER);
        properties.setProperty("ApplicationName", "cluster-index-bench");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    private void init() throws IOException, InterruptedException {
        if (isRoot()) {
            UserPrincipal owner = runDir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(OS_USER);
            Files.setOwner(runDir, owner);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", OS_USER, "-E", "UTF8",
                "--lc-collate=C", "--lc-ctype=C.UTF-8", "--lc-messages=C", "--auth=trust", "--no-sync"));
        StringBuilder conf = new StringBuilder("\n# cluster-index benchmark (PostgresServer)\n");
        conf.append("listen_addresses = '127.0.0.1'\n");
        conf.append("port = ").append(port).append('\n');
        conf.append("unix_socket_directories = ''\n");
        settings.forEach((name, value) -> conf.append(name).append(" = '").append(value.replace("'", "''"))
                .append("'\n"));
        Files.writeString(dataDir.resolve("postgresql.conf"), conf.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /**
     * Starts {@code postgres} as a child of this JVM (through {@code runuser} as root), not through
     * {@code pg_ctl start}: so its exit is reaped here and leaves no orphan behind; waits until its
     * {@code postmaster.pid} says {@code ready}, as {@code pg_ctl -w} does.
     */
    private void startServer() throws IOException, InterruptedException {
        Path log = runDir.resolve("postgres.log");
        postmaster = new ProcessBuilder(asServerUser(List.of(bin.resolve("postgres").toString(), "-D",
                dataDir.toString()))).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        postmaster.getOutputStream().close();
        Path pidFile = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!postmaster.isAlive()) {
                throw new IOException("postgres exited with " + postmaster.exitValue() + logTail());
            }
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8)
                    : List.of();
            if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                postmasterPid = Long.parseLong(lines.get(0).trim());
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("postgres is not ready after " + START_TIMEOUT.toSeconds() + " s" + logTail());
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server and deletes the run directory (unless kept); idempotent, also run by the shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs this anyway
            }
        }
        if (postmaster != null && postmaster.isAlive() || Files.exists(dataDir.resolve("postmaster.pid"))) {
            stopServer();
        }
        if (keep) {
            System.out.println("kept the PostgreSQL data directory in " + dataDir + " (server stopped; start it with"
                    + " runuser -u " + OS_USER + " -- " + bin.resolve("pg_ctl") + " -D " + dataDir + " -l "
                    + runDir.resolve("postgres.log") + " start, on port " + port + ")");
        } else {
            BenchSupport.deleteRecursively(runDir);
        }
    }

    private void stopServer() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"));
        } catch (IOException | RuntimeException e) {
            System.out.println("WARNING: pg_ctl stop failed (" + e.getMessage() + "); signalling the postmaster");
            if (postmasterPid > 0) {
                ProcessHandle.of(postmasterPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postmaster != null) {
            try {
                if (!postmaster.waitFor(60, TimeUnit.SECONDS)) {
                    System.out.println("WARNING: postgres (pid " + postmasterPid + ") still runs after its stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * CPU time of the server so far: the postmaster's own and that of its children, those that have exited
     * (parallel workers, closed backends: the {@code cutime}/{@code cstime} of {@code /proc/<pid>/stat}) and the
     * running ones. -1 when {@code /proc} cannot tell.
     */
    long cpuNanos() {
        if (postmasterPid <= 0) {
            return -1;
        }
        long[] own = stat(Path.of("/proc", Long.toString(postmasterPid), "stat"));
        if (own == null) {
            return -1;
        }
        long ticks = own[2] + own[3] + own[4] + own[5];
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                long[] child = stat(process.resolve("stat"));
                if (child != null && child[1] == postmasterPid) {
                    ticks += child[2] + child[3];
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** pid, ppid, utime, stime, cutime, cstime of a {@code /proc/<pid>/stat}, or null when it is gone. */
    private static long[] stat(Path file) {
        try {
            String line = Files.readString(file, StandardCharsets.US_ASCII);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            // fields[0] is the state (field 3 of proc(5)): ppid is field 4, utime..cstime fields 14..17
            return new long[] {Long.parseLong(line.substring(0, line.indexOf(' '))), Long.parseLong(fields[1]),
                Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Runs a PostgreSQL program (as {@value #OS_USER} when we are root); throws with its output when it fails. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = asServerUser(command);
        Process process = new ProcessBuilder(full).directory(runDir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT.toSeconds()
                    + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8).strip() + logTail());
        }
    }

    /** {@code command} as the {@value #OS_USER} user when we are root ({@code runuser}), else as it is. */
    private static List<String> asServerUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        return full;
    }

    private String logTail() {
        Path log = runDir.resolve("postgres.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "\n" + log + " ends with:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** "listen 127.0.0.1:port; data dir; settings", for the report. */
    String describe() {
        return String.format(Locale.ROOT, "PostgreSQL on 127.0.0.1:%d, data directory %s", port, dataDir);
    }
}
