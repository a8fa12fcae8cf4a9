package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthTest {
    private static final long MIB = 1L << 20;

    @Test
    void aFlatSeriesAfterItsWarmUpMinuteHasNoGrowthTrend() {
        Growth growth = Growth.of("heap", new long[] {100 * MIB, 800 * MIB, 790 * MIB, 810 * MIB, 800 * MIB});

        assertThat(growth.slopePerMinute()).isCloseTo(2.0 * MIB, within(1.0));
        assertThat(growth.growing()).isFalse();
        assertThat(growth.describe()).contains("no growth trend");
    }

    @Test
    void aSeriesThatKeepsClimbingIsGrowing() {
        Growth growth = Growth.of("rss", new long[] {500 * MIB, 500 * MIB, 540 * MIB, 580 * MIB, 620 * MIB});

        assertThat(growth.slopePerMinute()).isCloseTo(40.0 * MIB, within(1.0));
        assertThat(growth.growing()).isTrue();
        assertThat(growth.describe()).contains("+40.0 +- 0.0 MiB/minute").contains("GROWING");
    }

    @Test
    void aSlopeWithinTheNoiseIsNoTrend() {
        // RSS of the 10-minute sustained run of docs/reliability.md: +37.9 MiB a minute, standard error 32.8
        long[] rss = {2256, 2762, 2327, 2417, 2154, 2434, 2240, 2719, 2858, 2760};
        Growth growth = Growth.of("rss", java.util.Arrays.stream(rss).map(v -> v * MIB).toArray());

        assertThat(growth.slopePerMinute()).isCloseTo(37.9 * MIB, within(0.1 * MIB));
        assertThat(growth.standardError()).isCloseTo(32.8 * MIB, within(0.1 * MIB));
        assertThat(growth.growing()).isFalse();
        assertThat(growth.describe()).contains("+37.9 +- 32.8 MiB/minute").contains("within 2.0 standard errors");
    }

    @Test
    void aNoisyButSteadyClimbIsGrowing() {
        long[] rss = {2000, 2100, 2250, 2280, 2450, 2480, 2650, 2690, 2850, 2880};
        Growth growth = Growth.of("rss", java.util.Arrays.stream(rss).map(v -> v * MIB).toArray());

        assertThat(growth.growing()).isTrue();
        assertThat(growth.describe()).contains("GROWING");
    }

    @Test
    void unknownSamplesAreLeftOutAndTooFewMinutesTellNothing() {
        assertThat(Growth.of("heap", new long[] {-1, 700 * MIB, -1, 700 * MIB}).growing()).isFalse();
        assertThat(Growth.of("heap", new long[] {700 * MIB}).describe()).contains("too few minutes");
    }
}
