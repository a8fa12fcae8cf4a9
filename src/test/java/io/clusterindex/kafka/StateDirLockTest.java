package io.clusterindex.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirLockTest {
    @TempDir
    Path tmp;

    @Test
    void secondAcquireInTheSameJvmFailsWithAClearMessage() {
        Path stateDir = tmp.resolve("state");
        try (StateDirLock lock = StateDirLock.acquire(stateDir)) {
            assertThat(lock.stateDir()).isEqualTo(stateDir.toAbsolutePath().normalize());
            assertThat(stateDir.resolve(".cluster-index.lock")).exists();
            assertThatThrownBy(() -> StateDirLock.acquire(stateDir))
                    .isInstanceOf(StateDirLockedException.class)
                    .hasMessage("STATE_DIR " + lock.stateDir() + " is in use by another cluster-index process"
                            + " (lock file " + lock.stateDir().resolve(".cluster-index.lock") + "); two brokers on"
                            + " one log dir corrupt it. Stop the other process or choose another STATE_DIR.");
        }
    }

    @Test
    void canBeAcquiredAgainAfterClose() {
        Path stateDir = tmp.resolve("state");
        StateDirLock first = StateDirLock.acquire(stateDir);
        first.close();
        first.close();
        try (StateDirLock second = StateDirLock.acquire(stateDir)) {
            assertThat(second.stateDir()).isEqualTo(first.stateDir());
        }
    }

    @Test
    void createsMissingParentDirectories() {
        Path stateDir = tmp.resolve("a/b/c");
        try (StateDirLock lock = StateDirLock.acquire(stateDir)) {
            assertThat(lock.stateDir()).isDirectory();
        }
    }

    @Test
    void lockHeldByAnotherProcessIsRefusedUntilThatProcessEnds() throws Exception {
        Path stateDir = tmp.resolve("state");
        Files.createDirectories(stateDir);
        Process holder = startLockHolder(stateDir.resolve(".cluster-index.lock"));
        try {
            assertThatThrownBy(() -> StateDirLock.acquire(stateDir))
                    .isInstanceOf(StateDirLockedException.class)
                    .hasMessageContaining("is in use by another cluster-index process");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (StateDirLock lock = StateDirLock.acquire(stateDir)) {
            assertThat(lock.stateDir()).isDirectory();
        }
    }

    private Process startLockHolder(Path lockFile) throws IOException {
        Path source = tmp.resolve("LockHolder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;

                public class LockHolder {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel channel = FileChannel.open(Path.of(args[0]),
                                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                             var lock = channel.lock()) {
                            System.out.println("locked " + lock.isValid());
                            System.out.flush();
                            System.in.read();
                        }
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, source.toString(), lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked true");
        return process;
    }
}
