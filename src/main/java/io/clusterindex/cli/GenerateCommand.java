package io.clusterindex.cli;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.Namespace;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code generate}: a synthetic lifecycle stream as JSON lines, the same bytes for the same options and seed. */
@Command(name = "generate", sortOptions = false,
        description = {"Writes a realistic synthetic stream of cluster lifecycle events as JSON lines (one event per "
                + "line), ready for produce: clusters are created, run (started, then completed, failed or canceled), "
                + "updated, and some deleted and re-created, in event order. The same options and seed give the "
                + "same bytes.",
            "Profiles: demo (every line a valid new event), pipeline (the pipeline benchmark's mix: 0.5%% re-sent "
                + "events, which the indexer skips, and 0.2%% bad records, which produce reports: publish them with "
                + "produce --skip-invalid to see them dead-lettered).",
            "Example: cluster-index generate --clusters 100 | cluster-index produce"})
final class GenerateCommand implements Callable<Integer> {
    /** The two profiles a user may pick. */
    enum ProfileName {
        demo(EventStream.Profile.DEMO), pipeline(EventStream.Profile.PIPELINE);

        final EventStream.Profile profile;

        ProfileName(EventStream.Profile profile) {
            this.profile = profile;
        }
    }

    @Option(names = "--clusters", defaultValue = "50", paramLabel = "N", description = "Clusters (default: "
            + "${DEFAULT-VALUE}).")
    int clusters;
    @Option(names = "--events", paramLabel = "N", description = "Events (default: 10 per cluster; at least one "
            + "per cluster).")
    Long events;
    @Option(names = "--namespace", defaultValue = "ns_dev", paramLabel = "ID", description = "namespace_id of every "
            + "event (default: ${DEFAULT-VALUE}, the development key's namespace 'default').")
    String namespace;
    @Option(names = "--organization", defaultValue = "org_dev", paramLabel = "ID", description = "organization_id of "
            + "every event (default: ${DEFAULT-VALUE}).")
    String organization;
    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--profile", defaultValue = "demo", description = "demo or pipeline (default: ${DEFAULT-VALUE}).")
    ProfileName profile;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;
    @Mixin
    ProgressOption progress;
    @ParentCommand
    ClusterIndexCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long count = events != null ? events : 10L * clusters;
        if (clusters < 1 || namespace.isBlank() || organization.isBlank()) {
            throw new ParameterException(spec.commandLine(), "need --clusters >= 1 and non-blank --namespace and "
                    + "--organization");
        }
        EventStream stream;
        try {
            stream = EventStream.of(profile.profile, seed, clusters, count,
                    List.of(new Namespace(namespace, organization)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, "events", count, progress.enabled());
        long start = System.nanoTime();
        OutputStream target = output == null ? root.stdout : Files.newOutputStream(output);
        try (OutputStream out = new BufferedOutputStream(output == null ? nonClosing(target) : target, 1 << 16)) {
            long[] written = {0};
            stream.generate((key, value, kind) -> {
                try {
                    out.write(value);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bar.update(++written[0]);
            });
        } catch (UncheckedIOException e) {
            throw new CommandFailure("cannot write the events: " + e.getCause().getMessage(), e);
        }
        bar.finish();
        err.println(String.format(Locale.ROOT, "generated %,d events over %,d clusters (namespace %s, organization "
                + "%s, profile %s, seed %d) in %.1f s", count, clusters, namespace, organization, profile, seed,
                (System.nanoTime() - start) / 1e9));
        err.flush();
        return ExitCodes.OK;
    }

    /** Standard output is flushed, never closed. */
    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
