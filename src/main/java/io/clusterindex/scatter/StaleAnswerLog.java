package io.clusterindex.scatter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, at most once per {@link #INTERVAL}, that answers come partly from standby or restoring copies. */
final class StaleAnswerLog {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReads.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.MIN);

    StaleAnswerLog(Clock clock) {
        this.clock = clock;
    }

    void served(String topic, SortedMap<Integer, Long> lags) {
        if (lags.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant before = last.get();
        if (Duration.between(before, now).compareTo(INTERVAL) > 0 && last.compareAndSet(before, now)) {
            LOG.info("answering with partitions {} of {} from standby or restoring copies (lags {}); this is "
                    + "logged at most every {} s", lags.keySet(), topic, lags, INTERVAL.toSeconds());
        }
    }
}
