package io.clusterindex.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PermitsTest {
    @Test
    void neverRunsMoreThanItsCountAtOnceAndRunsEveryWaiterInTheEnd() throws Exception {
        Permits permits = new Permits(2, Duration.ofSeconds(30), "busy");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CompletableFuture<Answer<Integer>>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            runs.add(CompletableFuture.supplyAsync(() -> permits.run(() -> {
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
        Permits permits = new Permits(1, Duration.ofMillis(50), "too many list queries in progress");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Answer<String>> first = CompletableFuture.supplyAsync(() -> permits.run(() -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.found("first");
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        Answer<String> second = permits.run(() -> {
            ran.incrementAndGet();
            return Answer.found("second");
        });
        assertThat(second).isInstanceOfSatisfying(Answer.NotServed.class, notServed -> {
            assertThat(notServed.reason()).isEqualTo(FailureReason.BUSY);
            assertThat(notServed.message()).isEqualTo("too many list queries in progress");
        });
        assertThat(ran).hasValue(0);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Answer.found("first"));
        assertThat(permits.run(() -> Answer.found("third"))).isEqualTo(Answer.found("third"));
    }

    @Test
    void aPermitIsGivenBackWhenTheWorkThrows() {
        Permits permits = new Permits(1, Duration.ofMillis(50), "busy");
        assertThatThrownBy(() -> permits.run(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(permits.run(() -> Answer.found(1))).isEqualTo(Answer.found(1));
    }

    @Test
    void refusesFewerThanOnePermit() {
        assertThatThrownBy(() -> new Permits(0, Duration.ofSeconds(1), "busy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
