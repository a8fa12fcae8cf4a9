package io.clusterindex.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PermitsTest {
    /**
     * Runs {@code work} on a thread of its own: the work blocks, so it must not share the common pool, which has one
     * thread on a 2-core machine, where Java 25 runs {@code supplyAsync} without an executor (Java 17 gave each
     * such task a thread of its own).
     */
    static <T> CompletableFuture<T> onItsOwnThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> {
            Thread thread = new Thread(task, "permits-test");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Test
    void neverRunsMoreThanItsCountAtOnceAndRunsEveryWaiterInTheEnd() throws Exception {
        Permits permits = new Permits(new Admission(2, 12, Duration.ofSeconds(30)), "work");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CompletableFuture<Answer<Integer>>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            runs.add(onItsOwnThread(() -> permits.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return Answer.found(n);
            })));
        }
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found(i));
        }
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void aWaiterWhoseTurnDoesNotComeInTimeIsToldBusyWithoutRunning() throws Exception {
        Permits permits = new Permits(new Admission(1, 1, Duration.ofMillis(50)), "list queries");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = holdTheOnlyPermit(permits, release);
        AtomicInteger ran = new AtomicInteger();
        Answer<String> second = permits.run(() -> {
            ran.incrementAndGet();
            return Answer.found("second");
        });
        assertThat(second).isInstanceOfSatisfying(Answer.NotServed.class, notServed -> {
            assertThat(notServed.reason()).isEqualTo(FailureReason.BUSY);
            assertThat(notServed.message()).isEqualTo("waited 50 ms for a turn among the list queries; retry in a moment");
        });
        assertThat(ran).hasValue(0);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
        assertThat(permits.run(() -> Answer.found("third"))).isEqualTo(Answer.found("third"));
    }

    @Test
    void aPermitIsGivenBackWhenTheWorkThrows() {
        Permits permits = new Permits(new Admission(1, 0, Duration.ofMillis(50)), "work");
        assertThatThrownBy(() -> permits.run(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(permits.run(() -> Answer.found(1))).isEqualTo(Answer.found(1));
    }

    @Test
    void withEveryPlaceInTheQueueTakenTheNextIsRefusedAtOnceAndTheWaiterIsServedWhenTheFirstEnds() throws Exception {
        Permits permits = new Permits(new Admission(1, 1, Duration.ofSeconds(30)), "list queries");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = holdTheOnlyPermit(permits, release);
        CompletableFuture<Answer<String>> waiter = onItsOwnThread(() ->
                permits.run(() -> Answer.found("waiter")));
        await().atMost(Duration.ofSeconds(30)).until(() -> permits.waiting() == 1);
        long started = System.nanoTime();
        Answer<String> third = permits.run(() -> Answer.found("third"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(third).isInstanceOfSatisfying(Answer.NotServed.class, notServed -> {
            assertThat(notServed.reason()).isEqualTo(FailureReason.BUSY);
            assertThat(notServed.message()).isEqualTo("too many list queries at once: 1 running and 1 waiting; "
                    + "retry in a moment");
        });
        assertThat(waiter).isNotDone();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("waiter"));
        assertThat(permits.waiting()).isZero();
        assertThat(permits.run(() -> Answer.found("fourth"))).isEqualTo(Answer.found("fourth"));
    }

    @Test
    void withoutAQueueAnyWorkBeyondTheRunningIsRefused() throws Exception {
        Permits permits = new Permits(new Admission(1, 0, Duration.ofSeconds(30)), "full scans");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = holdTheOnlyPermit(permits, release);
        assertThat(permits.run(() -> Answer.found("second")))
                .isInstanceOfSatisfying(Answer.NotServed.class, notServed ->
                        assertThat(notServed.reason()).isEqualTo(FailureReason.BUSY));
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
    }

    @Test
    void refusesFewerThanOnePermitANegativeQueueOrWait() {
        assertThatThrownBy(() -> new Admission(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Admission(1, -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue");
        assertThatThrownBy(() -> new Admission(1, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait");
    }

    /** Work that holds the permit until {@code release}, once it runs. */
    static CompletableFuture<Answer<String>> holdTheOnlyPermit(Permits permits, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = onItsOwnThread(() -> permits.run(() -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.found("first");
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        return first;
    }
}
