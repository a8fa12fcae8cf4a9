package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChildMemoryTest {
    @Test
    void theHeapAfterTheLastCollectionIsTheAfterValueOfTheLastPauseLine() {
        List<String> log = List.of(
                "[0.512s] Using G1",
                "[3.100s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 4.120ms",
                "[9.000s] GC(1) Pause Full (System.gc()) 1200M->812M(3072M) 250.5ms",
                "[9.300s] GC(2) Concurrent Mark Cycle 12.345ms");

        assertThat(ChildMemory.heapAfterLast(log)).isEqualTo(OptionalLong.of(812L << 20));
    }

    @Test
    void unitsOtherThanMegabytesAndLogsWithoutCollectionsAreRead() {
        assertThat(ChildMemory.heapAfterLast(List.of("[1.0s] GC(0) Pause Young 900K->300K(8192K) 1ms")))
                .isEqualTo(OptionalLong.of(300L << 10));
        assertThat(ChildMemory.heapAfterLast(List.of("[1.0s] GC(7) Pause Young 3G->2G(4G) 9ms")))
                .isEqualTo(OptionalLong.of(2L << 30));
        assertThat(ChildMemory.heapAfterLast(List.of("[0.1s] Using G1"))).isEmpty();
        assertThat(ChildMemory.heapAfterLast(List.of())).isEmpty();
    }

    @Test
    void theResidentSetOfThisProcessIsReadAndAGoneProcessHasNone() {
        assertThat(new ChildMemory(ProcessHandle.current().pid(), null).rssBytes()).isPositive();
        assertThat(new ChildMemory(Integer.MAX_VALUE, null).rssBytes()).isEqualTo(-1);
    }
}
