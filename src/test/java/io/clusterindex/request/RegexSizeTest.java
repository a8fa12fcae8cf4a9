package io.clusterindex.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegexSizeTest {
    @Test
    void countsEveryLiteralClassAndEscapeOnce() {
        assertThat(RegexSize.of("")).isZero();
        assertThat(RegexSize.of("abc")).isEqualTo(3);
        assertThat(RegexSize.of("[a-z\\]]x\\d")).isEqualTo(3);
        assertThat(RegexSize.of("(ab|cd)*")).isEqualTo(6);
    }

    @Test
    void multipliesWhatACountedRepetitionRepeatsByItsLargerCount() {
        assertThat(RegexSize.of("a{3}")).isEqualTo(3);
        assertThat(RegexSize.of("xa{2,7}")).isEqualTo(8);
        assertThat(RegexSize.of("a{4,}")).isEqualTo(5);
        assertThat(RegexSize.of("(ab){10}c")).isEqualTo(21);
        assertThat(RegexSize.of("[a-z]{1000}")).isEqualTo(1000);
    }

    @Test
    void nestedCountsMultiplyAndSaturateInsteadOfOverflowing() {
        assertThat(RegexSize.of("(a{1000}){1000}")).isEqualTo(1_000_000);
        assertThat(RegexSize.of("((a{1000}){1000}){1000}")).isEqualTo(1_000_000_000);
        assertThat(RegexSize.of("((((((a{1000}){1000}){1000}){1000}){1000}){1000}){1000}")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void whatIsNotACountIsCountedAsLiteralsAndUnbalancedGroupsStillEnd() {
        assertThat(RegexSize.of("a{x}")).isEqualTo(4);
        assertThat(RegexSize.of("{3}")).isEqualTo(3);
        assertThat(RegexSize.of("((ab")).isEqualTo(2);
        assertThat(RegexSize.of("ab)")).isEqualTo(3);
        assertThat(RegexSize.of("[abc")).isEqualTo(1);
        assertThat(RegexSize.of("a\\")).isEqualTo(2);
    }
}
