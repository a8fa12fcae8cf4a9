package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CourtesyTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger yields = new AtomicInteger();

    @Test
    void yieldsOnceASliceHasPassedAndCountsTheNextSliceFromTheYield() {
        Courtesy courtesy = new Courtesy(now::get, yields::incrementAndGet, 200);

        now.addAndGet(199);
        courtesy.check();
        assertThat(yields).hasValue(0);

        now.addAndGet(1);
        courtesy.check();
        assertThat(yields).hasValue(1);

        now.addAndGet(150);
        courtesy.check();
        courtesy.check();
        assertThat(yields).hasValue(1);

        now.addAndGet(50);
        courtesy.check();
        assertThat(yields).hasValue(2);
    }

    @Test
    void aLongPauseBetweenPollsYieldsOnceNotOncePerSliceMissed() {
        Courtesy courtesy = new Courtesy(now::get, yields::incrementAndGet, 200);

        now.addAndGet(10_000);
        courtesy.check();
        courtesy.check();

        assertThat(yields).hasValue(1);
    }

    @Test
    void theSliceOfTheProductIsAFewHundredMicroseconds() {
        assertThat(Courtesy.SLICE_NANOS).isBetween(50_000L, 1_000_000L);
        Courtesy.poll();
    }
}
