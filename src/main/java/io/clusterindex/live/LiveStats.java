package io.clusterindex.live;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The newest stats of every namespace this instance has read, and the listeners of each namespace. Listeners run on
 * the thread that publishes (the topic reader): they must only hand the stats over, never wait.
 */
public final class LiveStats {
    private final Map<String, LiveStat> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<LiveStat>>> listeners = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** The newest stats of the namespace; empty before any record of it was read. */
    public Optional<LiveStat> current(String namespaceId) {
        return Optional.ofNullable(latest.get(namespaceId));
    }

    /**
     * Calls {@code listener} with every later stats of the namespace until the returned action is run. Subscribe
     * before reading {@link #current}, so that nothing published in between is missed (it may come twice).
     */
    public Runnable subscribe(String namespaceId, Consumer<LiveStat> listener) {
        listeners.compute(namespaceId, (ns, set) -> {
            Set<Consumer<LiveStat>> kept = set == null ? new CopyOnWriteArraySet<>() : set;
            kept.add(listener);
            return kept;
        });
        return () -> listeners.computeIfPresent(namespaceId, (ns, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Keeps the stats as the namespace's newest and hands them to its listeners. */
    public void publish(LiveStat stat) {
        latest.put(stat.namespaceId(), stat);
        Set<Consumer<LiveStat>> set = listeners.get(stat.namespaceId());
        if (set != null) {
            set.forEach(listener -> listener.accept(stat));
        }
    }

    /** Marks that every record present when reading started has been read: {@link #current} is the current state. */
    public void markCaughtUp() {
        caughtUp.countDown();
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }
}
