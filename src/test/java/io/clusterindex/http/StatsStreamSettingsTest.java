package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsStreamSettingsTest {
    @Test
    void unsetOrBlankVariablesGiveTheDefaults() {
        assertThat(StatsStreamSettings.fromEnvironment(Map.of())).isEqualTo(StatsStreamSettings.DEFAULTS);
        assertThat(StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_MAX_OPEN", " ")))
                .isEqualTo(StatsStreamSettings.DEFAULTS);
        assertThat(StatsStreamSettings.DEFAULTS).isEqualTo(new StatsStreamSettings(4, Duration.ofSeconds(15), 100,
                Duration.ofSeconds(10)));
    }

    @Test
    void everyVariableIsRead() {
        assertThat(StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_MAX_EVENTS_PER_SECOND", "10",
                "STATS_STREAM_HEARTBEAT_MS", "5000", "STATS_STREAM_MAX_OPEN", "7", "STATS_STREAM_WRITE_TIMEOUT_MS",
                "250"))).isEqualTo(new StatsStreamSettings(10, Duration.ofSeconds(5), 7, Duration.ofMillis(250)));
        assertThat(new StatsStreamSettings(4, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)).minInterval())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aValueThatIsNotAWholeNumberNamesItsVariable() {
        assertThatThrownBy(() -> StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_HEARTBEAT_MS", "15s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STATS_STREAM_HEARTBEAT_MS must be a whole number, not '15s'");
    }

    @Test
    void valuesThatWouldStopTheStreamAreRefused() {
        assertThatThrownBy(() -> StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_MAX_EVENTS_PER_SECOND", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 events/s");
        assertThatThrownBy(() -> StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_HEARTBEAT_MS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat PT0S");
        assertThatThrownBy(() -> StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_MAX_OPEN", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 streams");
        assertThatThrownBy(() -> StatsStreamSettings.fromEnvironment(Map.of("STATS_STREAM_WRITE_TIMEOUT_MS", "-5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write timeout PT-0.005S");
    }
}
