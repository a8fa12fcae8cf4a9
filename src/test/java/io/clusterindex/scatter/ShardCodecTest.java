package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.RandomListing;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.SortSpec;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.ViewDocument;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import java.nio.charset.StandardCharsets;
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
        List<ViewDocument> stored = new ArrayList<>();
        for (ObjectNode cluster : RandomListing.view(new Random(7), 40)) {
            clusters.add(cluster);
            stored.add(ViewDocument.json(wire(cluster))); // as the stores hold them: written as they are
        }
        ListPage page = new ListPage(stored, 123, new Stats(123, 4567, new TreeMap<>(Map.of("COMPLETED", 100L,
                "FAILED", 23L))));

        Answer<ListPage> back = ShardCodec.decodeList(wire(ShardCodec.encodeList(
                new Answer.Found<>(page, Basis.of(POSITIONS, PARTITIONS)))));

        assertThat(back.basis().positions()).isEqualTo(POSITIONS);
        assertThat(back.basis().covered()).isEqualTo(PARTITIONS);
        assertThat(back.basis().lags()).as("served by active tasks").isEmpty();
        assertThat(((Answer.Found<ListPage>) back).value().total()).isEqualTo(123);
        assertThat(((Answer.Found<ListPage>) back).value().stats()).isEqualTo(page.stats());
        for (int i = 0; i < clusters.size(); i++) {
            ViewDocument document = ((Answer.Found<ListPage>) back).value().results().get(i);
            assertThat(document.treeIfParsed()).as("taken as its bytes").isNull();
            // responses are written by Jackson's byte generator: the same bytes as the tree's
            assertThat(Json.MAPPER.writeValueAsBytes(document)).isEqualTo(Json.MAPPER.writeValueAsBytes(clusters.get(i)));
        }
    }

    @Test
    void aClusterOrItsAbsenceAndStatsSurviveTheWire() throws Exception {
        ObjectNode tree = RandomListing.view(new Random(8), 1).get(0);
        ViewDocument cluster = ViewDocument.json(wire(tree)); // as the store holds it
        Basis basis = Basis.of(POSITIONS, PARTITIONS);
        Answer<ViewDocument> back = ShardCodec.decodeCluster(wire(ShardCodec.encodeCluster(new Answer.Found<>(cluster,
                basis))));
        ViewDocument document = ((Answer.Found<ViewDocument>) back).value();
        assertThat(document.treeIfParsed()).as("taken as its bytes").isNull();
        assertThat(Json.MAPPER.writeValueAsBytes(document)).isEqualTo(Json.MAPPER.writeValueAsBytes(tree));
        assertThat(back).isEqualTo(new Answer.Found<>(ViewDocument.of(tree), basis));
        assertThat(ShardCodec.decodeCluster(wire(ShardCodec.encodeCluster(new Answer.NotFound<>(basis)))))
                .isEqualTo(new Answer.NotFound<>(basis));
        Stats stats = new Stats(2, 9, new TreeMap<>(Map.of("PENDING", 2L)));
        assertThat(ShardCodec.decodeStats(wire(ShardCodec.encodeStats(new Answer.Found<>(stats, basis)))))
                .isEqualTo(new Answer.Found<>(stats, basis));
    }

    @Test
    void sharesAreWrittenByteForByteAsEveryVersionReadsThem() throws Exception {
        ObjectNode cluster = (ObjectNode) Json.MAPPER.readTree("{\"cluster_id\":\"c1\",\"num_documents_clustered\":null}");
        ListPage page = ListPage.ofTrees(List.of(cluster), 5, new Stats(5, 7, new TreeMap<>(Map.of("FAILED", 1L,
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

    @Test
    void theSortKeysOfAKeyShareCompareAsTheOriginalsForEverySortFieldKind() throws Exception {
        List<ObjectNode> clusters = RandomListing.view(new Random(9), 60);
        for (String field : List.of("created_at", "completed_at", "cluster_name", "num_documents_clustered",
                "metadata.priority", "metadata.absent", "status")) {
            SortOrder order = SortOrder.of(((ParsedRequest.Valid) ListRequestParser.parse(Json.MAPPER.readTree(
                    "{\"sort\": {\"field\": \"" + field + "\", \"direction\": \"desc\"}}"), null, null)).query().sort());
            List<KeyPage.PageKey> keys = new ArrayList<>();
            for (int i = 0; i < clusters.size(); i++) {
                keys.add(new KeyPage.PageKey(order.keyOf(clusters.get(i)), 1000L + i, null));
            }
            KeyPage page = new KeyPage(keys, 61, new Stats(61, 3, new TreeMap<>(Map.of("FAILED", 61L))), 4);

            KeyPage back = ((Answer.Found<KeyPage>) ShardCodec.decodeKeys(wire(ShardCodec.encodeKeys(
                    new Answer.Found<>(page, Basis.of(POSITIONS, PARTITIONS)))), order)).value();

            assertThat(back.total()).isEqualTo(61);
            assertThat(back.skipped()).isEqualTo(4);
            assertThat(back.stats()).isEqualTo(page.stats());
            for (int i = 0; i < keys.size(); i++) {
                KeyPage.PageKey sent = keys.get(i);
                KeyPage.PageKey read = back.keys().get(i);
                assertThat(order.compare(read.key(), sent.key())).as(field + " of cluster " + i).isZero();
                for (KeyPage.PageKey other : keys) {
                    assertThat(Integer.signum(order.compare(read.key(), other.key())))
                            .isEqualTo(Integer.signum(order.compare(sent.key(), other.key())));
                }
                assertThat(read.clusterId()).isEqualTo(sent.clusterId());
                assertThat(read.sequence()).isEqualTo(1000L + i);
                assertThat(read.document()).isNull();
            }
        }
    }

    @Test
    void aKeyShareIsWrittenAsColumnsAndCarriesDocumentsOnlyWhenAllHaveThem() throws Exception {
        ObjectNode first = (ObjectNode) Json.MAPPER.readTree("{\"cluster_id\":\"a\",\"created_at\":"
                + "\"2026-11-28T10:15:30.250+02:00\"}");
        ObjectNode second = (ObjectNode) Json.MAPPER.readTree("{\"cluster_id\":\"b\"}");
        SortOrder order = SortOrder.of(SortSpec.DEFAULT);
        Stats stats = new Stats(2, 0, new TreeMap<>());
        KeyPage keysOnly = new KeyPage(List.of(new KeyPage.PageKey(order.keyOf(first), 3, null),
                new KeyPage.PageKey(order.keyOf(second), 4, null)), 2, stats, 0);

        assertThat(Json.MAPPER.writeValueAsString(ShardCodec.encodeKeys(new Answer.Found<>(keysOnly,
                Basis.of(POSITIONS, PARTITIONS))))).isEqualTo("{\"partitions\":[0,2],\"positions\":{\"0\":12,"
                + "\"2\":-1},\"value\":{\"values\":[\"2026-11-28T08:15:30.250Z\",null],\"ids\":[\"a\",\"b\"],"
                + "\"sequences\":[3,4],\"total\":2,\"skipped\":0,\"stats\":{\"total_clusters\":2,"
                + "\"total_documents\":0,\"clusters_by_status\":{}}}}");

        KeyPage withDocuments = KeyPage.of(order, ListPage.ofTrees(List.of(first, second), 2, stats, 0));
        KeyPage back = ((Answer.Found<KeyPage>) ShardCodec.decodeKeys(wire(ShardCodec.encodeKeys(
                new Answer.Found<>(withDocuments, Basis.NONE))), order)).value();
        assertThat(back.keys()).extracting(KeyPage.PageKey::document)
                .containsExactly(ViewDocument.of(first), ViewDocument.of(second));

        KeyPage mixed = new KeyPage(List.of(withDocuments.keys().get(0), keysOnly.keys().get(1)), 2, stats, 0);
        assertThatThrownBy(() -> ShardCodec.encodeKeys(new Answer.Found<>(mixed, Basis.NONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyShareWhoseColumnsDifferInLengthIsRefused() {
        String body = "{\"partitions\":[0],\"positions\":{},\"value\":{\"values\":[null],\"ids\":[\"a\",\"b\"],"
                + "\"sequences\":[3,4],\"total\":2,\"skipped\":0,\"stats\":{\"total_clusters\":2,"
                + "\"total_documents\":0,\"clusters_by_status\":{}}}}";

        assertThatThrownBy(() -> ShardCodec.decodeKeys(body.getBytes(StandardCharsets.UTF_8),
                SortOrder.of(SortSpec.DEFAULT))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ in length");
    }

    @Test
    void aFetchNamesIdsAtSequencesAndItsAnswerKeepsTheGapsOfChangedClusters() throws Exception {
        SortKey key = new SortKey();
        key.clusterId = "c7";
        ShardCodec.FetchRequest request = ShardCodec.fetchRequest(List.of(new KeyPage.PageKey(key, 12, null)));
        assertThat(Json.MAPPER.writeValueAsString(request)).isEqualTo("{\"ids\":[\"c7\"],\"sequences\":[12]}");
        List<KeyPage.PageKey> wanted = ShardCodec.wanted(Json.TRUSTED.readValue(wire(request),
                ShardCodec.FetchRequest.class));
        assertThat(wanted).singleElement().satisfies(back -> {
            assertThat(back.clusterId()).isEqualTo("c7");
            assertThat(back.sequence()).isEqualTo(12);
        });
        assertThatThrownBy(() -> ShardCodec.wanted(new ShardCodec.FetchRequest(List.of("a"), new long[0])))
                .isInstanceOf(IllegalArgumentException.class);

        ObjectNode cluster = (ObjectNode) Json.MAPPER.readTree("{\"cluster_id\":\"c7\"}");
        List<ViewDocument> documents = new ArrayList<>();
        documents.add(ViewDocument.json(wire(cluster)));
        documents.add(null);
        documents.add(ViewDocument.of(cluster));
        Answer<List<ViewDocument>> back = ShardCodec.decodeFetched(wire(ShardCodec.encodeFetched(
                new Answer.Found<>(documents, Basis.NONE))));
        assertThat(((Answer.Found<List<ViewDocument>>) back).value())
                .containsExactly(ViewDocument.of(cluster), null, ViewDocument.of(cluster));
    }

    private static byte[] wire(Object share) throws Exception {
        return Json.MAPPER.writeValueAsBytes(share);
    }
}
