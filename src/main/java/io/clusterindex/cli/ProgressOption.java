package io.clusterindex.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --[no-]progress}: a progress bar on stderr; by default only when stderr is a terminal. */
final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    boolean enabled() {
        return progress != null ? progress : stderrIsTerminal();
    }

    /** Linux tells through /proc where file descriptor 2 goes; elsewhere, whether the JVM has a console. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
