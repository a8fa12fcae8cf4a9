package io.clusterindex.http;

import java.time.Duration;
import java.util.Map;

/**
 * Limits of {@code GET /v1/clusters/stats/stream}.
 *
 * @param maxEventsPerSecond changes sent per stream and second at most; changes in between are coalesced into
 *                           the newest
 * @param heartbeat          how long a stream stays silent before a {@code : heartbeat} comment
 * @param maxOpenStreams     open streams per instance; beyond it a 429
 * @param writeTimeout       how long one write to a client may take before the client is dropped as too slow
 */
public record StatsStreamSettings(int maxEventsPerSecond, Duration heartbeat, int maxOpenStreams,
                                  Duration writeTimeout) {
    public static final StatsStreamSettings DEFAULTS = new StatsStreamSettings(4, Duration.ofSeconds(15), 100,
            Duration.ofSeconds(10));

    public StatsStreamSettings {
        if (maxEventsPerSecond < 1 || maxOpenStreams < 0 || heartbeat.isNegative() || heartbeat.isZero()
                || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("invalid stats stream settings: " + maxEventsPerSecond + " events/s, "
                    + maxOpenStreams + " streams, heartbeat " + heartbeat + ", write timeout " + writeTimeout);
        }
    }

    /**
     * The settings the environment gives: {@code STATS_STREAM_MAX_EVENTS_PER_SECOND},
     * {@code STATS_STREAM_HEARTBEAT_MS}, {@code STATS_STREAM_MAX_OPEN}, {@code STATS_STREAM_WRITE_TIMEOUT_MS}; the
     * defaults for those not set.
     */
    public static StatsStreamSettings fromEnvironment(Map<String, String> env) {
        return new StatsStreamSettings(
                (int) number(env, "STATS_STREAM_MAX_EVENTS_PER_SECOND", DEFAULTS.maxEventsPerSecond),
                Duration.ofMillis(number(env, "STATS_STREAM_HEARTBEAT_MS", DEFAULTS.heartbeat.toMillis())),
                (int) number(env, "STATS_STREAM_MAX_OPEN", DEFAULTS.maxOpenStreams),
                Duration.ofMillis(number(env, "STATS_STREAM_WRITE_TIMEOUT_MS", DEFAULTS.writeTimeout.toMillis())));
    }

    /** The shortest time between two events of a stream. */
    Duration minInterval() {
        return Duration.ofNanos(1_000_000_000L / maxEventsPerSecond);
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}
