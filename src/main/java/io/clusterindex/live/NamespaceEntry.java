package io.clusterindex.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What has been read of one namespace id: the newest stats of each organization that records named, and the newest
 * record that named none (written by a version before the organization header), which counts only while no record
 * of the namespace has named an organization. Immutable: a change makes a new entry.
 */
record NamespaceEntry(Map<String, LiveStat> byOrganization, LiveStat unknownOrganization) {
    static final NamespaceEntry EMPTY = new NamespaceEntry(Map.of(), null);

    /** This entry after {@code stat}; the same entry when the stat is of no organization and one has been named. */
    NamespaceEntry with(LiveStat stat) {
        if (stat.organizationId() == null) {
            return byOrganization.isEmpty() ? new NamespaceEntry(byOrganization, stat) : this;
        }
        Map<String, LiveStat> next = new HashMap<>(byOrganization);
        next.put(stat.organizationId(), stat);
        return new NamespaceEntry(Map.copyOf(next), null);
    }

    /**
     * The stats a stream of {@code organizationId} shows: its own, or, while no record has named an organization,
     * the newest record of none; empty when neither exists.
     */
    Optional<LiveStat> shownTo(String organizationId) {
        return Optional.ofNullable(byOrganization.isEmpty() ? unknownOrganization : byOrganization.get(organizationId));
    }
}
