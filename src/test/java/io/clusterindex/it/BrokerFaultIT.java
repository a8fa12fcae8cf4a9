package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15, item 2 at test size: the broker ({@code cluster-index broker}) and the indexer in child processes of their
 * own; the broker is SIGKILLed and restarted once mid-stream and once while queries run. The indexer never exits,
 * {@code /health/ready} goes 503 during each outage and 200 after it, the queries are answered again without a restart,
 * and the view, the stats, the DLQ and the API equal an independent replay (the {@link KillLoop} that
 * {@code bench/kill-loop.sh --broker-kills} runs at 200,000 events).
 */
@Tag("integration")
class BrokerFaultIT {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerFaultIT.class);

    @Test
    void theIndexerOutlivesBrokerKillsReportsThemWhenReadyAndLosesNothing() {
        Path workDir = Path.of("target", "it-broker-fault-" + UUID.randomUUID()).toAbsolutePath();

        KillLoop.Result result = new KillLoop(new KillLoop.Options(2000, 100, 0, true, 15L, workDir,
                Duration.ofSeconds(60)), LOG::info).run();

        LOG.info("broker faults: {}", result);
        assertThat(result.faults()).extracting(KillLoop.Fault::what)
                .containsExactly("broker", "broker (queries running)");
        assertThat(result.faults()).allSatisfy(fault -> assertThat(fault.notReadyAfterMillis()).isPositive()
                .isLessThan(fault.readyAgainAfterMillis()));
        assertThat(result.check().deadLetters()).isPositive();
        assertThat(result.check().resent()).as("sends failed during the mid-stream outage and were re-sent")
                .isPositive();
        assertThat(result.faults().get(0).committedAtKill()).as("the indexer had processed part of the stream")
                .isPositive();
        assertThat(result.answersAfterBrokerRestart()).isPositive();
    }
}
