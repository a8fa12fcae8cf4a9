package io.clusterindex.scatter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who keeps another copy of the partitions a list is missing, round after round: this instance first (no network),
 * then the instances with a standby replica, then the one with the active task (its store may be restoring). Each
 * instance is offered a partition at most once, and instances that could not be reached are skipped. Pure: no
 * threads, no I/O.
 */
final class FailOver {
    /** How many times the partitions still missing are offered to one more instance keeping a copy. */
    static final int ROUNDS = 3;

    private final HostInfo self;
    private final Map<HostInfo, SortedSet<Integer>> actives;
    private final Map<HostInfo, SortedSet<Integer>> standbys;
    private final Map<Integer, Set<HostInfo>> asked = new HashMap<>();

    FailOver(HostInfo self, Map<HostInfo, SortedSet<Integer>> actives, Map<HostInfo, SortedSet<Integer>> standbys) {
        this.self = self;
        this.actives = actives;
        this.standbys = standbys;
    }

    /** The next round: each missing partition for the first copy not asked for it yet; empty when none is left. */
    Map<HostInfo, SortedSet<Integer>> nextRound(SortedSet<Integer> missing, Set<HostInfo> unreachable) {
        Map<HostInfo, SortedSet<Integer>> round = new LinkedHashMap<>();
        for (int partition : missing) {
            Set<HostInfo> tried = asked.computeIfAbsent(partition, p -> new HashSet<>());
            candidates(partition).stream()
                    .filter(host -> !tried.contains(host) && !unreachable.contains(host)).findFirst()
                    .ifPresent(host -> {
                        tried.add(host);
                        round.computeIfAbsent(host, h -> new TreeSet<>()).add(partition);
                    });
        }
        return round;
    }

    private List<HostInfo> candidates(int partition) {
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(self);
        for (Map<HostInfo, SortedSet<Integer>> holders : List.of(standbys, actives)) {
            holders.forEach((host, partitions) -> {
                if (partitions.contains(partition) && !hosts.contains(host)) {
                    hosts.add(host);
                }
            });
        }
        return hosts;
    }
}
