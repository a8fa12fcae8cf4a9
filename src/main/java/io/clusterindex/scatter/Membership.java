package io.clusterindex.scatter;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance holds what, as the group's metadata says now (it may lag behind moves: shares say what they cover). */
public interface Membership {
    /** The active partitions of {@code topic} by instance; instances without any are left out. */
    Map<HostInfo, SortedSet<Integer>> activePartitions(String topic);

    /** The partitions of {@code topic} whose standby replicas each instance keeps; instances without any are left out. */
    Map<HostInfo, SortedSet<Integer>> standbyPartitions(String topic);

    /** The instance whose active task holds {@code key} of {@code store}; empty when none does right now. */
    Optional<HostInfo> owner(String store, String key);
}
