package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.fold.Timestamps;
import io.clusterindex.json.Json;
import io.clusterindex.time.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The column's canonical-timestamp check must say exactly what formatting the instant and comparing would say. */
class TimestampColumnTest {
    private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_9999_END = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void canonicalCheckAgreesWithFormattingOnRandomInstantsAndTheirVariants() {
        Random random = new Random(20261129);
        int checked = 0;
        int canonical = 0;
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(YEAR_0000 + Math.floorMod(random.nextLong(), YEAR_9999_END - YEAR_0000 + 1),
                    nano(random));
            for (String text : variants(Timestamps.format(at))) {
                Instant parsed = Rfc3339.parse(text);
                if (parsed == null) {
                    continue;
                }
                boolean expected = Timestamps.format(parsed).equals(text);
                assertThat(TimestampColumn.isCanonical(text, parsed)).as(text).isEqualTo(expected);
                checked++;
                canonical += expected ? 1 : 0;
            }
        }
        assertThat(canonical).isGreaterThan(15_000);
        assertThat(checked - canonical).isGreaterThan(50_000);
    }

    @Test
    void canonicalCheckAgreesWithFormattingAtTheEdges() {
        List<String> texts = List.of("0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0999-12-31T23:59:59.999Z",
                "1000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.1Z", "1970-01-01T00:00:00.100Z",
                "1970-01-01T00:00:00.100000Z", "1970-01-01T00:00:00.000001Z", "1970-01-01T00:00:00.000000001Z",
                "1970-01-01T00:00:00.0000000001Z", "1970-01-01T00:00:00.1234567891Z", "2024-02-29T00:00:00Z",
                "2026-11-28T10:15:30.250Z", "2026-11-28t10:15:30.250Z", "2026-11-28T10:15:30.250z",
                "2026-11-28T10:15:30.250+00:00", "2026-11-28T10:15:30.250-00:00", "2026-11-28T12:15:30.250+02:00",
                "9999-12-31T23:59:59.999999999Z", "2026-11-28T10:15:30.25Z", "2026-11-28T10:15:30.2500Z");
        for (String text : texts) {
            Instant parsed = Rfc3339.parse(text);
            assertThat(parsed).as(text).isNotNull();
            assertThat(TimestampColumn.isCanonical(text, parsed)).as(text)
                    .isEqualTo(Timestamps.format(parsed).equals(text));
        }
    }

    @Test
    void onlyCanonicalTimestampsAreStored() {
        TimestampColumn column = new TimestampColumn(4);
        assertThat(column.set(0, Json.NODES.textNode("2026-11-28T10:15:30.250Z"))).isTrue();
        assertThat(column.set(1, Json.NODES.textNode("2026-11-28T10:15:30.250000Z"))).isFalse();
        assertThat(column.set(1, Json.NODES.textNode("2026-11-28T11:15:30.250+01:00"))).isFalse();
        assertThat(column.set(1, Json.NODES.textNode("yesterday"))).isFalse();
        assertThat(column.set(1, Json.NODES.numberNode(1))).isFalse();
        assertThat(column.set(1, Json.NODES.nullNode())).isTrue();
        assertThat(column.set(2, null)).isTrue();
        column.copy(3, 0);
        assertThat(column.values().value(3).textValue())
                .isEqualTo("2026-11-28T10:15:30.250Z");
        column.copy(3, 1);
        assertThat(column.values().value(3)).isEqualTo(Json.NODES.nullNode());
        column.copy(3, 2);
        assertThat(column.values().value(3)).isNull();
    }

    @Test
    void instantsOutsideTheNanosecondRangeAreKeptAsideAndCompareExactly() {
        List<String> texts = List.of("0001-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "1677-09-21T00:12:43Z",
                "1678-01-01T00:00:00Z", "2261-12-31T23:59:59.999999999Z", "2262-06-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z");
        TimestampColumn column = new TimestampColumn(texts.size() + 1);
        for (int row = 0; row < texts.size(); row++) {
            assertThat(column.set(row, Json.NODES.textNode(texts.get(row)))).isTrue();
        }
        column.copy(texts.size(), 0);
        TimestampColumn.Values values = column.values();
        for (int a = 0; a <= texts.size(); a++) {
            Instant at = Instant.parse(texts.get(a % texts.size()));
            assertThat(values.value(a).textValue()).isEqualTo(texts.get(a % texts.size()));
            assertThat(values.instant(a)).isEqualTo(at);
            for (int b = 0; b <= texts.size(); b++) {
                Instant other = Instant.parse(texts.get(b % texts.size()));
                assertThat(Integer.signum(values.compare(a, b))).as(a + " vs " + b)
                        .isEqualTo(Integer.signum(at.compareTo(other)));
                assertThat(Integer.signum(values.compareTo(a, TimestampColumn.comparable(other), other)))
                        .isEqualTo(Integer.signum(at.compareTo(other)));
            }
        }
    }

    private static int nano(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            case 3 -> random.nextInt(1_000_000_000);
            default -> random.nextInt(10) * 100_000_000;
        };
    }

    /** The canonical text and near misses: other separators, offsets, and fraction lengths. */
    private static List<String> variants(String canonical) {
        List<String> texts = new ArrayList<>();
        texts.add(canonical);
        texts.add(canonical.replace('T', 't'));
        texts.add(canonical.replace('Z', 'z'));
        texts.add(canonical.replace("Z", "+00:00"));
        String base = canonical.substring(0, 19);
        String fraction = canonical.length() > 20 ? canonical.substring(20, canonical.length() - 1) : "";
        texts.add(base + ".000Z");
        texts.add(base + "." + fraction + "0Z");
        texts.add(base + "." + fraction + "000Z");
        if (fraction.length() > 1) {
            texts.add(base + "." + fraction.substring(0, fraction.length() - 1) + "Z");
            String trimmed = fraction.replaceAll("0+$", "");
            texts.add(base + (trimmed.isEmpty() ? "" : "." + trimmed) + "Z");
        }
        return texts;
    }
}
