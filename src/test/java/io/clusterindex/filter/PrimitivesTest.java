package io.clusterindex.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import io.clusterindex.time.Rfc3339;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

    @Test
    void rfc3339AgreesWithJavaTimeOnRandomDateTimes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong() % 253_402_300_799L;
            int nano = random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(18 * 60 * 2 + 1) - 18 * 60;
            OffsetDateTime time = Instant.ofEpochSecond(Math.abs(second) - 62_135_596_800L + 86_400 * 2, nano)
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            if (time.getYear() < 0 || time.getYear() > 9999) {
                continue;
            }
            String text = time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (text.length() < 20 || text.charAt(16) != ':') {
                continue;
            }
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(time.toInstant());
        }
    }

    @Test
    void rfc3339AcceptsTheFormsOfTheRfc() {
        assertThat(Rfc3339.parse("2026-11-28T10:15:30.250Z")).isEqualTo(Instant.parse("2026-11-28T10:15:30.250Z"));
        assertThat(Rfc3339.parse("2026-11-28t10:15:30z")).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(Rfc3339.parse("2026-11-28T10:15:30-02:30")).isEqualTo(Instant.parse("2026-11-28T12:45:30Z"));
        assertThat(Rfc3339.parse("2024-02-29T00:00:00.1234567891Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00.123456789Z"));
        assertThat(Rfc3339.parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void rfc3339RejectsEverythingElse() {
        for (String text : List.of("2026-11-28", "2026-11-28T10:15Z", "2026-11-28T10:15:30", "2026-02-30T00:00:00Z",
                "2023-02-29T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T10:60:00Z", "2026-11-28T10:15:60Z",
                "2026-11-28 10:15:30Z", "2026-11-28T10:15:30.Z", "2026-11-28T10:15:30+0200", "2026-11-28T10:15:30+24:00",
                "2026-11-28T10:15:30Zjunk", "+2026-11-28T10:15:30Z", "2026-1-28T10:15:30Z", "")) {
            assertThat(Rfc3339.parse(text)).as(text).isNull();
        }
    }

    @Test
    void codePointOrderAgreesWithComparingCodePointArrays() {
        Random random = new Random(3);
        char[] alphabet = {'a', 'B', '\u00e9', '\uD7FF', '\uE000', '\uFFFF', '\uD83D', '\uDE00', '\uD800', '\uDC00'};
        for (int i = 0; i < 50_000; i++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            int expected = Integer.signum(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
            assertThat(Integer.signum(CodePoints.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
            assertThat(CodePoints.hasSurrogate(a)).as(a)
                    .isEqualTo(a.chars().anyMatch(c -> Character.isSurrogate((char) c)));
            if (!CodePoints.hasSurrogate(a) && !CodePoints.hasSurrogate(b)) {
                // what the index's id tie-break relies on
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(expected);
            }
        }
    }

    private static String randomString(Random random, char[] alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    @Test
    void numbersCompareExactlyAcrossRepresentations() {
        JsonNode five = Json.NODES.numberNode(5);
        assertThat(Numbers.compare(five, Json.NODES.numberNode(5.0))).isZero();
        assertThat(Numbers.compare(five, Json.NODES.numberNode(new BigDecimal("5.000")))).isZero();
        assertThat(Numbers.compare(five, Json.NODES.numberNode(BigInteger.valueOf(5)))).isZero();
        assertThat(Numbers.compare(Json.NODES.numberNode(-0.0), Json.NODES.numberNode(0))).isZero();
        long big = (1L << 60) + 1;
        assertThat(Numbers.compare(Json.NODES.numberNode(big), Json.NODES.numberNode((double) (1L << 60)))).isPositive();
        assertThat(Numbers.compare(Json.NODES.numberNode(new BigInteger("100000000000000000000")),
                Json.NODES.numberNode(Long.MAX_VALUE))).isPositive();
        assertThat(Numbers.compare(Json.NODES.numberNode(Double.POSITIVE_INFINITY),
                Json.NODES.numberNode(new BigDecimal("1e400")))).isPositive();
        assertThat(Numbers.compare(Json.NODES.numberNode(0.1), Json.NODES.numberNode(new BigDecimal("0.1"))))
                .isPositive();
    }

    @Test
    void wordsAreRunsOfLettersAndDigits() {
        assertThat(Words.split("Hello, wörld-2026 \uD835\uDC00x!")).containsExactly("Hello", "wörld", "2026",
                "\uD835\uDC00x");
        assertThat(Words.split(" -- ")).isEmpty();
        assertThat(Words.containsWord("alpha-beta gamma", "beta")).isTrue();
        assertThat(Words.containsWord("alphabeta beta2", "beta")).isFalse();
        assertThat(Words.containsWord("x\u00e9beta", "beta")).isFalse();
    }

    @Test
    void foldingIsLowerCaseInTheRootLocale() {
        assertThat(Fold.fold("TITLE İ")).isEqualTo("title i\u0307");
        assertThat(Fold.apply("ABC", true)).isEqualTo("ABC");
    }
}
