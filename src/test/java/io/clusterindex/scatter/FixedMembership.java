package io.clusterindex.scatter;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.kafka.streams.state.HostInfo;

/** {@link Membership} as a test sets it: the maps are read at each call, so the test may change them in between. */
record FixedMembership(Map<HostInfo, SortedSet<Integer>> active, Map<HostInfo, SortedSet<Integer>> standbys,
                       Map<String, HostInfo> owners) implements Membership {
    @Override
    public Map<HostInfo, SortedSet<Integer>> activePartitions(String topic) {
        return active;
    }

    @Override
    public Map<HostInfo, SortedSet<Integer>> standbyPartitions(String topic) {
        return standbys;
    }

    @Override
    public Optional<HostInfo> owner(String store, String key) {
        return Optional.ofNullable(owners.get(store));
    }
}
