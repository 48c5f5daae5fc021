package org.mvreports.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the shared {@link TestStack} when the test run begins and stops it when the run ends. Registered through
 * {@code META-INF/services}, so it runs in the test JVM only, never inside the server where Arquillian runs the
 * in-container tests.
 */
public class StackSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            TestStack.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the test stack did not start", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            TestStack.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("the test stack did not stop cleanly", e);
        }
    }
}
