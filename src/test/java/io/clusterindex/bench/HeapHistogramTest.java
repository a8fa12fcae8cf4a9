package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    private static final String EMPTY = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@17.0.15)
               2:           100           4000  java.lang.String (java.base@17.0.15)
               3:            10            800  io.clusterindex.index.ViewIndex
            Total          1110          68800
            """;
    private static final String FILLED = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          5000        1064000  [J (java.base@17.0.15)
               2:          3000         264000  [B (java.base@17.0.15)
               3:            20           1600  io.clusterindex.index.ViewIndex
               4:             2             64  io.clusterindex.index.Column
               5:            50           2000  java.lang.String (java.base@17.0.15)
            Total          8072        1331664
            """;

    @Test
    void parsesTheRowsAndTheTotal() {
        HeapHistogram histogram = HeapHistogram.parse(FILLED);

        assertThat(histogram.totalBytes()).isEqualTo(1_331_664);
        assertThat(histogram.bytesOf(HeapHistogram.INDEX_PACKAGE)).isEqualTo(1664);
    }

    @Test
    void growthListsTheClassesThatGrewLargestFirstAndLeavesOutThoseThatShrank() {
        assertThat(HeapHistogram.parse(FILLED).growthSince(HeapHistogram.parse(EMPTY))).containsExactly(
                new HeapHistogram.Entry("[J", 5000, 1_064_000), new HeapHistogram.Entry("[B", 2000, 200_000),
                new HeapHistogram.Entry("io.clusterindex.index.ViewIndex", 10, 800),
                new HeapHistogram.Entry("io.clusterindex.index.Column", 2, 64));
    }

    @Test
    void withoutATotalLineTheRowsAreSummed() {
        assertThat(HeapHistogram.parse("   1:    2    48  java.lang.Object\n   2:  1  16  [I\n").totalBytes())
                .isEqualTo(64);
    }

    @Test
    void theHistogramOfThisJvmHasRows() {
        assertThat(HeapHistogram.take().totalBytes()).isPositive();
    }
}
