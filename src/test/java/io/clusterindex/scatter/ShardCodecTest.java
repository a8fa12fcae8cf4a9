package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ShardCodecTest {
    private static final TreeMap<Integer, Long> POSITIONS = new TreeMap<>(Map.of(0, 12L, 2, -1L));
    private static final TreeSet<Integer> PARTITIONS = new TreeSet<>(List.of(0, 2));

    @Test
    void theLagsOfAShareFromStandbyCopiesSurviveTheWire() throws Exception {
        ListPage page = new ListPage(List.of(), 0, new Stats(0, 0, new TreeMap<>()));
        TreeMap<Integer, Long> lags = new TreeMap<>(Map.of(2, 40L, 0, 0L));

        Answer<ListPage> back = ShardCodec.decodeList(wire(ShardCodec.encodeList(
                new Answer.Found<>(page, new Basis(POSITIONS, PARTITIONS, lags)))));

        assertThat(back.basis().lags()).containsExactlyEntriesOf(lags);
        assertThat(back.basis().positions()).isEqualTo(POSITIONS);
    }

    @Test
    void aListShareSurvivesTheWireByteForByte() throws Exception {
        List<ObjectNode> clusters = new ArrayList<>();
        for (ObjectNode cluster : RandomListing.view(new Random(7), 40)) {
            clusters.add((ObjectNode) Json.TRUSTED.readTree(wire(cluster))); // as the stores hold them
        }
        ListPage page = new ListPage(clusters, 123, new Stats(123, 4567, new TreeMap<>(Map.of("COMPLETED", 100L,
                "FAILED", 23L))));

        Answer<ListPage> back = ShardCodec.decodeList(wire(ShardCodec.encodeList(
                new Answer.Found<>(page, Basis.of(POSITIONS, PARTITIONS)))));

        assertThat(back.basis().positions()).isEqualTo(POSITIONS);
        assertThat(back.basis().covered()).isEqualTo(PARTITIONS);
        assertThat(back.basis().lags()).as("served by active tasks").isEmpty();
        assertThat(((Answer.Found<ListPage>) back).value().total()).isEqualTo(123);
        assertThat(((Answer.Found<ListPage>) back).value().stats()).isEqualTo(page.stats());
        for (int i = 0; i < clusters.size(); i++) {
            assertThat(Json.MAPPER.writeValueAsString(((Answer.Found<ListPage>) back).value().results().get(i)))
                    .isEqualTo(Json.MAPPER.writeValueAsString(clusters.get(i)));
        }
    }

    @Test
    void aClusterOrItsAbsenceAndStatsSurviveTheWire() throws Exception {
        ObjectNode cluster = RandomListing.view(new Random(8), 1).get(0);
        Basis basis = Basis.of(POSITIONS, PARTITIONS);
        assertThat(ShardCodec.decodeCluster(wire(ShardCodec.encodeCluster(new Answer.Found<>(cluster, basis)))))
                .isEqualTo(new Answer.Found<>(cluster, basis));
        assertThat(ShardCodec.decodeCluster(wire(ShardCodec.encodeCluster(new Answer.NotFound<>(basis)))))
                .isEqualTo(new Answer.NotFound<>(basis));
        Stats stats = new Stats(2, 9, new TreeMap<>(Map.of("PENDING", 2L)));
        assertThat(ShardCodec.decodeStats(wire(ShardCodec.encodeStats(new Answer.Found<>(stats, basis)))))
                .isEqualTo(new Answer.Found<>(stats, basis));
    }

    @Test
    void sharesAreWrittenByteForByteAsEveryVersionReadsThem() throws Exception {
        ObjectNode cluster = (ObjectNode) Json.MAPPER.readTree("{\"cluster_id\":\"c1\",\"num_documents_clustered\":null}");
        ListPage page = new ListPage(List.of(cluster), 5, new Stats(5, 7, new TreeMap<>(Map.of("FAILED", 1L,
                "COMPLETED", 4L))), 2);
        Stats stats = new Stats(3, 7, new TreeMap<>(Map.of("PENDING", 3L)));

        assertThat(Json.MAPPER.writeValueAsString(ShardCodec.encodeList(new Answer.Found<>(page,
                new Basis(POSITIONS, PARTITIONS, new TreeMap<>(Map.of(2, 40L))))))).isEqualTo("{\"partitions\":[0,2],\"positions\":{\"0\":12,"
                + "\"2\":-1},\"lags\":{\"2\":40},\"value\":{\"results\":[{\"cluster_id\":\"c1\","
                + "\"num_documents_clustered\":null}],\"total\":5,\"skipped\":2,\"stats\":{\"total_clusters\":5,"
                + "\"total_documents\":7,\"clusters_by_status\":{\"COMPLETED\":4,\"FAILED\":1}}}}");
        assertThat(Json.MAPPER.writeValueAsString(ShardCodec.encodeCluster(new Answer.NotFound<>(Basis.of(POSITIONS,
                PARTITIONS))))).isEqualTo("{\"partitions\":[0,2],\"positions\":"
                + "{\"0\":12,\"2\":-1},\"value\":null}");
        assertThat(Json.MAPPER.writeValueAsString(ShardCodec.encodeStats(new Answer.Found<>(stats, Basis.of(POSITIONS,
                PARTITIONS))))).isEqualTo("{\"partitions\":[0,2],\"positions\":{\"0\":12,\"2\":-1},"
                + "\"value\":{\"total_clusters\":3,\"total_documents\":7,\"clusters_by_status\":{\"PENDING\":3}}}");
    }

    @Test
    void anAnswerWithoutItsPartsIsRefused() {
        assertThatThrownBy(() -> ShardCodec.decodeList("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
    }

    private static byte[] wire(Object share) throws Exception {
        return Json.MAPPER.writeValueAsBytes(share);
    }
}
