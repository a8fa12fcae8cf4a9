package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BenchSupportTest {
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
