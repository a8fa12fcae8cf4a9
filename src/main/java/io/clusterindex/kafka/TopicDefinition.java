package io.clusterindex.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic as declared by a file under {@code topics/}.
 *
 * @param name               topic name
 * @param partitions         number of partitions, at least 1
 * @param replicationFactor  replication factor; empty means the provisioner's default
 * @param configs            topic-level configs, e.g. {@code cleanup.policy}
 */
public record TopicDefinition(String name, int partitions, Optional<Short> replicationFactor,
                              Map<String, String> configs) {
    /** Validates the invariants and copies the configs into an unmodifiable map. */
    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        configs = Map.copyOf(configs);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 (got " + partitions + ")");
        }
    }
}
