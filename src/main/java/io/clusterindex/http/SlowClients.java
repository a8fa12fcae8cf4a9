package io.clusterindex.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Cuts connections that trickle: Jetty's idle time-out only counts silence, so a client that sends a byte a second
 * (slowloris) would hold its connection for hours. Every {@code period} each connection is looked at; one that has
 * received bytes over the whole period without completing a request's headers is closed. A silent connection is
 * left to the idle time-out, one busy with a long answer (a stats stream) is not touched.
 */
final class SlowClients implements Connection.Listener {
    private final Scheduler scheduler;
    private final long periodMillis;
    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();

    SlowClients(Scheduler scheduler, Duration period) {
        this.scheduler = scheduler;
        this.periodMillis = period.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        Watch watch = new Watch(connection);
        watched.put(connection, watch);
        watch.next();
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watched.remove(connection);
        if (watch != null) {
            watch.stop();
        }
    }

    private final class Watch implements Runnable {
        private final Connection connection;
        private long bytes;
        private long requests;
        private volatile Scheduler.Task task;

        Watch(Connection connection) {
            this.connection = connection;
        }

        void next() {
            task = scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }

        void stop() {
            Scheduler.Task current = task;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void run() {
            if (!watched.containsKey(connection)) {
                return;
            }
            long nowBytes = connection.getBytesIn();
            long nowRequests = connection.getMessagesIn();
            if (nowBytes > bytes && nowRequests == requests) {
                connection.getEndPoint().close();
                return;
            }
            bytes = nowBytes;
            requests = nowRequests;
            next();
        }
    }
}
