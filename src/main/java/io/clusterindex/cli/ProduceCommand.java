package io.clusterindex.cli;

import io.clusterindex.events.Rejection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code produce}: publishes JSON-lines events keyed by {@code cluster_id}, after checking every line's envelope
 * ({@link EventLines}). The whole input is checked before anything is published: a bad line publishes nothing,
 * unless {@code --skip-invalid}; either way bad lines are reported and the exit status is 65.
 */
@Command(name = "produce", sortOptions = false,
        description = {"Publishes JSON-lines events (one event per line; blank lines are ignored) to cluster-events, "
                + "each keyed by its cluster_id, with an idempotent producer (acks=all).",
            "Every line is first checked with the indexer's own envelope parser; bad lines are reported on stderr "
                + "as 'line N: CODE: message' (the dead-letter code the indexer would give them).",
            "If any line is bad, nothing is published and the exit status is 65; with --skip-invalid the valid "
                + "lines are published, the bad ones still reported, and the exit status is still 65.",
            "Progress on stderr, then one line with the count and the rate (events/s)."})
final class ProduceCommand extends KafkaCommand {
    private static final int MAX_REPORTED = 100;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
            description = "JSON-lines file to publish; '-' or absent: standard input.")
    String file;
    @Option(names = "--topic", defaultValue = "cluster-events", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;
    @Option(names = "--offsets", description = "Print on stdout, once all are acknowledged, the last offset "
            + "published per partition as an X-Min-Offsets value (e.g. 0:17,2:40), for read-your-writes requests.")
    boolean offsets;
    @Option(names = "--skip-invalid", description = "Publish the valid lines even if some are bad (exit status 65 "
            + "all the same).")
    boolean skipInvalid;
    @Mixin
    ProgressOption progress;
    @ParentCommand
    ClusterIndexCommand root;

    private record Checked(long lines, long valid, long bad) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        boolean fromStdin = file.equals("-");
        Path input = fromStdin ? copyOfStdin() : Path.of(file);
        try {
            Checked checked = check(input, err);
            if (checked.bad() > 0 && !skipInvalid) {
                err.println(checked.bad() + " of " + checked.lines() + " lines are not valid events: nothing "
                        + "published (--skip-invalid publishes the " + checked.valid() + " valid ones)");
                return ExitCodes.DATA_ERROR;
            }
            publish(input, checked.valid(), err);
            if (checked.bad() > 0) {
                err.println(checked.bad() + " of " + checked.lines() + " lines were not valid events and were "
                        + "not published");
            }
            return checked.bad() > 0 ? ExitCodes.DATA_ERROR : ExitCodes.OK;
        } catch (NoSuchFileException e) {
            throw usageError("no such file: " + file);
        } finally {
            err.flush();
            if (fromStdin) {
                Files.deleteIfExists(input);
            }
        }
    }

    /** Standard input, kept in a temporary file: it is read twice (check, then publish). */
    private Path copyOfStdin() throws IOException {
        Path copy = Files.createTempFile("cluster-index-produce-", ".jsonl");
        Files.copy(root.stdin, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private Checked check(Path input, PrintWriter err) throws IOException {
        AtomicLong lines = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input))) {
            LineReader.forEach(in, (number, line) -> {
                if (LineReader.isBlank(line)) {
                    return;
                }
                lines.incrementAndGet();
                EventLines.Checked checked = EventLines.check(line);
                if (!checked.valid() && bad.incrementAndGet() <= MAX_REPORTED) {
                    Rejection rejection = checked.rejection();
                    err.println("line " + number + ": " + rejection.code() + ": " + rejection.message());
                }
            });
        }
        if (bad.get() > MAX_REPORTED) {
            err.println("... and " + (bad.get() - MAX_REPORTED) + " more bad lines");
        }
        return new Checked(lines.get(), lines.get() - bad.get(), bad.get());
    }

    private void publish(Path input, long valid, PrintWriter err) throws IOException {
        ProgressBar bar = new ProgressBar(err, "events", valid, progress.enabled());
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        Map<Integer, Long> lastOffsets = new ConcurrentSkipListMap<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(kafka.producer(), new StringSerializer(), new ByteArraySerializer());
             InputStream in = new BufferedInputStream(Files.newInputStream(input))) {
            AtomicLong sent = new AtomicLong();
            LineReader.forEach(in, (number, line) -> {
                if (failure.get() != null || LineReader.isBlank(line)) {
                    return;
                }
                EventLines.Checked checked = EventLines.check(line);
                if (checked.valid()) {
                    producer.send(new ProducerRecord<>(topic, checked.key(), line), (ack, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acknowledged.incrementAndGet();
                            lastOffsets.merge(ack.partition(), ack.offset(), Math::max);
                        }
                    });
                    bar.update(sent.incrementAndGet());
                }
            });
            producer.flush();
        }
        bar.finish();
        if (failure.get() != null) {
            throw new CommandFailure("cannot publish to " + topic + " on " + kafka.bootstrapServers + " ("
                    + acknowledged.get() + " of " + valid + " events acknowledged): " + failure.get().getMessage(),
                    failure.get());
        }
        if (offsets) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(lastOffsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(",")));
            out.flush();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        err.println(String.format(Locale.ROOT, "published %,d event%s to %s on %s in %.1f s (%,.0f events/s)",
                acknowledged.get(), acknowledged.get() == 1 ? "" : "s", topic, kafka.bootstrapServers, seconds,
                acknowledged.get() / seconds));
    }
}
