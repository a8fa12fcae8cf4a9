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
        assertThat(growth.describe()).contains("+40.0 MiB/minute").contains("GROWING");
    }

    @Test
    void unknownSamplesAreLeftOutAndTooFewMinutesTellNothing() {
        assertThat(Growth.of("heap", new long[] {-1, 700 * MIB, -1, 700 * MIB}).growing()).isFalse();
        assertThat(Growth.of("heap", new long[] {700 * MIB}).describe()).contains("too few minutes");
    }
}
