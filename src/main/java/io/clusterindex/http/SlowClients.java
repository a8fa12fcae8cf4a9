package io.clusterindex.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Cuts connections that trickle: Jetty's idle time-out only counts silence, so a client that sends a byte a second
 * (slowloris) would hold its connection for hours. Each connection is looked at every half {@code timeout}; one
 * that received bytes in two looks running without completing a request's headers (or its body) is closed, so a
 * trickling client is cut between 1 and 1.5 {@code timeout}s, and a request that happens to be in transit at one
 * look is not. A silent connection is left to the idle time-out; one busy with a long answer (a stats stream) sends,
 * but does not receive, and is not touched.
 */
final class SlowClients implements Connection.Listener {
    private final Scheduler scheduler;
    private final long periodMillis;
    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();

    SlowClients(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.periodMillis = Math.max(1, timeout.toMillis() / 2);
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
        private int trickling;
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
            trickling = nowBytes > bytes && nowRequests == requests ? trickling + 1 : 0;
            if (trickling >= 2) {
                connection.getEndPoint().close();
                return;
            }
            bytes = nowBytes;
            requests = nowRequests;
            next();
        }
    }
}
