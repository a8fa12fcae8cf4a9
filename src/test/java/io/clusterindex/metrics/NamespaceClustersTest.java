package io.clusterindex.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.metrics.NamespaceClusters.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceClustersTest {
    @Test
    void withinTheLimitEveryNamespaceHasItsRowLargestFirstAndNoOtherRow() {
        List<Row> rows = NamespaceClusters.top(List.of(new Row("org_1", "ns_a", 3), new Row("org_1", "ns_b", 9),
                new Row("org_2", "ns_a", 5)), 3);

        assertThat(rows).containsExactly(new Row("org_1", "ns_b", 9), new Row("org_2", "ns_a", 5),
                new Row("org_1", "ns_a", 3));
    }

    @Test
    void beyondTheLimitTheSmallestNamespacesAreSummedUnderOther() {
        List<Row> rows = NamespaceClusters.top(List.of(new Row("org_1", "ns_a", 3), new Row("org_1", "ns_b", 9),
                new Row("org_2", "ns_a", 5), new Row("org_2", "ns_c", 1)), 2);

        assertThat(rows).containsExactly(new Row("org_1", "ns_b", 9), new Row("org_2", "ns_a", 5),
                new Row(NamespaceClusters.OTHER, NamespaceClusters.OTHER, 4));
    }

    @Test
    void tiesAreBrokenByOrganizationThenNamespaceSoTheRowsDoNotFlapBetweenScrapes() {
        List<Row> namespaces = new ArrayList<>(List.of(new Row("org_2", "ns_a", 7), new Row("org_1", "ns_b", 7),
                new Row("org_1", "ns_a", 7)));

        assertThat(NamespaceClusters.top(namespaces, 2)).containsExactly(new Row("org_1", "ns_a", 7),
                new Row("org_1", "ns_b", 7), new Row(NamespaceClusters.OTHER, NamespaceClusters.OTHER, 7));
    }

    @Test
    void aLimitOfZeroLeavesOnlyTheSumAndNoNamespacesLeaveNoRowAtAll() {
        assertThat(NamespaceClusters.top(List.of(new Row("org_1", "ns_a", 2), new Row("org_1", "ns_b", 3)), 0))
                .containsExactly(new Row(NamespaceClusters.OTHER, NamespaceClusters.OTHER, 5));
        assertThat(NamespaceClusters.top(List.of(), 10)).isEmpty();
    }

    @Test
    void thousandsOfNamespacesGiveAtMostTheLimitPlusOneRowsAndKeepTheirTotal() {
        List<Row> namespaces = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 5000; i++) {
            namespaces.add(new Row("org_" + i % 7, "ns_" + i, i % 13 + 1));
            total += i % 13 + 1;
        }

        List<Row> rows = NamespaceClusters.top(namespaces, 100);

        assertThat(rows).hasSize(101);
        assertThat(rows.stream().mapToLong(Row::clusters).sum()).isEqualTo(total);
        assertThat(rows.subList(0, 100)).allSatisfy(row -> assertThat(row.clusters()).isEqualTo(13));
    }
}
