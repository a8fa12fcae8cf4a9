package io.clusterindex.scatter;

import io.clusterindex.topology.EventRouting;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/** Who is asked for what, as the group's metadata says now: the shares of a list, its fail-over, a key's owner. */
final class SharePlanner {
    private final Membership membership;
    private final HostInfo self;
    private final String eventsTopic;
    private final int eventPartitions;

    SharePlanner(Membership membership, HostInfo self, String eventsTopic, int eventPartitions) {
        this.membership = membership;
        this.self = self;
        this.eventsTopic = eventsTopic;
        this.eventPartitions = eventPartitions;
    }

    /**
     * The shares of a list: each instance with active {@code cluster-events} partitions, and the partitions no
     * instance runs right now.
     */
    record Plan(Map<HostInfo, SortedSet<Integer>> shares, SortedSet<Integer> unassigned) {
        /** One instance holds every partition: its answer is the page itself. */
        boolean alone() {
            return shares.size() == 1 && unassigned.isEmpty();
        }
    }

    Plan list() {
        Map<HostInfo, SortedSet<Integer>> shares = membership.activePartitions(eventsTopic);
        SortedSet<Integer> unassigned = allEventPartitions();
        shares.values().forEach(unassigned::removeAll);
        return new Plan(shares, unassigned);
    }

    /** The fail-over of the partitions a list is missing, from the metadata as it is now (a move may have ended). */
    FailOver failOver() {
        return new FailOver(self, membership.activePartitions(eventsTopic), membership.standbyPartitions(eventsTopic));
    }

    /** Who owns a key's partition; {@code holdsAll} when that instance holds every partition of the topic. */
    record Owner(Optional<HostInfo> host, int partition, boolean holdsAll) {
    }

    Owner owner(String store, String key) {
        Optional<HostInfo> host = membership.owner(store, key);
        boolean holdsAll = host.isPresent() && membership.activePartitions(eventsTopic)
                .getOrDefault(host.get(), new TreeSet<>()).size() == eventPartitions;
        return new Owner(host, EventRouting.owner(key, eventPartitions), holdsAll);
    }

    SortedSet<Integer> allEventPartitions() {
        SortedSet<Integer> all = new TreeSet<>();
        for (int p = 0; p < eventPartitions; p++) {
            all.add(p);
        }
        return all;
    }
}
