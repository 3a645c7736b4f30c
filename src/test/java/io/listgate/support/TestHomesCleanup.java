package io.listgate.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.io.file.PathUtils;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Removes the server homes of {@link TestServer} once every test of the run passed: each holds a
 * MariaDB data directory of a few hundred megabytes. After a failure they stay, with their logs, and
 * the run says where. Registered in {@code META-INF/services}, so it sees every test of the JVM.
 */
public final class TestHomesCleanup implements TestExecutionListener {

    private final AtomicBoolean failed = new AtomicBoolean();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failed.set(true);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (TestServer.homes().isEmpty()) {
            return;
        }
        if (failed.get()) {
            System.out.println("A test failed: the server homes are kept for inspection under target/it-homes");
            return;
        }
        TestServer.closeShared();
        for (Path home : TestServer.homes()) {
            try {
                PathUtils.deleteDirectory(home);
            } catch (IOException e) {
                System.out.println("Cannot remove test home " + home + ": " + e);
            }
        }
    }
}
