package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BenchSupportTest {
    @Test
    void positiveIntsKeepTheirOrderAndRejectRepeatsAndNonPositiveValues() {
        assertThat(BenchSupport.positiveInts("--x", "3,1, 2")).containsExactly(3, 1, 2);
        assertThat(BenchSupport.positiveInts("--x", "1_000")).containsExactly(1000);
        assertThatThrownBy(() -> BenchSupport.positiveInts("--x", "1,1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> BenchSupport.positiveInts("--x", "0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> BenchSupport.positiveInts("--x", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryNamesAreCaseFoldedAndLimitedToTheMix() {
        assertThat(BenchSupport.queryNames("--queries", "Q1, q7")).containsExactly("q1", "q7");
        assertThatThrownBy(() -> BenchSupport.queryNames("--queries", "q0")).hasMessageContaining("q1..q7");
    }

    @Test
    void abbreviatesLongBodies() {
        assertThat(BenchSupport.abbreviate(new byte[0])).isEqualTo("(empty body)");
        assertThat(BenchSupport.abbreviate("x".repeat(300).getBytes(StandardCharsets.UTF_8))).hasSize(200)
                .endsWith("...");
    }

    @Test
    void settleReturnsAtOnceForIdleOrUnknownCpuAndWarnsWhenBusyPastTheTimeout() throws InterruptedException {
        assertThat(BenchSupport.settle(() -> 0, Duration.ofSeconds(5))).isNull();
        assertThat(BenchSupport.settle(() -> -1, Duration.ofSeconds(5))).isNull();
        long start = System.nanoTime();
        AtomicLong busy = new AtomicLong();
        // a fake process that burns two cores: its CPU time grows twice as fast as the wall clock
        String warning = BenchSupport.settle(() -> 2 * (System.nanoTime() - start) + busy.incrementAndGet(),
                Duration.ofMillis(1200));
        assertThat(warning).contains("did not settle");
    }
}
