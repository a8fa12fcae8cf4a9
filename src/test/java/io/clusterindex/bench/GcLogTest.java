package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcLogTest {
    @Test
    void aWindowCountsOnlyThePausesBetweenItsMarks() {
        GcLog log = new GcLog();
        log.record(new GcLog.Event("G1 Young Generation", "end of minor GC", 40));
        int start = log.mark();
        log.record(new GcLog.Event("G1 Young Generation", "end of minor GC", 3.5));
        log.record(new GcLog.Event("G1 Old Generation", "end of major GC", 120));
        log.record(new GcLog.Event("G1 Young Generation", "end of minor GC", 1.5));
        int end = log.mark();
        log.record(new GcLog.Event("G1 Young Generation", "end of minor GC", 500));

        GcLog.Window window = log.between(start, end);

        assertThat(window.pauses()).isEqualTo(3);
        assertThat(window.totalPauseMs()).isEqualTo(125.0);
        assertThat(window.maxPauseMs()).isEqualTo(120.0);
        assertThat(window.byCollector()).isEqualTo(Map.of("G1 Young Generation (end of minor GC)", 2L,
                "G1 Old Generation (end of major GC)", 1L));
        assertThat(log.since(end).maxPauseMs()).isEqualTo(500.0);
    }

    @Test
    void concurrentCyclesAreListedButNotCountedAsPauses() {
        GcLog.Window window = GcLog.window(List.of(new GcLog.Event("ZGC Cycles", "end of GC cycle", 800),
                new GcLog.Event("ZGC Pauses", "end of GC pause", 0.2),
                new GcLog.Event("G1 Concurrent GC", "end of concurrent GC pause", 30)));

        assertThat(window.pauses()).isEqualTo(1);
        assertThat(window.totalPauseMs()).isEqualTo(0.2);
        assertThat(window.maxPauseMs()).isEqualTo(0.2);
        assertThat(window.byCollector()).hasSize(3);
    }

    @Test
    void anEmptyWindowHasNoPauses() {
        GcLog log = new GcLog();
        assertThat(log.since(log.mark())).isEqualTo(new GcLog.Window(0, 0, 0, Map.of()));
    }

    @Test
    void theLogOfThisJvmHearsACollection() {
        try (GcLog log = GcLog.listen()) {
            int start = log.mark();
            System.gc();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.since(start).byCollector().size() > 0);
        }
    }
}
