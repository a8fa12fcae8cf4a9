package io.clusterindex.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the {@code cluster-index} command line in a child JVM (this JVM's class path), as an operator runs it. */
record CliRun(int status, String stdout, String stderr) {
    /** Runs {@code args}, its output kept in {@code dir}; fails when it runs longer than a minute. */
    static CliRun run(Path dir, String label, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(label + ".out");
        Path err = dir.resolve(label + ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.clusterindex.cli.ClusterIndexCommand"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("cluster-index " + args + " did not finish within 60 s");
        }
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
