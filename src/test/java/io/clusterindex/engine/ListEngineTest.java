package io.clusterindex.engine;

import static io.clusterindex.engine.EngineFixtures.cluster;
import static io.clusterindex.engine.EngineFixtures.ids;
import static io.clusterindex.engine.EngineFixtures.json;
import static io.clusterindex.engine.EngineFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ListEngineTest {
    private static final List<ObjectNode> CLUSTERS = List.of(
            cluster("a", "{'status': 'COMPLETED', 'num_documents_clustered': 100, 'cluster_name': 'Alpha',"
                    + " 'created_at': '2026-01-05T00:00:00Z'}"),
            cluster("b", "{'status': 'COMPLETED', 'num_documents_clustered': 50, 'cluster_name': 'Beta',"
                    + " 'created_at': '2026-01-04T00:00:00Z'}"),
            cluster("c", "{'status': 'FAILED', 'num_documents_clustered': null, 'cluster_name': 'Gamma',"
                    + " 'created_at': '2026-01-03T00:00:00Z', 'metadata': {'notes': ['Quarterly REVIEW']}}"),
            cluster("d", "{'status': 'PENDING', 'cluster_name': 'Delta', 'algorithm': 'HDBSCAN',"
                    + " 'created_at': '2026-01-02T00:00:00Z'}"),
            cluster("e", "{'status': 'PENDING', 'num_documents_clustered': 1, 'cluster_name': 'Epsilon',"
                    + " 'created_at': '2026-01-01T00:00:00Z', 'metadata': {'deep': {'x': [{'y': 'alpha review'}]}}}"));

    @Test
    void statsCoverEveryMatchNotJustThePage() {
        ListPage page = ListEngine.run(query(json("{}"), "2", "0"), CLUSTERS);
        assertThat(ids(page)).containsExactly("a", "b");
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.stats().totalClusters()).isEqualTo(5);
        assertThat(page.stats().totalDocuments()).isEqualTo(151);
        assertThat(page.stats().avgDocumentsPerCluster()).isEqualTo(30.2);
        assertThat(page.stats().clustersByStatus()).containsExactly(
                Map.entry("COMPLETED", 2L), Map.entry("FAILED", 1L), Map.entry("PENDING", 2L));
    }

    @Test
    void statsLeaveOutStatusesWithoutMatches() {
        ListPage page = ListEngine.run(query("{'filters': {'status': 'pending'}}"), CLUSTERS);
        assertThat(page.stats().clustersByStatus()).containsExactly(Map.entry("PENDING", 2L));
        assertThat(page.stats().totalDocuments()).isEqualTo(1);
    }

    @Test
    void noMatchGivesEmptyStatsAndAnAverageOfZero() {
        ListPage page = ListEngine.run(query("{'filters': {'status': 'CANCELED'}}"), CLUSTERS);
        assertThat(page.results()).isEmpty();
        assertThat(page.total()).isZero();
        assertThat(page.stats()).isEqualTo(new Stats(0, 0, new TreeMap<>()));
        assertThat(page.stats().avgDocumentsPerCluster()).isEqualTo(0.0);
    }

    @Test
    void pagesFollowEachOtherWithoutOverlapOrGap() {
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            all.addAll(ids(ListEngine.run(query(json("{'sort': {'field': 'cluster_name', 'direction': 'desc'}}"),
                    "2", String.valueOf(offset)), CLUSTERS)));
        }
        assertThat(all).containsExactly("c", "e", "d", "b", "a");
    }

    @Test
    void anOffsetBeyondTheMatchesGivesAnEmptyPageWithTheTotal() {
        ListPage page = ListEngine.run(query(null, "10", "10"), CLUSTERS);
        assertThat(page.results()).isEmpty();
        assertThat(page.total()).isEqualTo(5);
    }

    @Test
    void searchNeedsEveryTermInIdNameAlgorithmOrMetadataStrings() {
        assertThat(ids(ListEngine.run(query("{'search': '  review   QUARTERLY '}"), CLUSTERS))).containsExactly("c");
        assertThat(ids(ListEngine.run(query("{'search': 'alpha REVIEW'}"), CLUSTERS))).containsExactly("e");
        assertThat(ids(ListEngine.run(query("{'search': 'hdb'}"), CLUSTERS))).containsExactly("d");
        assertThat(ids(ListEngine.run(query("{'search': 'ta'}"), CLUSTERS))).containsExactly("b", "d");
        assertThat(ids(ListEngine.run(query("{'search': ' '}"), CLUSTERS))).hasSize(5);
    }

    @Test
    void searchIsAndedWithFilters() {
        assertThat(ids(ListEngine.run(query("{'search': 'alpha'}"), CLUSTERS))).containsExactly("a", "e");
        assertThat(ids(ListEngine.run(query("{'search': 'alpha', 'filters': {'status': 'PENDING'}}"), CLUSTERS)))
                .containsExactly("e");
    }

    @Test
    void searchDoesNotLookAtMetadataKeysOrNumbers() {
        List<ObjectNode> clusters = List.of(cluster("k", "{'metadata': {'secretkey': 12345}}"));
        assertThat(ids(ListEngine.run(query("{'search': 'secretkey'}"), clusters))).isEmpty();
        assertThat(ids(ListEngine.run(query("{'search': '234'}"), clusters))).isEmpty();
    }

    @Test
    void searchWithMoreThanSixtyFourTermsChecksThemAll() {
        StringBuilder terms = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            terms.append(i % 2 == 0 ? "alph " : "LPH ");
        }
        assertThat(ids(ListEngine.run(query("{'search': '" + terms + "'}"), CLUSTERS))).containsExactly("a", "e");
        assertThat(ids(ListEngine.run(query("{'search': '" + terms + "zzz'}"), CLUSTERS))).isEmpty();
    }
}
