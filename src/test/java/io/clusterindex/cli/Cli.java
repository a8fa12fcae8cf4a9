package io.clusterindex.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in this JVM with captured standard input, output and error. */
final class Cli {
    /** What a run answered: its exit status, stdout (text and bytes, in that order) and stderr. */
    record Result(int status, String out, byte[] outBytes, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), new byte[0], args);
    }

    static Result withStdin(String stdin, String... args) {
        return run(Map.of(), stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Result run(Map<String, String> env, byte[] stdin, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine commandLine = ClusterIndexCommand.commandLine(
                new ClusterIndexCommand(new ByteArrayInputStream(stdin), bytes, env));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Result(status, out + bytes.toString(StandardCharsets.UTF_8), bytes.toByteArray(), err.toString());
    }
}
