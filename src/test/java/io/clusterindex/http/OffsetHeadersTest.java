package io.clusterindex.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetHeadersTest {

    @Test
    void positionsAreWrittenAsPartitionOffsetPairsInPartitionOrder() {
        TreeMap<Integer, Long> positions = new TreeMap<>(Map.of(2, 1210L, 0, 1045L, 1, 998L, 10, -1L));

        assertThat(OffsetHeaders.format(positions)).isEqualTo("0:1045,1:998,2:1210,10:-1");
        assertThat(OffsetHeaders.format(new TreeMap<>())).isEmpty();
    }

    @Test
    void minOffsetsParseIntoPartitionsAndOffsets() {
        assertThat(OffsetHeaders.parseMinOffsets("0:1045,1:998,2:1210"))
                .containsExactly(Map.entry(0, 1045L), Map.entry(1, 998L), Map.entry(2, 1210L));
        assertThat(OffsetHeaders.parseMinOffsets(" 2 : 5 , 0:9223372036854775807"))
                .containsExactly(Map.entry(0, Long.MAX_VALUE), Map.entry(2, 5L));
        assertThat(OffsetHeaders.parseMinOffsets("1:-1")).containsExactly(Map.entry(1, -1L));
        assertThat(OffsetHeaders.parseMinOffsets(null)).isEmpty();
    }

    @Test
    void whatIsWrittenParsesBackToTheSamePositions() {
        TreeMap<Integer, Long> positions = new TreeMap<>(Map.of(0, 0L, 1, 17L, 5, -1L, 2, 1L << 40));

        assertThat(OffsetHeaders.parseMinOffsets(OffsetHeaders.format(positions))).isEqualTo(positions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "0:", ":5", "0:5,", ",0:5", "0:5;1:6", "a:1", "0:b", "0:-2", "-1:5",
            "0:1.5", "0:5,0:6", "0:99999999999999999999", "2147483648:1", "0:+5", "0=5", "0:5 1:6"})
    void badMinOffsetsAre400NamingTheHeader(String value) {
        assertThatThrownBy(() -> OffsetHeaders.parseMinOffsets(value))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("X-Min-Offsets must hold");
                });
    }

    @Test
    void aRepeatedPartitionIsNamed() {
        assertThatThrownBy(() -> OffsetHeaders.parseMinOffsets("0:5,1:2,0:6"))
                .hasMessageContaining("partition 0 is repeated");
    }

    @Test
    void theWaitDefaultsToFiveSecondsAndAcceptsZeroToThirtySeconds() {
        assertThat(OffsetHeaders.parseWait(null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(OffsetHeaders.parseWait("0")).isEqualTo(Duration.ZERO);
        assertThat(OffsetHeaders.parseWait(" 250 ")).isEqualTo(Duration.ofMillis(250));
        assertThat(OffsetHeaders.parseWait("30000")).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-1", "30001", "99999999999", "1.5", "5s", "1e3", "+5", "abc"})
    void badWaitsAre400NamingTheHeader(String value) {
        assertThatThrownBy(() -> OffsetHeaders.parseWait(value))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("X-Wait-Ms must be").contains("0 to 30000");
                });
    }

    @Test
    void longBadValuesAreEchoedShortened() {
        String value = "x".repeat(5_000);

        assertThatThrownBy(() -> OffsetHeaders.parseMinOffsets(value)).satisfies(e ->
                assertThat(e.getMessage()).hasSizeLessThan(300).endsWith("...')"));
    }
}
