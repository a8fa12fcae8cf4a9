package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildMemoryTest {
    @Test
    void theHeapAfterTheLastCollectionIsTheAfterValueAndCommittedSizeOfTheLastPauseLine() {
        List<String> log = List.of(
                "[0.512s] Using G1",
                "[3.100s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 4.120ms",
                "[9.000s] GC(1) Pause Full (System.gc()) 1200M->812M(3072M) 250.5ms",
                "[9.300s] GC(2) Concurrent Mark Cycle 12.345ms");

        assertThat(ChildMemory.lastCollection(log)).contains(new ChildMemory.Heap(812L << 20, 3072L << 20));
    }

    @Test
    void unitsOtherThanMegabytesAndLogsWithoutCollectionsAreRead() {
        assertThat(ChildMemory.lastCollection(List.of("[1.0s] GC(0) Pause Young 900K->300K(8192K) 1ms")))
                .contains(new ChildMemory.Heap(300L << 10, 8192L << 10));
        assertThat(ChildMemory.lastCollection(List.of("[1.0s] GC(7) Pause Young 3G->2G(4G) 9ms")))
                .contains(new ChildMemory.Heap(2L << 30, 4L << 30));
        assertThat(ChildMemory.lastCollection(List.of("[0.1s] Using G1"))).isEmpty();
        assertThat(ChildMemory.lastCollection(List.of())).isEmpty();
    }

    @Test
    void theResidentSetOfThisProcessIsReadAndAGoneProcessHasNone() {
        assertThat(new ChildMemory(ProcessHandle.current().pid(), null).rssBytes()).isPositive();
        assertThat(new ChildMemory(Integer.MAX_VALUE, null).rssBytes()).isEqualTo(-1);
    }

    @Test
    void readsWhatTheJvmCommittedByCategory() {
        String summary = String.join("\n", "12345:", "", "Native Memory Tracking:", "",
                "(Omitting categories weighting less than 1KB)", "",
                "Total: reserved=5551613KB, committed=3700000KB",
                "       malloc: 38219KB #123",
                "",
                "-                 Java Heap (reserved=3145728KB, committed=3145728KB)",
                "                            (mmap: reserved=3145728KB, committed=3145728KB) ",
                " ",
                "-                     Class (reserved=1056931KB, committed=16163KB)",
                "                            (classes #12000)",
                "-                        GC (reserved=200000KB, committed=150000KB)",
                "-                    Thread (reserved=70000KB, committed=9000KB)");
        ChildMemory.NativeMemory nmt = ChildMemory.NativeMemory.parse(summary).orElseThrow();

        assertThat(nmt.committedBytes()).isEqualTo(3_700_000L << 10);
        assertThat(nmt.committedByCategory()).containsEntry("Java Heap", 3_145_728L << 10)
                .containsEntry("GC", 150_000L << 10).containsEntry("Thread", 9_000L << 10).hasSize(4);
        assertThat(nmt.describe()).isEqualTo("JVM committed (NMT) 3,613 MiB: Java Heap 3,072 MiB, GC 146 MiB,"
                + " Class 16 MiB, Thread 9 MiB");
        assertThat(ChildMemory.NativeMemory.parse("Native memory tracking is not enabled")).isEmpty();
    }
}
