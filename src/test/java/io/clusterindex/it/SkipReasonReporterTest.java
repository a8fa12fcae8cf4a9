package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.TestAbortedException;
import org.slf4j.LoggerFactory;

class SkipReasonReporterTest {
    private final SkipReasonReporter reporter = new SkipReasonReporter();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SkipReasonReporter.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    /** Captured instead of printed: these sample skips must not read as real ones in the build's output. */
    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
        logger.setAdditive(false);
    }

    @AfterEach
    void releaseLog() {
        logger.setAdditive(true);
        logger.detachAppender(logged);
    }

    @Test
    void logsTheClassAndTheReasonWhenAConditionDisablesATestClass() {
        reporter.executionSkipped(test(ClassSource.from(KafkaContainerPipelineIT.class)),
                "disabledWithoutDocker is true and Docker is not available");

        assertThat(messages()).containsExactly(
                "skipped KafkaContainerPipelineIT: disabledWithoutDocker is true and Docker is not available");
    }

    @Test
    void logsTheMethodAndTheAssumptionThatFailedWhenATestIsAborted() {
        reporter.executionFinished(test(MethodSource.from(PipelineIT.class.getName(), "healthEndpointsAnswer200")),
                TestExecutionResult.aborted(new TestAbortedException("Assumption failed: kcat is not installed")));

        assertThat(messages()).containsExactly(
                "skipped PipelineIT.healthEndpointsAnswer200: Assumption failed: kcat is not installed");
    }

    @Test
    void saysSoWhenAnAbortedTestGaveNoReason() {
        reporter.executionFinished(test(null), TestExecutionResult.aborted(null));

        assertThat(messages()).containsExactly("skipped a test: aborted without a reason");
    }

    @Test
    void logsNothingForTestsThatRanWhetherTheyPassedOrFailed() {
        reporter.executionFinished(test(ClassSource.from(PipelineIT.class)), TestExecutionResult.successful());
        reporter.executionFinished(test(ClassSource.from(PipelineIT.class)),
                TestExecutionResult.failed(new AssertionError("wrong view")));

        assertThat(messages()).isEmpty();
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static TestIdentifier test(TestSource source) {
        return TestIdentifier.from(new AbstractTestDescriptor(UniqueId.forEngine("sample").append("test", "1"),
                "a test", source) {
            @Override
            public TestDescriptor.Type getType() {
                return TestDescriptor.Type.TEST;
            }
        });
    }
}
