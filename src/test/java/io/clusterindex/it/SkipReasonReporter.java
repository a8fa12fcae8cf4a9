package io.clusterindex.it;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs why a test or a test class did not run: disabled by a condition (Testcontainers' {@code disabledWithoutDocker}
 * where no Docker engine answers) or stopped by a failed assumption (a missing {@code kcat}). Maven's console shows
 * skipped tests only as a count; the reasons are otherwise in the Surefire and Failsafe reports alone. Registered for
 * every test run through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkipReasonReporter implements TestExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SkipReasonReporter.class);

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        LOG.warn("skipped {}: {}", name(test), reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            LOG.warn("skipped {}: {}", name(test),
                    result.getThrowable().map(Throwable::getMessage).orElse("aborted without a reason"));
        }
    }

    /** {@code Class} for a class, {@code Class.method} for a test method, else what JUnit displays. */
    static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return simpleName(method.getClassName()) + "." + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return simpleName(type.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
