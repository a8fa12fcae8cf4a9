package io.clusterindex.live;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The newest stats of every (organization, namespace) this instance has read, and the listeners of each. Listeners
 * run on the thread that publishes (the topic reader, the only one): they must only hand the stats over, never wait.
 *
 * <p>{@code cluster-stats} is keyed by namespace id alone and names the organization in a header, so two
 * organizations' stats under one namespace id (events of a producer that named another organization's namespace)
 * are kept apart, and each organization sees only its own. A record without the header (written by an earlier
 * version) is of an unknown organization: it is shown only while no record of its namespace has named one, since
 * from then on it may be any organization's ({@link NamespaceEntry}).
 */
public final class LiveStats {
    private final Map<String, NamespaceEntry> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscription>> listeners = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** One listener of one organization; identity equality, so that the same listener may subscribe twice. */
    private static final class Subscription {
        private final String organizationId;
        private final Consumer<LiveStat> listener;

        Subscription(String organizationId, Consumer<LiveStat> listener) {
            this.organizationId = organizationId;
            this.listener = listener;
        }
    }

    /** The newest stats of the organization's namespace; empty before any record of them was read. */
    public Optional<LiveStat> current(String organizationId, String namespaceId) {
        NamespaceEntry entry = latest.get(namespaceId);
        return entry == null ? Optional.empty() : entry.shownTo(organizationId);
    }

    /**
     * Calls {@code listener} with every later stats of the organization's namespace until the returned action is
     * run. Subscribe before reading {@link #current}, so that nothing published in between is missed (it may come
     * twice).
     */
    public Runnable subscribe(String organizationId, String namespaceId, Consumer<LiveStat> listener) {
        Subscription subscription = new Subscription(organizationId, listener);
        listeners.compute(namespaceId, (ns, set) -> {
            Set<Subscription> kept = set == null ? new CopyOnWriteArraySet<>() : set;
            kept.add(subscription);
            return kept;
        });
        return () -> listeners.computeIfPresent(namespaceId, (ns, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Keeps the stats as their organization's newest of the namespace and hands them to the listeners they are shown
     * to; stats of no organization are dropped once a record of the namespace has named one. Called by one thread.
     */
    public void publish(LiveStat stat) {
        NamespaceEntry before = latest.getOrDefault(stat.namespaceId(), NamespaceEntry.EMPTY);
        NamespaceEntry after = before.with(stat);
        if (after == before) {
            return;
        }
        latest.put(stat.namespaceId(), after);
        Set<Subscription> set = listeners.get(stat.namespaceId());
        if (set != null) {
            for (Subscription subscription : set) {
                if (after.shownTo(subscription.organizationId).orElse(null) == stat) {
                    subscription.listener.accept(stat);
                }
            }
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
