package io.clusterindex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void theLineShowsTheShareDoneAsBarPercentAndCount() {
        assertThat(ProgressBar.line(0, 2000, "events")).isEqualTo("[..............................]   0%  0/2,000 events");
        assertThat(ProgressBar.line(500, 2000, "events")).isEqualTo("[#######.......................]  25%  500/2,000 events");
        assertThat(ProgressBar.line(2000, 2000, "events")).isEqualTo("[##############################] 100%  2,000/2,000 events");
    }

    @Test
    void aDisabledBarWritesNothingAndAnEnabledOneRedrawsInPlaceAndEndsItsLine() {
        StringWriter off = new StringWriter();
        StringWriter on = new StringWriter();
        ProgressBar disabled = new ProgressBar(new PrintWriter(off), "events", 10, false);
        ProgressBar enabled = new ProgressBar(new PrintWriter(on), "events", 10, true);

        for (int i = 1; i <= 10; i++) {
            disabled.update(i);
            enabled.update(i);
        }
        disabled.finish();
        enabled.finish();

        assertThat(off.toString()).isEmpty();
        assertThat(on.toString()).startsWith("\r[###").endsWith("\r" + ProgressBar.line(10, 10, "events")
                + System.lineSeparator()).doesNotContain("\n\r");
    }
}
