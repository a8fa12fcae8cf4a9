package io.clusterindex.http;

import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import io.clusterindex.live.LiveStat;
import io.clusterindex.live.StatsVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open stats stream, written by the request's own thread. Its only buffer is the newest stats not sent yet
 * ({@link #offer} replaces it), so a stream holds at most one state however slow its reader; a reader too slow to
 * take one write within the write timeout is dropped by {@link StatsStreams}' watchdog ({@link #stuckFor}).
 */
final class StatsStream {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final Runnable abortConnection;
    private final long minIntervalNanos;
    private final long heartbeatNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private LiveStat pending;
    private boolean closed;
    private volatile long writeStartedNanos;
    private StatsVersion lastSent;

    StatsStream(OutputStream out, Runnable abortConnection, StatsStreamSettings settings) {
        this.out = out;
        this.abortConnection = abortConnection;
        this.minIntervalNanos = settings.minInterval().toNanos();
        this.heartbeatNanos = settings.heartbeat().toNanos();
    }

    /** Called on the topic reader's thread: keeps the stats as the next to send, never waits for the client. */
    void offer(LiveStat stat) {
        lock.lock();
        try {
            pending = stat;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the current stats unless {@code resumeFrom} already names them (zero stats, without an id, for a
     * namespace that never had any), then every change, coalesced, and heartbeats, until {@link #close} or until
     * the client is gone.
     */
    void run(Optional<LiveStat> current, Optional<StatsVersion> resumeFrom) {
        lastSent = resumeFrom.orElse(null);
        try {
            if (current.isPresent()) {
                sendIfNewer(current.get());
            } else if (resumeFrom.isEmpty()) {
                write(event(null, LiveStat.none()));
            }
            out.flush();
            long lastEvent = System.nanoTime();
            long lastWrite = lastEvent;
            while (true) {
                LiveStat next = awaitNext(lastEvent, lastWrite);
                if (next == null && isClosed()) {
                    return;
                }
                if (next == null) {
                    write(HEARTBEAT);
                } else if (sendIfNewer(next)) {
                    lastEvent = System.nanoTime();
                }
                lastWrite = System.nanoTime();
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /** The stats to send next, or null when a heartbeat is due or the stream is closed. */
    private LiveStat awaitNext(long lastEvent, long lastWrite) throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                long eventDue = pending == null ? Long.MAX_VALUE : lastEvent + minIntervalNanos;
                long heartbeatDue = lastWrite + heartbeatNanos;
                if (pending != null && now - eventDue >= 0) {
                    LiveStat next = pending;
                    pending = null;
                    return next;
                }
                if (now - heartbeatDue >= 0) {
                    return null;
                }
                changed.awaitNanos(Math.min(eventDue - now, heartbeatDue - now));
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private boolean sendIfNewer(LiveStat stat) throws IOException {
        if (!stat.version().isNewerThan(lastSent)) {
            return false;
        }
        write(event(stat.version(), stat.stats()));
        lastSent = stat.version();
        return true;
    }

    private void write(byte[] bytes) throws IOException {
        writeStartedNanos = System.nanoTime();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeStartedNanos = 0;
        }
    }

    private static byte[] event(StatsVersion version, StatsJson stats) throws IOException {
        String id = version == null ? "" : "id: " + version.wire() + "\n";
        return (id + "event: stats\ndata: " + Json.MAPPER.writeValueAsString(stats) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a write to the client has been under way for longer than {@code limitNanos}. */
    boolean stuckFor(long limitNanos) {
        long started = writeStartedNanos;
        return started != 0 && System.nanoTime() - started > limitNanos;
    }

    /** Drops a slow client: closes its connection, which ends the write it is stuck in. */
    void drop() {
        close();
        abortConnection.run();
    }

    /** Ends the stream: {@link #run} returns at its next wake-up, and the response ends cleanly. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
