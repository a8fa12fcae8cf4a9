package io.clusterindex.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Time that moves only when a test says so: a {@link Clock} and a {@link Scheduler} whose delays end when
 * {@link #advance} passes them, on the test's thread.
 */
public final class ManualTime implements Scheduler {
    private record Timer(Instant due, CompletableFuture<Void> done) {
    }

    private Instant now = Instant.parse("2026-12-03T12:00:00Z");
    private final List<Timer> timers = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        requested.add(delay);
        timers.add(new Timer(now.plus(delay), done));
        return done;
    }

    /** Moves time on by {@code step}, completing every delay that ends by then, earliest first. */
    public void advance(Duration step) {
        List<Timer> due = new ArrayList<>();
        synchronized (this) {
            now = now.plus(step);
            timers.removeIf(timer -> !timer.due().isAfter(now) && due.add(timer));
        }
        due.sort((a, b) -> a.due().compareTo(b.due()));
        due.forEach(timer -> timer.done().complete(null));
    }

    /** Every delay asked for so far, in order. */
    public synchronized List<Duration> requested() {
        return List.copyOf(requested);
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (ManualTime.this) {
                    return now;
                }
            }
        };
    }
}
