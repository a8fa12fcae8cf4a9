package io.clusterindex.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsVersionTest {
    @Test
    void anIdIsWrittenAndReadBackAsPartitionAndOffset() {
        StatsVersion version = new StatsVersion(2, 1045);

        assertThat(version.wire()).isEqualTo("2-1045");
        assertThat(StatsVersion.parse("2-1045")).contains(version);
        assertThat(StatsVersion.parse(" 2-1045 ")).contains(version);
    }

    @Test
    void anythingElseIsNoId() {
        assertThat(StatsVersion.parse(null)).isEmpty();
        assertThat(StatsVersion.parse("")).isEmpty();
        assertThat(StatsVersion.parse("2")).isEmpty();
        assertThat(StatsVersion.parse("-1-5")).isEmpty();
        assertThat(StatsVersion.parse("2-x")).isEmpty();
        assertThat(StatsVersion.parse("2-1045-7")).isEmpty();
        assertThat(StatsVersion.parse("9999999999-1")).isEmpty();
    }

    @Test
    void aLaterOffsetOfThePartitionOrAnotherPartitionIsNewer() {
        StatsVersion seen = new StatsVersion(1, 10);

        assertThat(new StatsVersion(1, 11).isNewerThan(seen)).isTrue();
        assertThat(new StatsVersion(1, 10).isNewerThan(seen)).isFalse();
        assertThat(new StatsVersion(1, 9).isNewerThan(seen)).isFalse();
        assertThat(new StatsVersion(0, 3).isNewerThan(seen)).isTrue();
        assertThat(seen.isNewerThan(null)).isTrue();
    }
}
