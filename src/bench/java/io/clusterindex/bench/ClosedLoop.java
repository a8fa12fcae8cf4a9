package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.abbreviate;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * A closed loop of one query: {@code c} threads each send a request, wait for the whole response and send the
 * next, until a deadline or a request cap. Requests go to the targets in turn (round-robin over one shared
 * counter). Latencies of the 200 responses go into HdrHistograms (microseconds); errors (non-200, I/O, timeouts)
 * and bodies the validator rejects are counted, never fatal. A phase stops issuing requests at its deadline; a
 * request already sent finishes (or times out).
 */
final class ClosedLoop {
    static final long HISTOGRAM_MAX_MICROS = 3_600_000_000L;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private ClosedLoop() {
    }

    /**
     * What one loop measured: the 200 responses ({@code requests}, {@code histogram}), errors, rejected bodies,
     * the wall time from start to the last answer, the first error, and the requests sent to each target.
     */
    record Result(long requests, long errors, long invalid, double wallSeconds, Histogram histogram,
                  String firstError, long[] perTarget) {
        static Result none(long errors, double wallSeconds, String firstError) {
            return new Result(0, errors, 0, wallSeconds, new Histogram(HISTOGRAM_MAX_MICROS, 3), firstError,
                    new long[0]);
        }

        double qps() {
            return wallSeconds <= 0 ? 0 : requests / wallSeconds;
        }

        double ms(double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
        }

        /** The progress line of a measured phase. */
        String line(String label) {
            return String.format(Locale.ROOT, "  %-7s %,7d requests in %5.1f s: %,9.1f q/s  p50 %s  p99 %s  max %s ms"
                            + "%s%s", label, requests, wallSeconds, qps(), fmt(ms(50), 2), fmt(ms(99), 2),
                    fmt(maxMs(), 2),
                    errors > 0 ? String.format(Locale.ROOT, "  ERRORS %d (%s)", errors, firstError) : "",
                    invalid > 0 ? "  INVALID " + invalid : "");
        }

        /** Warnings about this phase: its errors and rejected bodies. */
        List<String> problems(String label) {
            List<String> problems = new ArrayList<>();
            if (errors > 0) {
                problems.add(String.format(Locale.ROOT, "%s: %d errors, first: %s", label, errors, firstError));
            }
            if (invalid > 0) {
                problems.add(String.format(Locale.ROOT, "%s: %d responses with an unexpected body", label, invalid));
            }
            return problems;
        }

        /** Adds requests, errors, invalid, wall_s, qps, p50/p90/p99/max_ms and first_error to {@code row}. */
        void putJson(ObjectNode row) {
            row.put("requests", requests);
            row.put("errors", errors);
            row.put("invalid", invalid);
            row.put("wall_s", wallSeconds);
            row.put("qps", qps());
            for (double percentile : new double[] {50, 90, 99}) {
                double value = ms(percentile);
                row.put("p" + (int) percentile + "_ms", Double.isNaN(value) ? null : value);
            }
            row.put("max_ms", Double.isNaN(maxMs()) ? null : maxMs());
            row.put("first_error", firstError);
        }
    }

    /**
     * Runs {@code concurrency} threads against {@code targets} in turn for {@code seconds} (or {@code cap}
     * requests, 0: no cap); {@code valid} judges each 200 body; {@code tick} runs every 200 ms while waiting.
     */
    static Result run(List<QueryClient> targets, QueryMix.Query query, int concurrency, double seconds, long cap,
                      Predicate<byte[]> valid, long seed, String label, Runnable tick) throws InterruptedException {
        return run(targets, query, concurrency, seconds, cap, valid, seed, label, tick, () -> false);
    }

    /** {@link #run}, which also stops issuing requests once {@code stop} says so. */
    static Result run(List<QueryClient> targets, QueryMix.Query query, int concurrency, double seconds, long cap,
                      Predicate<byte[]> valid, long seed, String label, Runnable tick, BooleanSupplier stop)
            throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong turn = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong invalid = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicLongArray perTarget = new AtomicLongArray(targets.size());
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] histograms = new Histogram[concurrency];
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        Thread[] threads = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            Histogram histogram = new Histogram(HISTOGRAM_MAX_MICROS, 3);
            histograms[i] = histogram;
            SplittableRandom random = new SplittableRandom(seed * 31 + i + label.hashCode());
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < deadline[0] && !stop.getAsBoolean()
                        && (cap <= 0 || issued.incrementAndGet() <= cap)) {
                    QueryClient.Request request = query.request(random);
                    int target = (int) (turn.getAndIncrement() % targets.size());
                    perTarget.incrementAndGet(target);
                    long t0 = System.nanoTime();
                    try {
                        QueryClient.Response response = targets.get(target).send(request);
                        long t1 = System.nanoTime();
                        if (response.status() == 200) {
                            histogram.recordValue(Math.min(HISTOGRAM_MAX_MICROS, Math.max(1, (t1 - t0) / 1000)));
                            done.incrementAndGet();
                            if (!valid.test(response.body())) {
                                invalid.incrementAndGet();
                            }
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "status " + response.status() + " "
                                    + abbreviate(response.body()));
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException | OutOfMemoryError e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "closed-loop-" + query.name() + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown();
        long nextReport = start + PROGRESS_EVERY.toNanos();
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(200);
                tick.run();
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + PROGRESS_EVERY.toNanos();
                    System.out.printf(Locale.ROOT, "  %-7s ... %.0f s: %,d done, %,d errors%s%n", label,
                            seconds(now - start), done.get(), errors.get(),
                            now > deadline[0] ? " (past the deadline, waiting for the requests in flight)" : "");
                }
            }
        }
        Histogram merged = new Histogram(HISTOGRAM_MAX_MICROS, 3);
        for (Histogram h : histograms) {
            merged.add(h);
        }
        long[] sent = new long[targets.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = perTarget.get(i);
        }
        long end = Math.max(lastEnd.get(), start + 1);
        return new Result(done.get(), errors.get(), invalid.get(), seconds(end - start), merged, firstError.get(),
                sent);
    }
}
