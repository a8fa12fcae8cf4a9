package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
    @Test
    void positiveIntsKeepTheirOrderAndRejectRepeatsAndNonPositiveValues() {
        assertThat(Converters.positiveInts("--x", "3,1, 2")).containsExactly(3, 1, 2);
        assertThat(Converters.positiveInts("--x", "1_000")).containsExactly(1000);
        assertThatThrownBy(() -> Converters.positiveInts("--x", "1,1")).hasMessage("--x lists 1 twice");
        assertThatThrownBy(() -> Converters.positiveInts("--x", "0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Converters.positiveInts("--x", "")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void queryNamesAreCaseFoldedAndLimitedToTheMix() {
        assertThat(Converters.queryNames("--queries", "Q1, q7")).containsExactly("q1", "q7");
        assertThatThrownBy(() -> Converters.queryNames("--queries", "q0")).hasMessageContaining("q1..q7");
    }

    @Test
    void mixNamesTakeTheFixedAndTheVariedQueriesInTheirOrderWithoutRepeats() {
        assertThat(Converters.mixNames("--queries", "q9, Q1V,q8,q6,q5v")).containsExactly("q9", "q1v", "q8", "q6",
                "q5v");
        assertThatThrownBy(() -> Converters.mixNames("--queries", "q6v")).hasMessageContaining("q1..q9 and q1v..q5v");
        assertThatThrownBy(() -> Converters.mixNames("--queries", "q10")).hasMessageContaining("got 'q10'");
        assertThatThrownBy(() -> Converters.mixNames("--background", "q8,q8")).hasMessage("--background lists q8 twice");
    }

    @Test
    void integersTakeDigitSeparatorsAndNumbersMustBeFinite() {
        assertThat(new Converters.PositiveLong().convert("1,000,000")).isEqualTo(1_000_000L);
        assertThat(new Converters.AnyLong().convert("-7")).isEqualTo(-7L);
        assertThat(new Converters.NonNegativeDouble().convert("0")).isZero();
        assertThatThrownBy(() -> new Converters.PositiveInt().convert("3000000000")).hasMessageContaining("at most");
        assertThatThrownBy(() -> new Converters.PositiveDouble().convert("0")).hasMessageContaining("> 0");
        assertThatThrownBy(() -> new Converters.NonNegativeDouble().convert("Infinity")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new Converters.AnyLong().convert("ten")).hasMessageContaining("an integer");
    }

    @Test
    void choicesAndHeapSizesAreChecked() {
        assertThat(new Converters.Client().convert("jdk")).isEqualTo("jdk");
        assertThatThrownBy(() -> new Converters.Client().convert("curl")).hasMessage("must be url or jdk, got 'curl'");
        assertThat(new Converters.HeapSize().convert("1500m")).isEqualTo("1500m");
        assertThatThrownBy(() -> new Converters.HeapSize().convert("2gb")).hasMessageContaining("heap size");
    }
}
