package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

class ClusterIndexTopologyNamingTest {

    @Test
    void theTopologyDescriptionHasNoGeneratedNames() {
        TopologyDescription description = ClusterIndexTopology.build(Topics.defaults(), new FoldCounters(),
                new ViewIndex(), new ViewPositions(1), TableListener.NONE, TopologyHarness.properties(Path.of("target", "unused")))
                .describe();
        String text = description.toString();
        assertThat(text)
                .doesNotContain("KSTREAM-")
                .doesNotContain("KTABLE-")
                .contains(StoreNames.CLUSTERS, StoreNames.NAMESPACE_STATS, StoreNames.STATS_DELTAS + "-repartition",
                        StoreNames.TASK_STATS, "stats-per-task",
                        "cluster-events-source", "fold", "clusters-view-sink", "dlq-sink", "stats-by-namespace-id",
                        "cluster-stats-sink");
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                assertThat(node.name()).as("node name").doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
            }
        }
    }

    @Test
    void theDriverAcceptsTheTopologyWithExplicitInternalResourceNamingEnforced() {
        try (TopologyHarness harness = new TopologyHarness()) {
            assertThat(TopologyHarness.properties(Path.of("target", "unused")))
                    .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
                    .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            assertThat(harness.driver.getAllStateStores())
                    .containsOnlyKeys(StoreNames.CLUSTERS, StoreNames.NAMESPACE_STATS, StoreNames.NAMESPACES,
                            StoreNames.API_KEYS, StoreNames.VIEW_POSITIONS, StoreNames.TASK_STATS);
            harness.pipe("clust_1", bytes(envelope("evt_1", "cluster.created", "clust_1", "ns_1", "org_1", 1,
                    "2026-11-28T10:00:00Z", obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}"))));
            assertThat(harness.view.getQueueSize()).isEqualTo(1);
            assertThat(harness.stats.getQueueSize()).isEqualTo(1);
        }
    }

    /**
     * Control: Kafka Streams only enforces explicit naming for a builder that was given the {@link TopologyConfig};
     * without it a topology with generated names passes the driver silently. That is why
     * {@link ClusterIndexTopology#build(Topics, FoldCounters, io.clusterindex.index.ViewIndex, ViewPositions,
     * TableListener, java.util.Properties)} hands the configuration to its builder, and why the description check above stays as a second guard.
     */
    @Test
    void explicitNamingIsOnlyEnforcedForABuilderThatGetsTheConfiguration() {
        Properties props = TopologyHarness.properties(Path.of("target", "ttd-" + UUID.randomUUID()));
        StreamsBuilder configured = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        configured.stream("in", Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count();
        assertThatThrownBy(configured::build).isInstanceOf(TopologyException.class)
                .hasMessageContaining("has not been named");
    }
}
