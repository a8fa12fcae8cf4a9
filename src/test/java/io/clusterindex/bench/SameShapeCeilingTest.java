package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.generate.EventStream.Kind;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.kafka.TopicDefinition;
import io.clusterindex.kafka.TopicDefinitions;
import io.clusterindex.topology.ClusterIndexTopology;
import io.clusterindex.topology.EventRouting;
import io.clusterindex.topology.FoldCounters;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.TableListener;
import io.clusterindex.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same-shape ceiling of the pipeline benchmark: it has the indexer topology's shape (sub-topologies, sources,
 * sinks, stores, repartition topic) and writes to each sink what the plan says the fold would, for each kind of record.
 */
class SameShapeCeilingTest {
    private static final int PARTITIONS = 3;
    private static final String APP = "ceiling-test";

    @TempDir
    Path stateDir;

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        return props;
    }

    @Test
    void hasTheShapeOfTheIndexerTopology() {
        Topology real = ClusterIndexTopology.build(Topics.forApplication(APP), new FoldCounters(), new ViewIndex(),
                new ViewPositions(PARTITIONS), TableListener.NONE, properties());
        Topology ceiling = SameShapeCeiling.build(SameShapeCeiling.topics(APP), PARTITIONS, 20,
                new SameShapeCeiling.PlannedKinds(PARTITIONS), new SameShapeCeiling.Tally(), properties());

        List<String> realShape = shape(real.describe(), Map.of());
        Topics ceilingTopics = SameShapeCeiling.topics(APP);
        Topics realTopics = Topics.forApplication(APP);
        List<String> ceilingShape = shape(ceiling.describe(), Map.of(ceilingTopics.view(), realTopics.view(),
                ceilingTopics.stats(), realTopics.stats(), ceilingTopics.deadLetters(), realTopics.deadLetters()));

        assertThat(ceilingShape).hasSize(2).isEqualTo(realShape);
        assertThat(ceiling.describe().globalStores()).hasSameSizeAs(real.describe().globalStores());
    }

    /** Per sub-topology: its source topics, sink topics and stores, with the ceiling's topics named as the real ones. */
    private static List<String> shape(TopologyDescription description, Map<String, String> rename) {
        List<String> shape = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            TreeSet<String> sources = new TreeSet<>();
            TreeSet<String> sinks = new TreeSet<>();
            TreeSet<String> stores = new TreeSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().forEach(t -> sources.add(rename.getOrDefault(t, t)));
                } else if (node instanceof TopologyDescription.Sink sink) {
                    sinks.add(rename.getOrDefault(sink.topic(), sink.topic()));
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            shape.add("sources " + sources + " sinks " + sinks + " stores " + stores);
        }
        return shape;
    }

    @Test
    void outputTopicsAreTheRealOnesRenamed() {
        List<TopicDefinition> definitions = TopicDefinitions.loadDefault(Path.of("topics"));
        List<TopicDefinition> outputs = SameShapeCeiling.outputTopics(definitions);
        Topics ceiling = SameShapeCeiling.topics("any");
        assertThat(outputs).extracting(TopicDefinition::name)
                .containsExactlyInAnyOrder(ceiling.view(), ceiling.stats(), ceiling.deadLetters());
        TopicDefinition view = outputs.stream().filter(d -> d.name().equals(ceiling.view())).findFirst().orElseThrow();
        TopicDefinition realView = definitions.stream().filter(d -> d.name().equals(Topics.defaults().view()))
                .findFirst().orElseThrow();
        assertThat(view.partitions()).isEqualTo(realView.partitions());
        assertThat(view.configs()).isEqualTo(realView.configs());
    }

    /** The first key of the form {@code clust_<n>} that partition {@code partition} owns. */
    private static String ownedBy(int partition) {
        return IntStream.range(0, 1_000).mapToObj(i -> "clust_" + i)
                .filter(id -> EventRouting.owner(id, PARTITIONS) == partition).findFirst().orElseThrow();
    }

    @Test
    void writesToEachSinkWhatThePlanSaysTheFoldWould() {
        Topics topics = SameShapeCeiling.topics(APP);
        SameShapeCeiling.PlannedKinds plan = new SameShapeCeiling.PlannedKinds(PARTITIONS);
        String mine = ownedBy(0);
        String other = ownedBy(1);
        // the driver feeds partition 0 of cluster-events, offsets from 0
        List<Kind> kinds = List.of(Kind.VALID, Kind.DUPLICATE, Kind.BAD, Kind.VALID, Kind.VALID);
        List<String> keys = List.of(mine, mine, mine, other, mine);
        for (int offset = 0; offset < kinds.size(); offset++) {
            plan.record(0, offset, kinds.get(offset));
        }
        SameShapeCeiling.Tally tally = new SameShapeCeiling.Tally();
        try (TopologyTestDriver driver = new TopologyTestDriver(SameShapeCeiling.build(topics, PARTITIONS, 20, plan,
                tally, properties()), properties())) {
            ByteArraySerializer out = new ByteArraySerializer();
            ByteArrayDeserializer in = new ByteArrayDeserializer();
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), out, out);
            TestOutputTopic<byte[], byte[]> view = driver.createOutputTopic(topics.view(), in, in);
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.deadLetters(), in, in);
            TestOutputTopic<byte[], byte[]> rerouted = driver.createOutputTopic(topics.rerouted(), in, in);
            TestOutputTopic<String, Long> stats = driver.createOutputTopic(topics.stats(), new StringDeserializer(),
                    new LongDeserializer());
            for (int i = 0; i < keys.size(); i++) {
                events.pipeInput(utf8(keys.get(i)), utf8("value-" + i));
            }

            assertThat(rerouted.readValuesToList()).containsExactly(utf8("value-3"));
            // the rerouted record came back to this task (the driver runs task 0 only) and was folded from there
            assertThat(view.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                    .containsExactly("value-0", "value-3", "value-4");
            assertThat(dlq.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                    .containsExactly("value-2");
            assertThat(tally.applied()).isEqualTo(3);
            assertThat(tally.duplicates()).isEqualTo(1);
            assertThat(tally.deadLettered()).isEqualTo(1);
            assertThat(tally.rerouted()).isEqualTo(1);

            KeyValueStore<Bytes, byte[]> clusters = driver.getKeyValueStore(StoreNames.CLUSTERS);
            assertThat(clusters.get(Bytes.wrap(utf8(mine)))).isEqualTo(utf8("value-4"));
            assertThat(clusters.get(Bytes.wrap(utf8(other)))).isEqualTo(utf8("value-3"));

            assertThat(stats.isEmpty()).isTrue();
            driver.advanceWallClockTime(Duration.ofMillis(200));
            long applied = stats.readKeyValuesToMap().values().stream().mapToLong(Long::longValue).sum();
            assertThat(applied).isEqualTo(3);
        }
    }

    @Test
    void aRecordWithoutAPlannedKindStopsTheRun() {
        SameShapeCeiling.PlannedKinds plan = new SameShapeCeiling.PlannedKinds(2);
        plan.record(1, 5_000, Kind.BAD);
        assertThat(plan.kindOf(1, 5_000)).isEqualTo(Kind.BAD);
        assertThat(plan.planned()).isEqualTo(5_001);
        assertThatThrownBy(() -> plan.kindOf(1, 4_999)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster-events-1@4999");
        assertThatThrownBy(() -> plan.kindOf(0, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plan.kindOf(2, 0)).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
