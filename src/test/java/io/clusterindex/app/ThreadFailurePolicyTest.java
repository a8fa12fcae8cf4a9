package io.clusterindex.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(new KafkaAccess("User:indexer", "cluster-index"));

    @Test
    void aFailureIsReplacedUntilFailuresRepeatTooOften() {
        IntStream.range(0, ThreadFailurePolicy.MAX_REPLACEMENTS).forEach(i -> assertThat(
                policy.handle(new IllegalStateException("bug " + i))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD));

        assertThat(policy.handle(new IllegalStateException("again")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aJvmErrorStopsTheClientAtOnce() {
        assertThat(policy.handle(new OutOfMemoryError("heap"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void kafkaOutOfReachNeverStopsTheClientHoweverOftenItHappens() {
        IntStream.range(0, 10 * ThreadFailurePolicy.MAX_REPLACEMENTS).forEach(i -> assertThat(policy.handle(
                new StreamsException("task timed out", new TimeoutException("Timeout expired after 60000 ms while "
                        + "awaiting EndTxn(COMMIT)")))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD));
    }

    @Test
    void anOutageDoesNotUseUpTheReplacementsOfOtherFailures() {
        policy.handle(new StreamsException(new TimeoutException("broker down")));
        IntStream.range(0, ThreadFailurePolicy.MAX_REPLACEMENTS).forEach(i -> assertThat(
                policy.handle(new IllegalStateException("bug " + i))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD));
    }
}
