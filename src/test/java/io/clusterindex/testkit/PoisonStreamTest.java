package io.clusterindex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.generate.EventStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoisonStreamTest {
    private static final PoisonStream.Options OPTIONS = new PoisonStream.Options(7L, 600, 30, 0.5, 0.05, 64 * 1024,
            EventStream.TEST_NAMESPACES);

    @Test
    void theSameOptionsGiveTheSameRecords() {
        List<PoisonRecord> first = PoisonStream.all(OPTIONS);
        List<PoisonRecord> second = PoisonStream.all(OPTIONS);

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).key()).as("key of %s", first.get(i)).isEqualTo(first.get(i).key());
            assertThat(second.get(i).value()).as("value of %s", first.get(i)).isEqualTo(first.get(i).value());
            assertThat(second.get(i).kind()).isEqualTo(first.get(i).kind());
        }
    }

    @Test
    void everyKindIsInTheStreamAndNoRecordExceedsTheLimit() {
        List<PoisonRecord> records = PoisonStream.all(OPTIONS);

        assertThat(records.stream().map(PoisonRecord::kind).distinct())
                .containsAll(Arrays.stream(PoisonKind.values()).map(Enum::name).toList());
        assertThat(records).allSatisfy(r -> assertThat(r.value() == null ? 0 : r.value().length)
                .as("value size of %s", r).isLessThanOrEqualTo(OPTIONS.maxValueBytes()));
        assertThat(records).filteredOn(r -> r.kind().startsWith("AT_LIMIT") || r.kind().equals("VALID_AT_LIMIT"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.value()).hasSize(OPTIONS.maxValueBytes()));
        assertThat(records).extracting(PoisonRecord::index).doesNotHaveDuplicates();
    }
}
