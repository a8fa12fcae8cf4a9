package io.clusterindex.bench;

import io.clusterindex.it.KillLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Issue 15, items 1 and 2 as one command ({@code bench/kill-loop.sh}): the {@link KillLoop} of {@code BrokerFaultIT}
 * at full size, a broker child process and an indexer child process, SIGKILLs at seeded random moments, and the
 * independent check at the end. Prints each fault as it happens and a summary; exits 1 when the check fails.
 */
public final class KillLoopBenchmark {
    private KillLoopBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, KillLoopBenchmark::run);
    }

    private static void run(Options options) {
        Path workDir = options.workDir.resolve("kill-loop-" + Instant.now().toEpochMilli()).toAbsolutePath();
        int clusters = options.clusters > 0 ? options.clusters : Math.max(1, options.events / 20);
        System.out.printf("kill loop: %,d events, %,d clusters, %d indexer kills%s, seed %d, in %s%n", options.events,
                clusters, options.kills, options.brokerKills ? ", 2 broker kills" : "", options.seed, workDir);
        KillLoop.Result result = new KillLoop(new KillLoop.Options(options.events, clusters, options.kills,
                options.brokerKills, options.seed, workDir, Duration.ofSeconds(options.catchUpSeconds)),
                line -> System.out.println("  " + line)).run();
        System.out.println("faults:");
        result.faults().forEach(fault -> System.out.printf("  %-24s after %,9d records: %sready again %,6d ms after"
                + " the kill%n", fault.what(), fault.afterRecords(), fault.notReadyAfterMillis() > 0
                        ? String.format("/health/ready 503 after %,6d ms, ", fault.notReadyAfterMillis()) : "",
                fault.readyAgainAfterMillis()));
        var check = result.check();
        System.out.printf("check: PASSED. cluster-events holds %,d records (%,d generated, %,d re-sent after failed"
                        + " sends); %,d applied, %,d skipped, %,d dead-lettered exactly once; %,d live and %,d deleted"
                        + " clusters; view, stats, DLQ and API equal the independent replay%n", check.inputs(),
                check.generated(), check.resent(), check.applied(), check.skipped(), check.deadLetters(), check.live(),
                check.deleted());
        if (options.brokerKills) {
            System.out.printf("query loop around the second broker kill (before, during, after): answers by status %s;"
                            + " %,d answered 200 by the end%n",
                    result.queryStatuses(), result.answersAfterBrokerRestart());
        }
        System.out.printf("total: %,d s%n", result.millis() / 1000);
    }

    @Command(name = "bench/kill-loop.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/kill-loop.sh [--events N] [--clusters C] [--kills K] [--broker-kills] [--seed S]",
                "                          [--catch-up-s T] [--work-dir DIR] [--quick]"},
            footer = "KAFKA_* environment variables are not passed to the indexer: it runs with its defaults.")
    static final class Options implements BenchSupport.Options {
        @Option(names = "--events", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "events to publish (default 200000), with re-sends and every kind of bad record")
        int events = 200_000;
        @Option(names = "--clusters", order = 2, paramLabel = "C", converter = Converters.PositiveInt.class,
                description = "clusters they cover (default events / 20)")
        int clusters;
        @Option(names = "--kills", order = 3, paramLabel = "K", description = "SIGKILLs of the indexer at seeded"
                + " random moments of the stream, each followed by a restart (default 5)")
        int kills = 5;
        @Option(names = "--broker-kills", order = 4, description = "also SIGKILL and restart the broker once"
                + " mid-stream and once while a query loop runs")
        boolean brokerKills;
        @Option(names = "--seed", order = 5, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the stream and of the kill moments (default 42)")
        long seed = 42;
        @Option(names = "--catch-up-s", order = 6, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "how long the indexer may take to catch up at a pause or at the end (default 600)")
        int catchUpSeconds = 600;
        @Option(names = "--work-dir", order = 7, paramLabel = "DIR",
                description = "where the broker and state go, in a fresh kill-loop-<time> folder (default target/bench)")
        Path workDir = Path.of("target", "bench");
        @Option(names = "--quick", order = 8, description = "smoke test: 20000 events, 2 kills (explicit options"
                + " still win)")
        boolean quick;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Override
        public void resolve(ParseResult parsed) {
            if (quick) {
                events = parsed.hasMatchedOption("--events") ? events : 20_000;
                kills = parsed.hasMatchedOption("--kills") ? kills : 2;
            }
            if (kills < 0) {
                throw new IllegalArgumentException("--kills must be 0 or more, got " + kills);
            }
            if (events < 100 || kills > events / 20) {
                throw new IllegalArgumentException("need --events >= 100 and at most one kill per 20 events");
            }
        }
    }
}
