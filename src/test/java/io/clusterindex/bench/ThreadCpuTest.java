package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void namesTheNativeThreadsItCounts() {
        assertThat(ThreadCpu.nativeGroup("GC Thread#1")).isEqualTo("native: garbage collector");
        assertThat(ThreadCpu.nativeGroup("G1 Conc#0")).isEqualTo("native: garbage collector");
        assertThat(ThreadCpu.nativeGroup("C2 CompilerThre")).isEqualTo("native: JIT compilers");
        assertThat(ThreadCpu.nativeGroup("rocksdb:low")).isEqualTo("native: RocksDB flushes and compactions");
        assertThat(ThreadCpu.nativeGroup("VM Thread")).isEqualTo("native: VM thread (safepoints)");
        assertThat(ThreadCpu.nativeGroup("main")).isNull();
        assertThat(ThreadCpu.nativeGroup("bench-topology-")).isNull();
        assertThat(ThreadCpu.kafkaRole("native: JIT compilers")).isEqualTo("native: JIT compilers");
    }

    @Test
    void countsTheJvmsNativeThreadsOnLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc/self/task on this system");
        ThreadCpu before = ThreadCpu.now();
        assertThat(before.names()).containsValue("native: JIT compilers");
        long spin = 0;
        for (long end = System.nanoTime() + 50_000_000L; System.nanoTime() < end; ) {
            spin++;
        }
        Map<String, Double> seconds = ThreadCpu.now().since(before, ThreadCpu::kafkaRole);
        assertThat(spin).isPositive();
        assertThat(seconds).containsKey("native: JIT compilers");
        assertThat(seconds.values()).allMatch(s -> s >= 0);
        assertThat(seconds.get(ThreadCpu.kafkaRole(Thread.currentThread().getName()))).isGreaterThan(0.0);
    }
}
