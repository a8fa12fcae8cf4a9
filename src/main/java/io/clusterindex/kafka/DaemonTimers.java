package io.clusterindex.kafka;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Timers for the background Kafka chores, on daemon threads so that they never keep the JVM alive. */
final class DaemonTimers {
    private DaemonTimers() {
    }

    static ScheduledExecutorService single(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
