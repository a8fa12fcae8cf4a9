package io.clusterindex.bench;

import io.clusterindex.testkit.IndexerProcess;
import java.nio.file.Path;
import java.util.List;

/**
 * One indexer in a child JVM against the benchmark's broker ({@code KAFKA_BOOTSTRAP_SERVERS}), with production
 * settings, its own {@code STATE_DIR}, a GC log and {@code -Xmx<heap>}: so that its RSS and heap are the indexer's
 * alone, not the broker's or the load generator's.
 */
final class ChildIndexer implements AutoCloseable {
    private final IndexerProcess process;
    private final ChildMemory memory;
    private final int httpPort;

    private ChildIndexer(IndexerProcess process, ChildMemory memory, int httpPort) {
        this.process = process;
        this.memory = memory;
        this.httpPort = httpPort;
    }

    /** Starts it (not waiting for it to be ready); its log and GC log go to {@code dir}. */
    static ChildIndexer start(Path dir, Path stateDir, String bootstrapServers, String heap, String phase) {
        return start(dir, stateDir, bootstrapServers, heap, phase, List.of());
    }

    /** As above, with more JVM options (such as {@link ChildMemory#NATIVE_MEMORY_TRACKING}). */
    static ChildIndexer start(Path dir, Path stateDir, String bootstrapServers, String heap, String phase,
                              List<String> jvmOptions) {
        int port = Deployment.freePort();
        Path gcLog = dir.resolve("indexer-gc-" + phase + ".log");
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.add(ChildMemory.gcLogOption(gcLog));
        IndexerProcess process = IndexerProcess.instance("indexer", stateDir, port, bootstrapServers, "cluster-index",
                QueryClient.API_KEY, heap, dir.resolve("indexer-" + phase + ".log"), options);
        return new ChildIndexer(process, new ChildMemory(process.pid(), gcLog), port);
    }

    /** Throws unless {@code heap} is an {@code -Xmx} size such as {@code 3g} or {@code 512m}. */
    static void checkHeap(String heap) {
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must look like 3g or 512m, got '" + heap + "'");
        }
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    ChildMemory memory() {
        return memory;
    }

    /** Throws when the child has exited (with the end of its log). */
    void requireAlive() {
        process.requireAlive();
    }

    /**
     * SIGTERM and wait (SIGKILL after {@link IndexerProcess#STOP_TIMEOUT}): the instance commits, leaves the group
     * and closes its stores, as an operator stops it.
     */
    @Override
    public void close() {
        process.close();
    }
}
